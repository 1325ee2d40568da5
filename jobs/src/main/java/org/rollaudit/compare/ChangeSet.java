package org.rollaudit.compare;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The change set: one row per voter key of either snapshot, with its {@link
 * org.rollaudit.audit.ChangeClass}, the demographics used for grouping (baseline values when the
 * voter is in the baseline, so removed voters keep theirs), before/after status and reason, and a
 * {@code changes} column naming the tracked fields that differ and how.
 *
 * <p>Example (NC codes):
 *
 * <pre>
 * voter  baseline        current          change_class  changes
 * AA1    A AV  DEM       A AV  REP        CHANGED       {party: DEM&gt;REP}
 * AA2    A AV            R RD             REMOVED       {status: A&gt;R, reason: AV&gt;RD}
 * AA3    I IN            (absent)         REMOVED       {}   reason_after = ABSENT
 * AA4    R RD            (absent)         AGED_OUT      {}
 * AA5    (absent)        A AN             ADDED         {}
 * AA6    R RL            A AV             REACTIVATED   {status: R&gt;A, reason: RL&gt;AV}
 * </pre>
 *
 * <p>The join is a full outer join on voter_id of two datasets bucketed alike, so Spark plans it
 * without an exchange. Whitespace and case differences never count: values were normalised at
 * ingest, and names and addresses are compared by their normalised fingerprints.
 */
public final class ChangeSet {
  /** Reason shown for an A/I record that vanished without a removal record. */
  public static final String ABSENT = "ABSENT";

  /** Age bands of the public tables (interface.md group values). */
  public static final List<String> AGE_BANDS =
      List.of("under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+", "unknown");

  /** Fields whose change makes a record CHANGED, in the order they appear in the changes column. */
  public static final List<String> TRACKED_FIELDS =
      List.of(
          "status",
          "reason",
          "gender",
          "race",
          "ethnicity",
          "party",
          "county_id",
          "precinct",
          "name",
          "address",
          "registr_dt",
          "birth_year");

  /** Code fields whose change is recorded as "OLD&gt;NEW". */
  private static final List<String> CODE_FIELDS = TRACKED_FIELDS.subList(0, 8);

  private ChangeSet() {}

  /**
   * Builds the change set of {@code baseline} and {@code current} (canonical data datasets).
   *
   * @param baselineAsOf used for the age band (age at the end of the baseline year)
   */
  public static Dataset<Row> build(
      Dataset<Row> baseline, Dataset<Row> current, LocalDate baselineAsOf) {
    Dataset<Row> a = baseline.alias("a");
    Dataset<Row> b = current.alias("b");
    Dataset<Row> joined = a.join(b, a.col("voter_id").equalTo(b.col("voter_id")), "full_outer");

    Column inA = col("a.voter_id").isNotNull();
    Column inB = col("b.voter_id").isNotNull();
    Column aStatus = col("a.status");
    Column bStatus = col("b.status");
    Column aActive = aStatus.isin("A", "I");

    Column changes = changesColumn();
    Column anyChange = col("changes").notEqual(lit(""));

    Column changeClass =
        when(not(inA), lit("ADDED"))
            .when(not(inB).and(aActive), lit("REMOVED"))
            .when(not(inB).and(aStatus.equalTo("R")), lit("AGED_OUT"))
            .when(not(inB), lit("OTHER_ABSENT"))
            .when(aActive.and(bStatus.equalTo("R")), lit("REMOVED"))
            .when(aStatus.equalTo("R").and(bStatus.isin("A", "I", "S")), lit("REACTIVATED"))
            .when(anyChange, lit("CHANGED"))
            .otherwise(lit("UNCHANGED"));

    // Grouping values: the baseline's when the voter was there (removed voters keep them).
    Column age = when(inA, col("a.age")).otherwise(col("b.age"));
    return joined
        .withColumn("changes", changes)
        .select(
            coalesce(col("a.voter_id"), col("b.voter_id")).as("voter_id"),
            changeClass.as("change_class"),
            inA.as("in_baseline"),
            inB.as("in_current"),
            pick("county_id"),
            pick("county_desc"),
            pick("precinct"),
            pick("race"),
            pick("ethnicity"),
            pick("gender"),
            pick("party"),
            ageBand(age).as("age_band"),
            col("a.status").as("status_before"),
            col("a.reason").as("reason_before"),
            col("b.status").as("status_after"),
            when(inA.and(not(inB)), lit(ABSENT)).otherwise(col("b.reason")).as("reason_after"),
            col("b.status_date").as("status_date_after"),
            col("b.county_id").as("county_id_after"),
            col("b.precinct").as("precinct_after"),
            coalesce(col("a.confidential"), lit(false))
                .or(coalesce(col("b.confidential"), lit(false)))
                .as("confidential"),
            col("changes"));
  }

  private static Column pick(String c) {
    return when(col("a.voter_id").isNotNull(), col("a." + c)).otherwise(col("b." + c)).as(c);
  }

  /** Age band of an age at year end; null age is "unknown". */
  static Column ageBand(Column age) {
    return when(age.isNull(), lit("unknown"))
        .when(age.lt(18), lit("under 18"))
        .when(age.leq(24), lit("18-24"))
        .when(age.leq(34), lit("25-34"))
        .when(age.leq(44), lit("35-44"))
        .when(age.leq(54), lit("45-54"))
        .when(age.leq(64), lit("55-64"))
        .when(age.leq(74), lit("65-74"))
        .otherwise(lit("75+"));
  }

  /**
   * Separates entries of the {@code changes} column; a C0 control, which ingest rejects in data.
   */
  public static final String ENTRY_SEP = "\u001F";

  /** Separates a field from its transformation inside one entry; also a rejected C0 control. */
  public static final String VALUE_SEP = "\u001E";

  /**
   * The changes of a voter present in both snapshots, as one string of {@code field VALUE_SEP
   * transformation} entries joined by {@link #ENTRY_SEP}, in {@link #TRACKED_FIELDS} order; empty
   * when nothing changed or the voter is in one snapshot only. A plain string rather than a map:
   * built by {@code concat_ws}, which skips unchanged (null) entries, it stays inside Spark's
   * generated code (a map built with higher-order functions is interpreted row by row).
   */
  private static Column changesColumn() {
    List<Column> entries = new ArrayList<>();
    for (String f : CODE_FIELDS) {
      Column before = coalesce(col("a." + f), lit(""));
      Column after = coalesce(col("b." + f), lit(""));
      entries.add(
          entry(f, col("a." + f).eqNullSafe(col("b." + f)), concat(before, lit(">"), after)));
    }
    entries.add(entry("name", col("a.name_fp").eqNullSafe(col("b.name_fp")), lit("changed")));
    entries.add(
        entry("address", col("a.address_fp").eqNullSafe(col("b.address_fp")), lit("changed")));
    entries.add(
        entry("registr_dt", col("a.registr_dt").eqNullSafe(col("b.registr_dt")), lit("changed")));
    Column by =
        when(col("a.birth_year").isNull().or(col("b.birth_year").isNull()), lit("changed"))
            .otherwise(
                expr(
                    "concat(CASE WHEN b.birth_year >= a.birth_year THEN '+' ELSE '' END,"
                        + " cast(b.birth_year - a.birth_year as string))"));
    entries.add(entry("birth_year", col("a.birth_year").eqNullSafe(col("b.birth_year")), by));
    Column both = col("a.voter_id").isNotNull().and(col("b.voter_id").isNotNull());
    return when(both, concat_ws(ENTRY_SEP, entries.toArray(Column[]::new))).otherwise(lit(""));
  }

  private static Column entry(String field, Column same, Column transformation) {
    return when(same, lit(null).cast("string"))
        .otherwise(concat(lit(field + VALUE_SEP), transformation));
  }

  /** The changes string as a field-to-transformation map (tests, readers of the column). */
  public static java.util.Map<String, String> parseChanges(String changes) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    if (changes == null || changes.isEmpty()) {
      return m;
    }
    for (String e : changes.split(ENTRY_SEP)) {
      int k = e.indexOf(VALUE_SEP);
      m.put(e.substring(0, k), e.substring(k + 1));
    }
    return m;
  }
}
