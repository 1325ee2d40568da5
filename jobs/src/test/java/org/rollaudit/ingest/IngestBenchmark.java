package org.rollaudit.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rollaudit.layout.Layout;
import org.rollaudit.layout.LayoutRegistry;

/**
 * Throughput of the pre-pass and the parser on one file (not a unit test; run by hand): {@code java
 * -cp ... org.rollaudit.ingest.IngestBenchmark FILE [LAYOUT] [THREADS]}. Prints MB/s and records/s
 * for the pre-pass (hash + decode + count + split points) and for the parser over all splits,
 * single-threaded and on THREADS threads.
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    Layout layout = LayoutRegistry.standard().resolve(args.length > 1 ? args[1] : "nc-ncvoter");
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    LocalDate asOf = LocalDate.of(2024, 1, 6);
    double mb = Files.size(file) / 1e6;
    Storage storage = Storage.local();
    if (args.length > 3 && args[3].equals("spark")) {
      spark(file, layout, asOf, mb);
      return;
    }
    java.lang.management.ThreadMXBean cpu =
        java.lang.management.ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      long c0 = cpu.getCurrentThreadCpuTime();
      PrePass pre = new PrePass(layout, storage, null, IngestJob.DEFAULT_SPLIT_BYTES, null);
      List<CheckedFile> files = Plans.order(pre.check(Storage.uriOf(file.toString())));
      double s = (System.nanoTime() - t0) / 1e9;
      long records = files.get(0).records();
      report("pre-pass", mb, records, s);
      report("pre-pass (cpu)", mb, records, (cpu.getCurrentThreadCpuTime() - c0) / 1e9);

      List<FilePlan> plans = Plans.plans(files);
      List<Split> splits = Plans.splits(files);
      t0 = System.nanoTime();
      c0 = cpu.getCurrentThreadCpuTime();
      long n = 0;
      for (Split sp : splits) {
        n += parse(layout, plans, sp, asOf, storage);
      }
      report("parser, 1 thread", mb, n, (System.nanoTime() - t0) / 1e9);
      report("parser (cpu)", mb, n, (cpu.getCurrentThreadCpuTime() - c0) / 1e9);

      ExecutorService pool = Executors.newFixedThreadPool(threads);
      t0 = System.nanoTime();
      List<Future<Long>> fs = new ArrayList<>();
      for (Split sp : splits) {
        fs.add(pool.submit(() -> parse(layout, plans, sp, asOf, storage)));
      }
      n = 0;
      for (Future<Long> f : fs) {
        n += f.get();
      }
      report("parser, " + threads + " threads", mb, n, (System.nanoTime() - t0) / 1e9);
      pool.shutdown();
    }
  }

  /** End to end through Spark (local[N]) into a fresh store: pre-pass, parse, write, commit. */
  private static void spark(Path file, Layout layout, LocalDate asOf, double mb) throws Exception {
    org.apache.spark.sql.SparkSession spark = org.rollaudit.spark.Sparks.session();
    for (int round = 0; round < 2; round++) {
      Path store = Files.createTempDirectory("bench-store");
      long t0 = System.nanoTime();
      IngestJob.Result r =
          IngestJob.run(
              spark,
              new IngestJob.Options(
                  layout,
                  asOf,
                  store.toString(),
                  List.of(file.toString()),
                  false,
                  0.001,
                  null,
                  null,
                  null,
                  store.getParent(),
                  IngestJob.DEFAULT_SPLIT_BYTES),
              line ->
                  System.out.println(
                      String.format(
                          Locale.ROOT, "  [%6.1fs] %s", (System.nanoTime() - t0) / 1e9, line)));
      long records = r.ledger().stream().mapToLong(Ledger.Entry::records).sum();
      report("ingest via Spark", mb, records, (System.nanoTime() - t0) / 1e9);
    }
    spark.stop();
  }

  private static long parse(
      Layout layout, List<FilePlan> plans, Split sp, LocalDate asOf, Storage storage)
      throws Exception {
    try (SplitParser p = new SplitParser(layout, plans.get(sp.file()), sp, asOf, storage)) {
      while (p.next()) {
        // rows are built and dropped
      }
      return p.tally().records();
    }
  }

  private static void report(String what, double mb, long records, double s) {
    System.out.println(
        String.format(
            Locale.ROOT,
            "%-20s %7.2f s  %8.1f MB/s  %,12.0f records/s",
            what,
            s,
            mb / s,
            records / s));
  }
}
