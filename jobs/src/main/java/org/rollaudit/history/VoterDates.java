package org.rollaudit.history;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_date;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.rollaudit.pipeline.RunId;
import org.rollaudit.store.StoredSnapshot;

/**
 * For the rules over the history: per voter, the as-of date of the first or the latest snapshot in
 * which a condition held (the churn rule: first shown as removed; the notice-wait rule: latest seen
 * not under notice). The table over snapshots 0..k is the same for every later interval, so it is
 * kept beside the metrics of the pair ending on snapshot k ({@link MetricsStore#table}), keyed by
 * every snapshot up to k and by the condition, and built from the table over 0..k-1 and snapshot k
 * alone. A new interval then reads one kept table and one snapshot instead of every earlier
 * snapshot. The condition enters the key as Spark prints it, with its literals (a rule's code
 * lists), so another rule setting keeps another table.
 */
final class VoterDates {
  private VoterDates() {}

  /** Whether the table keeps each voter's first or latest date. */
  enum Which {
    FIRST,
    LATEST
  }

  /**
   * voter_id and {@code column}: every voter of {@code snapshots} 0..{@code upTo} (oldest first)
   * with a row meeting {@code condition}, and the as-of date of the first or latest such snapshot.
   *
   * @param name names the table in the store
   */
  static Dataset<Row> of(
      List<StoredSnapshot> snapshots,
      int upTo,
      Column condition,
      String name,
      String column,
      Which which) {
    StoredSnapshot snap = snapshots.get(upTo);
    Dataset<Row> one =
        snap.data()
            .filter(condition)
            .select(col("voter_id"), to_date(lit(snap.asOf().toString())).as(column));
    if (upTo == 0) {
      return one;
    }
    List<String> parts = new ArrayList<>(List.of(name + "/1", which.name(), condition.toString()));
    for (StoredSnapshot x : snapshots.subList(0, upTo + 1)) {
      parts.add(x.asOf() + ":" + x.inputDigest());
    }
    Column date = which == Which.FIRST ? min(column) : max(column);
    return MetricsStore.of(snap)
        .table(
            snapshots.get(upTo - 1),
            snap,
            name + "-" + RunId.of(parts).substring(0, 16),
            () ->
                of(snapshots, upTo - 1, condition, name, column, which)
                    .unionByName(one)
                    .groupBy("voter_id")
                    .agg(date.as(column)))
        .select("voter_id", column);
  }
}
