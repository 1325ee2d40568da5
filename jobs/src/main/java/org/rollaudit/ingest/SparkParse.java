package org.rollaudit.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.rollaudit.layout.Layout;

/**
 * Parses every split in Spark ({@code parallelize(splits, splits.size())} + {@link ParseFunction}),
 * keeps the result cached, and derives from it the parser side of the ledger, the duplicate keys,
 * and the datasets handed to the store. Every count comes from rows that are actually present, not
 * from accumulators (which a retried task may count twice).
 */
final class SparkParse implements AutoCloseable {
  private final SparkSession spark;
  private final Layout layout;
  private final List<CheckedFile> files;
  private final List<FilePlan> plans;
  private final LocalDate asOf;
  private final Storage storage;
  private Dataset<Row> parsed;
  private Dataset<Row> dupKeys;
  private SortedMap<String, ReceiptChecks.County> parsedCounties;

  final List<SplitTally> tallies = new ArrayList<>();
  final Map<Integer, Long> emittedAccepted = new HashMap<>();
  final Map<Integer, TreeMap<String, Long>> emittedRejects = new HashMap<>();
  final Map<Integer, Long> duplicates = new HashMap<>();
  final Map<Integer, SortedMap<String, Long>> warnings = new HashMap<>();
  LongAccumulator rows;
  int splitCount;

  SparkParse(
      SparkSession spark, Layout layout, List<CheckedFile> files, LocalDate asOf, Storage storage) {
    this.spark = spark;
    this.layout = layout;
    this.files = files;
    this.plans = Plans.plans(files);
    this.asOf = asOf;
    this.storage = storage;
  }

  /**
   * Parses, caches, and collects the counts (three small Spark jobs over the cached rows); reports
   * progress every few seconds while the parse runs.
   */
  void run(IngestJob.Listener out) {
    Thread ticker = new Thread(() -> tick(out), "rollaudit-parse-progress");
    ticker.setDaemon(true);
    try {
      ticker.start();
      parseAndCount();
    } finally {
      ticker.interrupt();
    }
  }

  private void tick(IngestJob.Listener out) {
    try {
      while (true) {
        Thread.sleep(5000);
        long done = 0;
        long total = 0;
        var tracker = spark.sparkContext().statusTracker();
        for (int id : tracker.getActiveStageIds()) {
          var info = tracker.getStageInfo(id);
          if (info.isDefined()) {
            done += info.get().numCompletedTasks();
            total += info.get().numTasks();
          }
        }
        if (total == 0) {
          continue;
        }
        out.stage(
            String.format(
                java.util.Locale.ROOT,
                "parse: %d/%d tasks of the running stage, %,d records so far",
                done,
                total,
                rows == null ? 0 : rows.value()));
      }
    } catch (InterruptedException e) {
      // parse finished
    }
  }

  private void parseAndCount() {
    List<Split> splits = Plans.splits(files);
    splitCount = splits.size();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    rows = spark.sparkContext().longAccumulator("rollaudit.parsed.rows");
    JavaRDD<Integer> idx =
        jsc.parallelize(
            IntStream.range(0, splits.size()).boxed().toList(), Math.max(1, splits.size()));
    JavaRDD<InternalRow> out =
        idx.mapPartitions(new ParseFunction(layout, plans, splits, asOf, storage, rows));
    // The cache is built during this first job (uncompressed: see Sparks.defaults); it lives only
    // until the snapshot is written, spilling if need be.
    parsed =
        spark
            .internalCreateDataFrame(out.rdd(), IngestSchemas.PARSED, false)
            .persist(StorageLevel.MEMORY_AND_DISK());
    List<byte[]> keyHashes = new ArrayList<>();
    for (Row r : parsed.filter(col("kind").equalTo(IngestSchemas.TALLY)).collectAsList()) {
      keyHashes.add(IngestSchemas.keyHashesOf(r));
      SplitTally t = IngestSchemas.tallyOf(r);
      tallies.add(t);
      SortedMap<String, Long> w = warnings.computeIfAbsent(t.file(), k -> new TreeMap<>());
      t.warnings().forEach((k, v) -> w.merge(k, v, Long::sum));
    }
    Dataset<Row> recs = parsed.filter(col("kind").lt(IngestSchemas.TALLY));
    // Accepted rows are counted per county as well: with no duplicate key these are the receipt's
    // county counts, with no pass of their own (see counties()).
    Column isAccepted = col("kind").equalTo(IngestSchemas.ACCEPTED);
    List<Row> byCounty = new ArrayList<>();
    for (Row r :
        recs.groupBy(
                col("file"),
                col("kind"),
                col("reject.reason"),
                when(isAccepted, col("data.county_id")),
                when(isAccepted, col("data.county_desc")))
            .agg(count(lit(1)))
            .collectAsList()) {
      int file = r.getInt(0);
      long n = r.getLong(5);
      if (r.getInt(1) == IngestSchemas.ACCEPTED) {
        emittedAccepted.merge(file, n, Long::sum);
        byCounty.add(RowFactory.create(r.getString(3), r.getString(4), n));
      } else {
        emittedRejects
            .computeIfAbsent(file, k -> new TreeMap<>())
            .merge(r.getString(2), n, Long::sum);
      }
    }
    parsedCounties = ReceiptChecks.countiesOf(byCounty);
    // No key hash occurs twice (the usual case): no key does, and the exact search is skipped.
    if (!KeyScreen.anyRepeat(keyHashes)) {
      return;
    }
    // Keys counted over accepted rows and value-level rejects (whose key was readable).
    dupKeys =
        recs.filter(col("key").isNotNull())
            .groupBy(col("key"))
            .agg(count(lit(1)).as("copies"))
            .filter(col("copies").gt(1))
            .cache();
    // A repeated hash can be a collision: with no repeated key, the join (a scan) is skipped.
    if (!dupKeys.isEmpty()) {
      for (Row r :
          accepted().join(dupKeys, "key").groupBy(col("file")).agg(count(lit(1))).collectAsList()) {
        duplicates.put(r.getInt(0), r.getLong(1));
      }
    }
  }

  private Dataset<Row> accepted() {
    return parsed.filter(col("kind").equalTo(IngestSchemas.ACCEPTED));
  }

  /**
   * Accepted rows whose key is unique (a USING join: no self-join ambiguity on "key"). With no
   * accepted copy of a duplicate key, that is every accepted row, and the join is skipped.
   */
  private Dataset<Row> unique() {
    if (noDuplicates()) {
      return accepted();
    }
    return accepted().join(dupKeys.select("key"), new String[] {"key"}, "left_anti");
  }

  /** Whether no accepted row's key occurs more than once (known after {@link #run}). */
  boolean noDuplicates() {
    return duplicates.values().stream().allMatch(n -> n == 0);
  }

  /**
   * Records per county of {@link #data()} for the receipt: from the parse's own counts when no key
   * is duplicated (then every accepted row is in the data), else one aggregation of the data.
   */
  SortedMap<String, ReceiptChecks.County> counties() {
    return noDuplicates() ? parsedCounties : ReceiptChecks.countiesOf(data());
  }

  /** The snapshot's {@code data}: accepted rows whose key is unique. */
  Dataset<Row> data() {
    return unique().select(col("data.*"));
  }

  /** The same rows' {@code pii}. */
  Dataset<Row> pii() {
    return unique().select(col("pii.*"));
  }

  /** Parser rejects plus one DUPLICATE_KEY reject per copy, sorted by file and record. */
  Dataset<Row> rejects() {
    List<String> names = files.stream().map(CheckedFile::display).toList();
    List<String> shas = files.stream().map(CheckedFile::sha256).toList();
    JavaRDD<Row> fromParser =
        parsed
            .filter(col("kind").equalTo(IngestSchemas.REJECTED))
            .select(
                col("file"), col("record"), col("line"), col("offset"), col("key"), col("reject.*"))
            .toJavaRDD()
            .map(
                r ->
                    IngestSchemas.rejectRow(
                        new Reject(
                            r.getInt(0),
                            r.getLong(1),
                            r.getLong(2),
                            r.getLong(3),
                            r.getInt(5),
                            r.getString(6),
                            RejectReason.valueOf(r.getString(7)),
                            r.getString(8),
                            r.getString(9),
                            r.getString(4)),
                        names.get(r.getInt(0)),
                        shas.get(r.getInt(0))));
    Dataset<Row> all = spark.createDataFrame(fromParser, IngestSchemas.REJECTS);
    if (!noDuplicates()) {
      all = all.unionByName(duplicateRejects(names, shas));
    }
    return all.orderBy(col("src_file"), col("record"));
  }

  /** One DUPLICATE_KEY reject per accepted copy of a repeated key. */
  private Dataset<Row> duplicateRejects(List<String> names, List<String> shas) {
    Layout l = layout;
    List<FilePlan> p = plans;
    LocalDate d = asOf;
    Storage s = storage;
    JavaRDD<Row> dups =
        accepted()
            .join(dupKeys, "key")
            .select(
                col("file"), col("offset"), col("line"), col("record"), col("key"), col("copies"))
            .toJavaRDD()
            .mapPartitions(
                (Iterator<Row> it) -> {
                  List<Row> outRows = new ArrayList<>();
                  while (it.hasNext()) {
                    Row r = it.next();
                    try {
                      Reject x =
                          Plans.duplicate(
                              l,
                              p.get(r.getInt(0)),
                              r.getLong(1),
                              r.getLong(2),
                              r.getLong(3),
                              r.getString(4),
                              r.getLong(5),
                              d,
                              s);
                      outRows.add(
                          IngestSchemas.rejectRow(x, names.get(x.file()), shas.get(x.file())));
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }
                  return outRows.iterator();
                });
    return spark.createDataFrame(dups, IngestSchemas.REJECTS);
  }

  /** Distinct values of a DATA column among accepted rows, duplicates included (coverage check). */
  TreeSet<String> distinct(String column) {
    TreeSet<String> out = new TreeSet<>();
    for (Row r : accepted().select(col("data." + column)).distinct().collectAsList()) {
      if (!r.isNullAt(0)) {
        out.add(r.get(0).toString());
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (parsed != null) {
      parsed.unpersist();
    }
    if (dupKeys != null) {
      dupKeys.unpersist();
    }
  }
}
