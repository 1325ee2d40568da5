package org.rollaudit.history;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.rollaudit.store.StoredSnapshot;

/**
 * What a rule that needs more than one pair of snapshots may read (notice-wait,
 * reregistration-churn, ...): every snapshot of the store up to and including the current one, and
 * the pair's cached change set. Rules over history run their own Spark jobs on these and report
 * their evidence as explicit voter lists ({@link org.rollaudit.audit.EvidenceQuery.Voters}).
 *
 * @param snapshots the store's snapshots sorted by as-of date, ending with {@code current}; just
 *     the pair when the audit has no store history (files ingested on the fly)
 * @param baseline the pair's baseline
 * @param current the pair's current snapshot
 * @param changeSet the pair's change set (see {@code org.rollaudit.compare.ChangeSet})
 */
public record HistoryContext(
    List<StoredSnapshot> snapshots,
    StoredSnapshot baseline,
    StoredSnapshot current,
    Dataset<Row> changeSet) {

  public HistoryContext {
    snapshots = List.copyOf(snapshots);
  }

  /** The snapshots strictly before the baseline (the history a pair audit can look back on). */
  public List<StoredSnapshot> before() {
    return snapshots.stream().filter(s -> s.asOf().isBefore(baseline.asOf())).toList();
  }
}
