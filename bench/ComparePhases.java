import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.rollaudit.audit.SnapshotInfo;
import org.rollaudit.compare.ChangeSet;
import org.rollaudit.compare.MetricsJob;
import org.rollaudit.spark.Sparks;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;

/**
 * The audit's first job (the change set, its cache and the metrics' aggregation) taken apart, run
 * several times in one JVM: the first round pays what every `rollaudit audit` pays (compilation,
 * class loading), the later ones show what the same work costs once the code is compiled. Each
 * part is a separate Spark job ending in Spark's no-op sink, so it reads and builds every row and
 * writes nothing. Wall and CPU are the whole process's (all threads, compilers included).
 *
 * <p>A single-file program, run by bench/compare-phases.sh against the product's jar; not part of
 * the product or of the benchmark module (which never sees the product's classes).
 */
public final class ComparePhases {
  private static final String[] KEY = {"voter_id"};
  private static final String[] CODES = {
    "county_id", "county_desc", "precinct", "status", "reason", "race", "ethnicity", "gender",
    "party"
  };
  private static final String[] OTHERS = {
    "status_date", "birth_year", "age", "registr_dt", "confidential", "name_fp", "address_fp"
  };

  private ComparePhases() {}

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void time(int round, String part, Runnable r) {
    long wall = System.nanoTime();
    long cpu = cpuNanos();
    r.run();
    System.out.printf(
        "round %d  %-34s wall %6.2f s  cpu %6.2f s%n",
        round, part, (System.nanoTime() - wall) / 1e9, (cpuNanos() - cpu) / 1e9);
  }

  private static void noop(Dataset<Row> d) {
    d.write().format("noop").mode("overwrite").save();
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: ComparePhases STORE BASELINE_DATE CURRENT_DATE [ROUNDS]");
      System.exit(2);
    }
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    SparkSession spark = Sparks.session();
    SnapshotStore store = SnapshotStore.open(spark, args[0]);
    StoredSnapshot b;
    StoredSnapshot c;
    try {
      b = snapshot(store, args[1]);
      c = snapshot(store, args[2]);
    } catch (IllegalArgumentException e) {
      System.err.println("compare-phases: " + e.getMessage());
      spark.stop();
      System.exit(2);
      return;
    }
    SnapshotInfo bi = new SnapshotInfo(b.asOf(), 0, "", "");
    SnapshotInfo ci = new SnapshotInfo(c.asOf(), 0, "", "");
    String[] read = concat(KEY, CODES, OTHERS);
    for (int i = 1; i <= rounds; i++) {
      int round = i;
      time(round, "scan: the key", () -> scanBoth(b, c, KEY));
      time(round, "scan: the 9 code strings", () -> scanBoth(b, c, CODES));
      time(round, "scan: the 7 other columns", () -> scanBoth(b, c, OTHERS));
      time(round, "scan: all 17 the compare reads", () -> scanBoth(b, c, read));
      time(
          round,
          "join on the key alone",
          () ->
              noop(
                  b.data()
                      .join(c.data(), new String[] {"voter_id"}, "full_outer")
                      .select("voter_id")));
      time(
          round,
          "change set, not cached",
          () -> noop(ChangeSet.build(b.data(), c.data(), b.asOf())));
      Dataset<Row> cs =
          ChangeSet.build(b.data(), c.data(), b.asOf()).persist(StorageLevel.MEMORY_AND_DISK());
      time(round, "change set, cache built", cs::count);
      time(round, "read of the cache", () -> noop(cs));
      time(round, "metrics over the cache", () -> MetricsJob.compute(cs, bi, ci, List.of()));
      cs.unpersist(true);
    }
    spark.stop();
  }

  private static StoredSnapshot snapshot(SnapshotStore store, String date) {
    return store
        .find(LocalDate.parse(date))
        .orElseThrow(
            () -> {
              String have =
                  store.list().stream()
                      .map(s -> s.asOf().toString())
                      .reduce((x, y) -> x + ", " + y)
                      .orElse("none");
              return new IllegalArgumentException(
                  "no snapshot of " + date + " in " + store.root() + " (it has: " + have + ")");
            });
  }

  private static void scanBoth(StoredSnapshot b, StoredSnapshot c, String[] cols) {
    noop(b.data().selectExpr(cols));
    noop(c.data().selectExpr(cols));
  }
}
