package org.rollaudit.history;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.rollaudit.store.StoredSnapshot;

/**
 * For the notice-wait rule: for every voter removed for change of residence in the pair, the
 * <b>lower bound</b> of the notice date the history gives, and whether the removal came before the
 * earliest lawful removal that bound allows.
 *
 * <p>The lower bound is the as-of date of the latest snapshot before the current one in which the
 * voter was present and not yet in the confirmation process (NC: status not I and reason not A2,
 * IN, IU): the notice was mailed after that day. The first snapshot showing the voter under notice
 * is only an upper bound and is never used (it would flag lawful removals). Example, snapshots of 1
 * Jan 2019 (A AV), 1 Jul 2019 (I IN), 1 Oct 2022 (R RM): bound 1 Jan 2019; a voter already inactive
 * in the earliest snapshot has no bound ("cannot determine").
 *
 * <p>The latest "free" date of every voter over the history is kept in the store, one table per
 * snapshot built from the previous one ({@link VoterDates}); the removals are joined with it (by a
 * broadcast of the removed voters) and with the earliest lawful removal per possible bound
 * (computed on the driver from the calendar; a bound is always a snapshot date, so there are as
 * many as snapshots).
 */
public final class NoticeBoundsJob {
  private NoticeBoundsJob() {}

  /** Which removals, and what "in the confirmation process" means. */
  public record Settings(
      Collection<String> residenceReasons,
      Collection<String> processStatuses,
      Collection<String> processReasons) {}

  /** The earliest lawful removal for a notice after one snapshot date; text for the evidence. */
  public record Lawful(LocalDate earliest, String text) {}

  /** A removal before the earliest lawful day under the lower bound. */
  public record Early(
      String voterId,
      String countyId,
      String precinct,
      LocalDate lowerBound,
      LocalDate removal,
      String earliestLawful) {}

  /**
   * The outcome: early removals sorted by voter id, and how many residence removals were checked,
   * had no lower bound (history too short), or had a bound the calendar cannot place.
   */
  public record Result(
      List<Early> early, long checked, long cannotDetermine, long calendarTooShort) {}

  /**
   * voter_id, lower_bound: every voter present and not in the confirmation process in one of {@code
   * snapshots}, with the as-of date of the latest such snapshot (kept, see {@link VoterDates}).
   */
  private static Dataset<Row> latestFree(List<StoredSnapshot> snapshots, Settings s) {
    Column inProcess =
        coalesce(col("status"), lit(""))
            .isin(s.processStatuses().toArray())
            .or(coalesce(col("reason"), lit("")).isin(s.processReasons().toArray()));
    return VoterDates.of(
        snapshots,
        snapshots.size() - 1,
        not(inProcess),
        "notice-free",
        "lower_bound",
        VoterDates.Which.LATEST);
  }

  /**
   * Runs the job.
   *
   * @param lawful for each snapshot date before the current one: the earliest lawful removal after
   *     a notice mailed after that day, or null when the calendar cannot say (the bound is before
   *     the calendar starts)
   */
  public static Result run(HistoryContext h, Settings s, SortedMap<LocalDate, Lawful> lawful) {
    LocalDate current = h.current().asOf();
    Dataset<Row> removed =
        h.changeSet()
            .filter(
                col("change_class")
                    .equalTo("REMOVED")
                    .and(col("reason_after").isin(s.residenceReasons().toArray())))
            .select(
                col("voter_id"),
                col("county_id"),
                col("precinct"),
                coalesce(col("status_date_after"), to_date(lit(current.toString()))).as("removal"));
    Dataset<Row> ids = broadcast(removed.select("voter_id"));
    List<StoredSnapshot> before =
        h.snapshots().stream().filter(x -> x.asOf().isBefore(current)).toList();
    List<Row> bounds = new ArrayList<>();
    lawful.forEach(
        (d, l) ->
            bounds.add(
                RowFactory.create(
                    d.toString(),
                    l == null ? null : l.earliest().toString(),
                    l == null ? null : l.text())));
    StructType boundsSchema =
        new StructType()
            .add("lb", DataTypes.StringType, false)
            .add("earliest", DataTypes.StringType, true)
            .add("earliest_text", DataTypes.StringType, true);
    Dataset<Row> lawfulTable =
        h.changeSet()
            .sparkSession()
            .createDataFrame(bounds, boundsSchema)
            .select(
                to_date(col("lb")).as("lower_bound"),
                to_date(col("earliest")).as("earliest"),
                col("earliest_text"));

    Dataset<Row> perVoter =
        before.isEmpty()
            ? removed.withColumn("lower_bound", lit(null).cast("date"))
            : removed.join(latestFree(before, s).join(ids, "voter_id"), "voter_id", "left");
    Dataset<Row> judged =
        perVoter
            .join(broadcast(lawfulTable), "lower_bound", "left")
            .withColumn(
                "verdict",
                when(col("lower_bound").isNull(), lit("cannot"))
                    .when(col("earliest").isNull(), lit("short"))
                    .when(col("removal").lt(col("earliest")), lit("early"))
                    .otherwise(lit("lawful")))
            .cache();
    try {
      SortedMap<String, Long> verdicts = new TreeMap<>();
      for (Row r : judged.groupBy("verdict").agg(count(lit(1))).collectAsList()) {
        verdicts.put(r.getString(0), r.getLong(1));
      }
      List<Early> early = new ArrayList<>();
      for (Row r :
          judged
              .filter(col("verdict").equalTo("early"))
              .select(
                  col("voter_id"),
                  col("county_id"),
                  col("precinct"),
                  col("lower_bound").cast("string"),
                  col("removal").cast("string"),
                  col("earliest_text"))
              .collectAsList()) {
        early.add(
            new Early(
                r.getString(0),
                r.getString(1),
                r.getString(2),
                LocalDate.parse(r.getString(3)),
                LocalDate.parse(r.getString(4)),
                r.getString(5)));
      }
      early.sort(java.util.Comparator.comparing(Early::voterId));
      long checked = verdicts.values().stream().mapToLong(Long::longValue).sum();
      return new Result(
          early, checked, verdicts.getOrDefault("cannot", 0L), verdicts.getOrDefault("short", 0L));
    } finally {
      judged.unpersist();
    }
  }
}
