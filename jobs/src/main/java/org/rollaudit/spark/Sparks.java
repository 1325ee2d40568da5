package org.rollaudit.spark;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a SparkSession is configured. Every setting here either makes results independent
 * of partitioning, time zone and retries (reliability.md §4, §9) or keeps Spark on this machine.
 *
 * <p>Under {@code spark-submit} the master and resources come from the submitter; the settings
 * below are applied only where the submitter did not set them, except those that correctness
 * depends on, which are always forced.
 */
public final class Sparks {
  private Sparks() {}

  /** Settings that results depend on: always forced, and echoed in method.json. */
  public static Map<String, String> forcedSettings() {
    Map<String, String> m = new TreeMap<>();
    m.put("spark.sql.session.timeZone", "UTC");
    m.put("spark.sql.files.ignoreCorruptFiles", "false");
    m.put("spark.sql.files.ignoreMissingFiles", "false");
    m.put("spark.sql.caseSensitive", "true");
    m.put("spark.sql.sources.bucketing.enabled", "true");
    m.put("spark.speculation", "false");
    m.put("spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version", "1");
    m.put("spark.sql.catalogImplementation", "in-memory");
    m.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    return m;
  }

  /** Settings applied when nothing else set them (local runs, or what a submitter left out). */
  static Map<String, String> defaults(int cores, String master) {
    Map<String, String> m = new TreeMap<>();
    // The driver must never listen beyond this machine.
    m.put("spark.driver.host", "127.0.0.1");
    m.put("spark.driver.bindAddress", "127.0.0.1");
    m.put("spark.ui.enabled", "false");
    m.put("spark.ui.showConsoleProgress", "false");
    m.put("spark.task.maxFailures", "4");
    // Few, fat partitions suit one machine; the store's bucket count drives the compare anyway.
    m.put("spark.sql.shuffle.partitions", Integer.toString(Math.max(4, cores * 4)));
    m.put("spark.sql.adaptive.enabled", Boolean.toString(adaptiveByDefault(master)));
    // The store writes each bucket as one file sorted by voter_id; with this, Spark trusts that
    // order and the compare's sort-merge join sorts nothing. Spark checks for one file per bucket
    // itself and sorts as usual otherwise, so results never depend on it.
    m.put("spark.sql.legacy.bucketedTableScan.outputOrdering", "true");
    m.put("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    // Every cache (ingest's parse, the audit's change set) is read once or twice in one run. A
    // CPU profile of the 5M-voter compare put 15% of its samples in the cache's compression
    // statistics and dictionary; uncompressed, the cache is larger but spills to disk if need be.
    m.put("spark.sql.inMemoryColumnarStorage.compressed", "false");
    // Tables are only ever external (the store's folders); keep Spark from making
    // spark-warehouse/ in the user's working folder.
    m.put(
        "spark.sql.warehouse.dir",
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "rollaudit-spark-warehouse")
            .toUri()
            .toString());
    return m;
  }

  /**
   * The session for a CLI run: {@code local[N,4]} (N cores, up to 4 attempts per task so that
   * retries behave as on a cluster) unless a master is already configured.
   */
  public static SparkSession session() {
    SparkConf conf = new SparkConf();
    int cores = Runtime.getRuntime().availableProcessors();
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[" + cores + ",4]");
    }
    return build(conf, cores, "rollaudit");
  }

  /** A session with an explicit master, for tests and the benchmark. */
  public static SparkSession session(String master, int shufflePartitions) {
    SparkConf conf = new SparkConf().setMaster(master);
    conf.set("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions));
    return build(conf, Runtime.getRuntime().availableProcessors(), "rollaudit-test");
  }

  /**
   * Whether adaptive query execution is on when the submitter did not say. It re-plans each query
   * as its stages end, on the driver. On one machine ({@code local[...]}) the driver shares the
   * cores with the tasks, partitions are few and the compare's inputs are bucketed, so it only cost
   * CPU (docs/performance.md: 1-6 s of the 5M-voter audit's user CPU in each of three alternating
   * pairs). A cluster, with many partitions and skew to handle, keeps it on.
   */
  static boolean adaptiveByDefault(String master) {
    return !master.startsWith("local");
  }

  private static SparkSession build(SparkConf conf, int cores, String appName) {
    if (!conf.contains("spark.app.name")) {
      conf.setAppName(appName);
    }
    defaults(cores, conf.get("spark.master", "")).forEach((k, v) -> conf.setIfMissing(k, v));
    forcedSettings().forEach(conf::set);
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
