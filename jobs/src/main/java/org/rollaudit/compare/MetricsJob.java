package org.rollaudit.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.SnapshotInfo;

/**
 * Computes {@link Metrics} from a change set: one grouped aggregation per level (demographic cells,
 * precincts, removal reasons, field changes), each collected to the driver. Every count is a long;
 * no rate is computed here. Results are sorted on the driver so that nothing depends on Spark's
 * partitioning.
 */
public final class MetricsJob {
  private MetricsJob() {}

  /** Null group values become "" so that they can be map keys and sort; unit ids too. */
  private static Column key(String c) {
    return org.apache.spark.sql.functions.coalesce(col(c), lit("")).as(c);
  }

  private static Column[] countColumns() {
    Column cls = col("change_class");
    return new Column[] {
      sum(when(col("in_baseline"), 1L).otherwise(0L)).as("baseline_total"),
      sum(when(col("in_current"), 1L).otherwise(0L)).as("current_total"),
      sum(when(col("status_before").isin("A", "I"), 1L).otherwise(0L)).as("at_risk"),
      sum(when(cls.equalTo("REMOVED"), 1L).otherwise(0L)).as("removed"),
      sum(when(cls.equalTo("REMOVED").and(col("in_current")), 1L).otherwise(0L))
          .as("removed_present"),
      sum(when(cls.equalTo("REMOVED").and(not(col("in_current"))), 1L).otherwise(0L))
          .as("removed_absent"),
      sum(when(cls.equalTo("ADDED"), 1L).otherwise(0L)).as("added"),
      sum(when(cls.equalTo("REACTIVATED"), 1L).otherwise(0L)).as("reactivated"),
      sum(when(cls.equalTo("CHANGED"), 1L).otherwise(0L)).as("changed"),
      sum(when(cls.equalTo("UNCHANGED"), 1L).otherwise(0L)).as("unchanged"),
      sum(when(cls.equalTo("AGED_OUT"), 1L).otherwise(0L)).as("aged_out"),
      sum(when(cls.equalTo("OTHER_ABSENT"), 1L).otherwise(0L)).as("other_absent")
    };
  }

  private static Counts counts(Row r, int offset) {
    long[] v = new long[12];
    for (int i = 0; i < 12; i++) {
      v[i] = r.isNullAt(offset + i) ? 0L : r.getLong(offset + i);
    }
    return new Counts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
  }

  /**
   * Runs the aggregations over {@code changeSet} (cache it first: it is read four times).
   *
   * @param history earlier intervals of the same store, oldest first (may be empty)
   */
  public static Metrics compute(
      Dataset<Row> changeSet,
      SnapshotInfo baseline,
      SnapshotInfo current,
      List<Metrics.HistoryPoint> history) {
    Column[] agg = countColumns();
    Column[] rest = java.util.Arrays.copyOfRange(agg, 1, agg.length);

    List<Metrics.DemographicCell> demo = new ArrayList<>();
    for (Row r :
        changeSet
            .groupBy(
                key("county_id"),
                key("race"),
                key("ethnicity"),
                key("gender"),
                key("age_band"),
                key("party"))
            .agg(agg[0], rest)
            .collectAsList()) {
      demo.add(
          new Metrics.DemographicCell(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.getString(3),
              r.getString(4),
              r.getString(5),
              counts(r, 6)));
    }
    demo.sort(
        Comparator.comparing(Metrics.DemographicCell::countyId, UnitOrder.IDS)
            .thenComparing(Metrics.DemographicCell::race)
            .thenComparing(Metrics.DemographicCell::ethnicity)
            .thenComparing(Metrics.DemographicCell::gender)
            .thenComparing(Metrics.DemographicCell::ageBand)
            .thenComparing(Metrics.DemographicCell::party));

    List<Metrics.PrecinctCell> precincts = new ArrayList<>();
    SortedMap<String, String> names = new TreeMap<>(UnitOrder.IDS);
    for (Row r :
        changeSet
            .groupBy(key("county_id"), key("precinct"))
            .agg(max(col("county_desc")).as("county_desc"), agg)
            .collectAsList()) {
      precincts.add(new Metrics.PrecinctCell(r.getString(0), r.getString(1), counts(r, 3)));
      if (!r.isNullAt(2)) {
        names.merge(r.getString(0), r.getString(2), (x, y) -> x.compareTo(y) >= 0 ? x : y);
      }
    }
    precincts.sort(
        Comparator.comparing(Metrics.PrecinctCell::countyId, UnitOrder.IDS)
            .thenComparing(Metrics.PrecinctCell::precinct, UnitOrder.IDS));

    List<Metrics.ReasonCell> reasons = new ArrayList<>();
    for (Row r :
        changeSet
            .filter(col("change_class").equalTo("REMOVED"))
            .groupBy(
                key("county_id"), key("precinct"), key("reason_after"), col("status_date_after"))
            .agg(count(lit(1)).as("n"))
            .collectAsList()) {
      LocalDate d = r.isNullAt(3) ? null : r.getDate(3).toLocalDate();
      reasons.add(
          new Metrics.ReasonCell(r.getString(0), r.getString(1), r.getString(2), d, r.getLong(4)));
    }
    reasons.sort(
        Comparator.comparing(Metrics.ReasonCell::countyId, UnitOrder.IDS)
            .thenComparing(Metrics.ReasonCell::precinct, UnitOrder.IDS)
            .thenComparing(Metrics.ReasonCell::reason)
            .thenComparing(
                Metrics.ReasonCell::statusDate, Comparator.nullsFirst(Comparator.naturalOrder())));

    List<Metrics.FieldChangeCell> changes = new ArrayList<>();
    for (Row r :
        changeSet
            .filter(col("change_class").isin("CHANGED", "REACTIVATED"))
            .select(
                key("county_id"),
                key("precinct"),
                explode(col("changes")).as(new String[] {"field", "t"}))
            .groupBy(col("county_id"), col("precinct"), col("field"), col("t"))
            .agg(count(lit(1)).as("n"))
            .collectAsList()) {
      changes.add(
          new Metrics.FieldChangeCell(
              r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getLong(4)));
    }
    changes.sort(
        Comparator.comparing(Metrics.FieldChangeCell::countyId, UnitOrder.IDS)
            .thenComparing(Metrics.FieldChangeCell::precinct, UnitOrder.IDS)
            .thenComparing(Metrics.FieldChangeCell::field)
            .thenComparing(Metrics.FieldChangeCell::transformation));

    Counts total = Counts.ZERO;
    for (Metrics.PrecinctCell p : precincts) {
      total = total.plus(p.counts());
    }
    return new Metrics(
        baseline,
        current,
        names,
        List.copyOf(demo),
        List.copyOf(precincts),
        List.copyOf(reasons),
        List.copyOf(changes),
        total,
        List.copyOf(history));
  }
}
