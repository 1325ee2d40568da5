package org.rollaudit.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.SnapshotInfo;
import org.rollaudit.cli.Progress;
import org.rollaudit.compare.MetricsJob;
import org.rollaudit.history.MetricsStore;
import org.rollaudit.store.StoredSnapshot;

/**
 * The metrics of pairs of stored snapshots, read from the store's metrics history when kept, else
 * computed from the pair's change set and kept for the next run.
 *
 * <p>Missing earlier pairs are computed, not skipped: a pair audit's run id covers every earlier
 * snapshot, so its bundle must not depend on which pairs an earlier run happened to keep (same
 * store, same bytes). The cost is paid once per pair; later audits and timelines read it back.
 */
public final class PairMetrics {
  private final Progress progress;
  private int computed;

  public PairMetrics(Progress progress) {
    this.progress = progress;
  }

  /** Pairs compared (not read back) by this instance: the incremental tests count these. */
  public int computed() {
    return computed;
  }

  /**
   * The pair's metrics without history.
   *
   * @param changeSet the pair's change set, asked for only when the metrics are not kept (cache it
   *     when the caller reads it again)
   */
  public Metrics of(
      StoredSnapshot b,
      StoredSnapshot c,
      SnapshotInfo bi,
      SnapshotInfo ci,
      Supplier<Dataset<Row>> changeSet) {
    MetricsStore kept = MetricsStore.of(c);
    var read = kept.read(b, c, bi, ci);
    if (read.isPresent()) {
      progress.stage("Metrics of " + b.asOf() + " to " + c.asOf() + ": kept in the store");
      return read.get();
    }
    progress.stage("Computing metrics of " + b.asOf() + " to " + c.asOf());
    Metrics m = MetricsJob.compute(changeSet.get(), bi, ci, List.of());
    Ledger.check(m.total(), bi, ci);
    kept.write(b, c, m);
    computed++;
    return m;
  }

  /**
   * The own history of an interval starting at {@code baseline}: one point per county and
   * consecutive pair of {@code snapshots} that ends on or before it, oldest first.
   */
  public List<Metrics.HistoryPoint> history(
      List<StoredSnapshot> snapshots, StoredSnapshot baseline) {
    List<StoredSnapshot> before =
        snapshots.stream().filter(s -> !s.asOf().isAfter(baseline.asOf())).toList();
    List<Metrics.HistoryPoint> points = new ArrayList<>();
    for (int i = 0; i + 1 < before.size(); i++) {
      points.addAll(of(before.get(i), before.get(i + 1)).countyPoints());
    }
    return points;
  }

  /** The metrics of a pair not otherwise audited: its change set is built only if needed. */
  Metrics of(StoredSnapshot b, StoredSnapshot c) {
    LazyChangeSet cs = new LazyChangeSet(b, c);
    try {
      return of(
          b,
          c,
          Receipts.of(b, "baseline").info(b.asOf()),
          Receipts.of(c, "current").info(c.asOf()),
          cs);
    } finally {
      cs.release();
    }
  }
}
