package org.rollaudit.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.SnapshotInfo;

/**
 * Computes {@link Metrics} from a change set in two Spark jobs: one aggregation with two grouping
 * sets (demographic cells; precincts with their removal reasons and county names) and one small
 * aggregation of the field changes of changed voters. Every count is a long; no rate is computed
 * here. Results are sorted on the driver, so nothing depends on Spark's partitioning.
 */
public final class MetricsJob {
  private MetricsJob() {}

  /** The twelve counts of {@link Counts}, in its order, as SQL aggregate expressions. */
  private static final String COUNTS_SQL =
      String.join(
          ",\n  ",
          "sum(CAST(in_baseline AS BIGINT)) AS baseline_total",
          "sum(CAST(in_current AS BIGINT)) AS current_total",
          "sum(CASE WHEN status_before IN ('A','I') THEN 1L ELSE 0L END) AS at_risk",
          "sum(CASE WHEN change_class = 'REMOVED' THEN 1L ELSE 0L END) AS removed",
          "sum(CASE WHEN change_class = 'REMOVED' AND in_current THEN 1L ELSE 0L END)"
              + " AS removed_present",
          "sum(CASE WHEN change_class = 'REMOVED' AND NOT in_current THEN 1L ELSE 0L END)"
              + " AS removed_absent",
          "sum(CASE WHEN change_class = 'ADDED' THEN 1L ELSE 0L END) AS added",
          "sum(CASE WHEN change_class = 'REACTIVATED' THEN 1L ELSE 0L END) AS reactivated",
          "sum(CASE WHEN change_class = 'CHANGED' THEN 1L ELSE 0L END) AS changed",
          "sum(CASE WHEN change_class = 'UNCHANGED' THEN 1L ELSE 0L END) AS unchanged",
          "sum(CASE WHEN change_class = 'AGED_OUT' THEN 1L ELSE 0L END) AS aged_out",
          "sum(CASE WHEN change_class = 'OTHER_ABSENT' THEN 1L ELSE 0L END) AS other_absent");

  /**
   * Null group and unit values become "" (they must sort and be map keys); the reason columns are
   * null except for removed voters, so the reason grouping set has one cell per reason seen.
   */
  private static final String[] PROJECTION = {
    "coalesce(county_id, '') AS county_id",
    "coalesce(precinct, '') AS precinct",
    "coalesce(race, '') AS race",
    "coalesce(ethnicity, '') AS ethnicity",
    "coalesce(gender, '') AS gender",
    "coalesce(age_band, '') AS age_band",
    "coalesce(party, '') AS party",
    "county_desc",
    "CASE WHEN change_class = 'REMOVED' THEN coalesce(reason_after, '') END AS reason",
    "CASE WHEN change_class = 'REMOVED' THEN status_date_after END AS status_date",
    "in_baseline",
    "in_current",
    "status_before",
    "change_class"
  };

  private static Counts counts(Row r, int offset) {
    long[] v = new long[12];
    for (int i = 0; i < 12; i++) {
      v[i] = r.isNullAt(offset + i) ? 0L : r.getLong(offset + i);
    }
    return new Counts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
  }

  /**
   * Runs the aggregations over {@code changeSet} (cache it first: evidence reads it again).
   *
   * @param history earlier intervals of the same store, oldest first (may be empty)
   */
  public static Metrics compute(
      Dataset<Row> changeSet,
      SnapshotInfo baseline,
      SnapshotInfo current,
      List<Metrics.HistoryPoint> history) {
    // The view is over a projection of the change set, never the cached change set itself:
    // dropping a temp view uncaches the plan it names, and the evidence pass needs the cache.
    Dataset<Row> projected = changeSet.selectExpr(PROJECTION);
    String view = "ra_cs_" + UUID.randomUUID().toString().replace("-", "");
    projected.createOrReplaceTempView(view);
    List<Row> rows;
    try {
      // Two grouping sets: the demographic cells, and a detail set from which the driver sums the
      // precinct cells, the removal-reason cells and the county names (each row of the change set
      // is in exactly one detail group, so the sums are the counts). Spark copies every row once
      // per grouping set, so two sets copy half as many rows as four. gid 0 is the demographic set.
      // County names are grouped, not max(county_desc): a string aggregate buffer would turn the
      // whole aggregation into a sort-based one.
      rows =
          changeSet
              .sparkSession()
              .sql(
                  String.format(
                      Locale.ROOT,
                      "SELECT CASE WHEN grouping(race) = 0 THEN 0 ELSE 1 END AS gid,\n"
                          + "  county_id, race, ethnicity, gender, age_band, party, precinct,"
                          + " reason, status_date, county_desc,\n  %s\n"
                          + "FROM %s\n"
                          + "GROUP BY GROUPING SETS ((county_id, race, ethnicity, gender,"
                          + " age_band, party), (county_id, precinct, reason, status_date,"
                          + " county_desc))",
                      COUNTS_SQL,
                      view))
              .collectAsList();
    } finally {
      changeSet.sparkSession().catalog().dropTempView(view);
    }

    List<Metrics.DemographicCell> demo = new ArrayList<>();
    CellSums sums = new CellSums();
    SortedMap<String, String> names = new TreeMap<>(UnitOrder.IDS);
    for (Row r : rows) {
      Counts c = counts(r, 11);
      if (r.getInt(0) == 0) {
        demo.add(
            new Metrics.DemographicCell(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                c));
        continue;
      }
      sums.precinct(r.getString(1), r.getString(7), c);
      if (!r.isNullAt(8) && c.removed() > 0) {
        LocalDate d = r.isNullAt(9) ? null : r.getDate(9).toLocalDate();
        sums.reason(r.getString(1), r.getString(7), r.getString(8), d, c.removed());
      }
      // The greatest name seen for the county (a county's rows normally share one).
      if (!r.isNullAt(10)) {
        names.merge(r.getString(1), r.getString(10), (x, y) -> x.compareTo(y) >= 0 ? x : y);
      }
    }
    return assemble(
        baseline,
        current,
        names,
        demo,
        sums.precinctCells(),
        sums.reasonCells(),
        fieldChanges(changeSet),
        history);
  }

  /**
   * Builds the record from its cells in any order: sorts them as every reader expects (so a record
   * read back from the store equals the computed one) and sums the total from the precincts.
   */
  public static Metrics assemble(
      SnapshotInfo baseline,
      SnapshotInfo current,
      SortedMap<String, String> countyNames,
      List<Metrics.DemographicCell> demographic,
      List<Metrics.PrecinctCell> precinctCells,
      List<Metrics.ReasonCell> reasonCells,
      List<Metrics.FieldChangeCell> fieldChanges,
      List<Metrics.HistoryPoint> history) {
    List<Metrics.DemographicCell> demo = new ArrayList<>(demographic);
    List<Metrics.PrecinctCell> precincts = new ArrayList<>(precinctCells);
    List<Metrics.ReasonCell> reasons = new ArrayList<>(reasonCells);
    List<Metrics.FieldChangeCell> changes = new ArrayList<>(fieldChanges);
    SortedMap<String, String> names = new TreeMap<>(UnitOrder.IDS);
    names.putAll(countyNames);
    demo.sort(
        Comparator.comparing(Metrics.DemographicCell::countyId, UnitOrder.IDS)
            .thenComparing(Metrics.DemographicCell::race)
            .thenComparing(Metrics.DemographicCell::ethnicity)
            .thenComparing(Metrics.DemographicCell::gender)
            .thenComparing(Metrics.DemographicCell::ageBand)
            .thenComparing(Metrics.DemographicCell::party));
    precincts.sort(
        Comparator.comparing(Metrics.PrecinctCell::countyId, UnitOrder.IDS)
            .thenComparing(Metrics.PrecinctCell::precinct, UnitOrder.IDS));
    reasons.sort(
        Comparator.comparing(Metrics.ReasonCell::countyId, UnitOrder.IDS)
            .thenComparing(Metrics.ReasonCell::precinct, UnitOrder.IDS)
            .thenComparing(Metrics.ReasonCell::reason)
            .thenComparing(
                Metrics.ReasonCell::statusDate, Comparator.nullsFirst(Comparator.naturalOrder())));
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

  /** Field changes of CHANGED and REACTIVATED voters (the evidence classes of bulk changes). */
  private static List<Metrics.FieldChangeCell> fieldChanges(Dataset<Row> changeSet) {
    List<Metrics.FieldChangeCell> changes = new ArrayList<>();
    for (Row r :
        changeSet
            .filter(col("change_class").isin("CHANGED", "REACTIVATED"))
            .select(
                org.apache.spark.sql.functions.coalesce(col("county_id"), lit("")).as("county_id"),
                org.apache.spark.sql.functions.coalesce(col("precinct"), lit("")).as("precinct"),
                explode(split(col("changes"), ChangeSet.ENTRY_SEP)).as("entry"))
            .select(
                col("county_id"),
                col("precinct"),
                split(col("entry"), ChangeSet.VALUE_SEP).getItem(0).as("field"),
                split(col("entry"), ChangeSet.VALUE_SEP).getItem(1).as("t"))
            .groupBy(col("county_id"), col("precinct"), col("field"), col("t"))
            .agg(count(lit(1)).as("n"))
            .collectAsList()) {
      changes.add(
          new Metrics.FieldChangeCell(
              r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getLong(4)));
    }
    return changes;
  }
}
