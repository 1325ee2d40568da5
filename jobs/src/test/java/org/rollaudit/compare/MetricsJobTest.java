package org.rollaudit.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.SnapshotInfo;
import org.rollaudit.spark.TestSpark;

/**
 * The precinct and removal-reason cells and the county names are sums over one detail grouping set:
 * a change set whose precinct rows disagree on the county's name must still give one cell per
 * precinct and per (reason, date), with the greatest name.
 */
class MetricsJobTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("county_id", DataTypes.StringType)
          .add("precinct", DataTypes.StringType)
          .add("county_desc", DataTypes.StringType)
          .add("change_class", DataTypes.StringType)
          .add("reason_after", DataTypes.StringType)
          .add("status_date_after", DataTypes.DateType)
          .add("in_baseline", DataTypes.BooleanType)
          .add("in_current", DataTypes.BooleanType)
          .add("status_before", DataTypes.StringType)
          .add("race", DataTypes.StringType)
          .add("ethnicity", DataTypes.StringType)
          .add("gender", DataTypes.StringType)
          .add("age_band", DataTypes.StringType)
          .add("party", DataTypes.StringType)
          .add("changes", DataTypes.StringType);

  private static Row row(
      String county,
      String precinct,
      String desc,
      String cls,
      String reason,
      String date,
      boolean inB,
      boolean inC,
      String before) {
    return RowFactory.create(
        county,
        precinct,
        desc,
        cls,
        reason,
        date == null ? null : Date.valueOf(date),
        inB,
        inC,
        before,
        "W",
        "NL",
        "F",
        "45-54",
        "DEM",
        "");
  }

  @Test
  void precinctAndReasonCellsSumOverCountyNameSpellings() {
    List<Row> rows = new ArrayList<>();
    rows.add(row("1", "P1", "ALPHA", "REMOVED", "RL", "2024-01-10", true, false, "A"));
    rows.add(row("1", "P1", "ALPHA CO", "REMOVED", "RL", "2024-01-10", true, true, "A"));
    rows.add(row("1", "P1", "ALPHA", "REMOVED", "RL", "2024-01-11", true, true, "I"));
    rows.add(row("1", "P1", "ALPHA", "UNCHANGED", null, null, true, true, "A"));
    rows.add(row("1", "P2", null, "ADDED", "AN", null, false, true, null));
    rows.add(row("2", null, "BETA", "REMOVED", "RD", null, true, false, "A"));
    Dataset<Row> cs = TestSpark.session().createDataFrame(rows, SCHEMA);
    SnapshotInfo b = new SnapshotInfo(LocalDate.of(2024, 1, 6), 5, "t", "t");
    SnapshotInfo c = new SnapshotInfo(LocalDate.of(2024, 2, 3), 4, "t", "t");
    Metrics m = MetricsJob.compute(cs, b, c, List.of());

    assertEquals(
        List.of(
            new Metrics.PrecinctCell("1", "P1", new Counts(4, 3, 4, 3, 2, 1, 0, 0, 0, 1, 0, 0)),
            new Metrics.PrecinctCell("1", "P2", new Counts(0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0)),
            new Metrics.PrecinctCell("2", "", new Counts(1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0))),
        m.precincts());
    assertEquals(
        List.of(
            new Metrics.ReasonCell("1", "P1", "RL", LocalDate.of(2024, 1, 10), 2),
            new Metrics.ReasonCell("1", "P1", "RL", LocalDate.of(2024, 1, 11), 1),
            new Metrics.ReasonCell("2", "", "RD", null, 1)),
        m.removalReasons());
    assertEquals(Map.of("1", "ALPHA CO", "2", "BETA"), m.countyNames());
    assertEquals(new Counts(5, 4, 5, 4, 2, 2, 1, 0, 0, 1, 0, 0), m.total());
    // One demographic cell per county here (all rows share the demographics).
    assertEquals(2, m.demographic().size());
  }
}
