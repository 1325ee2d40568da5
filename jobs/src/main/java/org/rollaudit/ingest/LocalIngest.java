package org.rollaudit.ingest;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rollaudit.layout.Layout;

/**
 * Pre-pass, parse, duplicate keys and ledger in one JVM without Spark: the same components and
 * rules as {@link IngestJob}, for tests, benchmarks and small files. Holds every row in memory.
 *
 * <p>Example: {@code LocalIngest.run(layout, asOf, List.of(uri), stagingUri, 64 << 20)} returns the
 * accepted rows, the rejects (sorted by file and record) and the reconciled ledger.
 */
public final class LocalIngest {
  /** An accepted row: CanonicalSchema DATA and PII values, plus where it came from. */
  public record Row(
      Object[] data, Object[] pii, String key, int file, long record, long line, long offset) {}

  /** Everything one ingest produced. */
  public record Result(
      List<CheckedFile> files,
      List<FilePlan> plans,
      List<Row> accepted,
      List<Reject> rejects,
      List<SplitTally> tallies,
      List<Ledger.Entry> ledger) {

    public long rejected(RejectReason r) {
      return rejects.stream().filter(x -> x.reason() == r).count();
    }
  }

  private LocalIngest() {}

  public static Result run(
      Layout layout, LocalDate asOf, List<String> inputs, String stagingUri, long splitBytes)
      throws IOException {
    Storage storage = Storage.local();
    PrePass pre = new PrePass(layout, storage, stagingUri, splitBytes, null);
    List<CheckedFile> checked = new ArrayList<>();
    for (String in : inputs) {
      checked.addAll(pre.check(Storage.uriOf(in)));
    }
    List<CheckedFile> files = Plans.order(checked);
    List<FilePlan> plans = Plans.plans(files);
    List<Row> acc = new ArrayList<>();
    List<Reject> rej = new ArrayList<>();
    List<SplitTally> tallies = new ArrayList<>();
    for (Split s : Plans.splits(files)) {
      FilePlan plan = plans.get(s.file());
      try (SplitParser p = new SplitParser(layout, plan, s, asOf, storage)) {
        while (p.next()) {
          if (p.isReject()) {
            rej.add(p.reject());
          } else {
            acc.add(
                new Row(
                    p.data(), p.pii(), p.key(), plan.index(), p.record(), p.line(), p.offset()));
          }
        }
        tallies.add(p.tally());
      }
    }
    Map<Integer, Long> emittedAcc = new HashMap<>();
    Map<Integer, TreeMap<String, Long>> emittedRej = new HashMap<>();
    Map<String, Long> keyCount = new HashMap<>();
    for (Row r : acc) {
      emittedAcc.merge(r.file(), 1L, Long::sum);
      keyCount.merge(r.key(), 1L, Long::sum);
    }
    for (Reject r : rej) {
      emittedRej
          .computeIfAbsent(r.file(), k -> new TreeMap<>())
          .merge(r.reason().name(), 1L, Long::sum);
      if (r.key() != null) {
        keyCount.merge(r.key(), 1L, Long::sum);
      }
    }
    List<Row> kept = new ArrayList<>();
    Map<Integer, Long> dups = new HashMap<>();
    for (Row r : acc) {
      long n = keyCount.get(r.key());
      if (n > 1) {
        dups.merge(r.file(), 1L, Long::sum);
        rej.add(
            Plans.duplicate(
                layout,
                plans.get(r.file()),
                r.offset(),
                r.line(),
                r.record(),
                r.key(),
                n,
                asOf,
                storage));
      } else {
        kept.add(r);
      }
    }
    List<Ledger.Entry> ledger = Ledger.reconcile(files, tallies, emittedAcc, emittedRej, dups);
    rej.sort(Comparator.comparingInt(Reject::file).thenComparingLong(Reject::record));
    return new Result(files, plans, kept, rej, tallies, ledger);
  }
}
