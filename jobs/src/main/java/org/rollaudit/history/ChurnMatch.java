package org.rollaudit.history;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.udf;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.rollaudit.store.StoredSnapshot;

/**
 * The Spark job behind {@code reregistration-churn}: voters removed before the pair's baseline who
 * are registered again in the current snapshot.
 *
 * <p>The pool of removed voters: records with status R at the baseline (reason not excluded, e.g.
 * deceased), and records that were active or inactive in an earlier snapshot of the store, vanished
 * from the next one and are still absent at the baseline. A return is either the same key again (a
 * REACTIVATED or re-ADDED voter_id of the pool: score 1) or a new ADDED registration (status A, I
 * or S) in the same county with the same birth year whose normalised names match ({@link
 * Names#score} at least the threshold, middle initials not contradicting). Blocking (county, birth
 * year, and the initial of the last name or of the first name) and scoring run in Spark; only the
 * matches are collected. Each new record keeps its best match and each removed voter is matched at
 * most once (best score, then smaller ids), so a county's returns never exceed its pool.
 */
public final class ChurnMatch {
  private ChurnMatch() {}

  /**
   * @param minSimilarity a new record matches a removed voter when {@link Names#score} is at least
   *     this
   * @param middleInitialMustAgree when both have a middle name, their initials must agree
   * @param excludeReasons removal reasons whose voters are not in the pool (e.g. RD, deceased)
   */
  public record Params(
      double minSimilarity, boolean middleInitialMustAgree, List<String> excludeReasons) {}

  /**
   * One return.
   *
   * @param voterId the record of the current snapshot
   * @param countyId the county of the removed record (and of the new one)
   * @param earlierVoterId the removed record (equal to voterId for a same-key return)
   * @param earlierConfidential the removed record was confidential
   * @param removedAsOf as-of date of the first snapshot that shows the removal
   * @param score 1 for the same key, else the name score
   */
  public record Match(
      String voterId,
      String countyId,
      String earlierVoterId,
      boolean earlierConfidential,
      LocalDate removedAsOf,
      double score) {}

  /**
   * @param poolByCounty removed voters who could return, per county
   * @param matches every return, sorted by voter_id
   * @param candidatePairs name-compared pairs after blocking (the denominator of the false-match
   *     rate)
   */
  public record Result(
      SortedMap<String, Long> poolByCounty, List<Match> matches, long candidatePairs) {}

  private static final UserDefinedFunction NORM =
      udf((UDF1<String, String>) Names::normalise, DataTypes.StringType);
  private static final UserDefinedFunction SCORE =
      udf((UDF4<String, String, String, String, Double>) Names::score, DataTypes.DoubleType);
  private static final UserDefinedFunction MIDDLE =
      udf((UDF2<String, String, Boolean>) Names::middleAgrees, DataTypes.BooleanType);

  public static Result run(HistoryContext h, Params p) {
    List<StoredSnapshot> upTo =
        h.snapshots().stream().filter(s -> !s.asOf().isAfter(h.baseline().asOf())).toList();
    if (upTo.isEmpty() || !upTo.get(upTo.size() - 1).asOf().equals(h.baseline().asOf())) {
      upTo = List.of(h.baseline());
    }
    Dataset<Row> pool = pool(h, upTo, p).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      SortedMap<String, Long> byCounty = new TreeMap<>();
      for (Row r : pool.groupBy("county_id").count().collectAsList()) {
        byCounty.put(r.isNullAt(0) ? "" : r.getString(0), r.getLong(1));
      }

      Dataset<Row> cs = h.changeSet();
      Column returning =
          col("change_class")
              .equalTo("REACTIVATED")
              .or(
                  col("change_class")
                      .equalTo("ADDED")
                      .and(col("status_after").isin("A", "I", "S")));
      Dataset<Row> back = cs.filter(returning).select(col("voter_id"));
      Dataset<Row> sameKey =
          back.join(pool, "voter_id")
              .select(
                  col("voter_id"),
                  col("county_id"),
                  col("voter_id").as("earlier_voter_id"),
                  col("confidential").as("earlier_confidential"),
                  col("removed_as_of"),
                  lit(1.0).as("score"));

      // New registrations (new keys) with their names.
      Dataset<Row> added =
          cs.filter(
                  col("change_class").equalTo("ADDED").and(col("status_after").isin("A", "I", "S")))
              .select("voter_id")
              .join(pool.select("voter_id"), "voter_id", "left_anti");
      Dataset<Row> fresh =
          named(
              added.join(
                  h.current().data().select("voter_id", "county_id", "birth_year"), "voter_id"),
              h.current());
      // Removed voters still gone at current (who came back under their key are not candidates).
      Dataset<Row> stillGone =
          pool.join(
              h.current().data().filter(col("status").isin("A", "I", "S")).select("voter_id"),
              "voter_id",
              "left_anti");
      Dataset<Row> candidates =
          block(fresh, stillGone, "last_n")
              .union(block(fresh, stillGone, "first_n"))
              .dropDuplicates("voter_id", "earlier_voter_id")
              .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        long pairs = candidates.count();
        Column ok = col("score").geq(lit(p.minSimilarity()));
        if (p.middleInitialMustAgree()) {
          ok = ok.and(MIDDLE.apply(col("middle_n"), col("p_middle_n")));
        }
        Dataset<Row> scored =
            candidates
                .withColumn(
                    "score",
                    SCORE.apply(col("last_n"), col("first_n"), col("p_last_n"), col("p_first_n")))
                .filter(ok);
        Dataset<Row> bestPerNew = best(scored, "voter_id", "earlier_voter_id");
        Dataset<Row> named =
            best(bestPerNew, "earlier_voter_id", "voter_id")
                .select(
                    col("voter_id"),
                    col("county_id"),
                    col("earlier_voter_id"),
                    col("earlier_confidential"),
                    col("removed_as_of"),
                    col("score"));
        List<Match> out = new ArrayList<>();
        for (Row r : sameKey.union(named).collectAsList()) {
          out.add(
              new Match(
                  r.getString(0),
                  r.isNullAt(1) ? "" : r.getString(1),
                  r.getString(2),
                  !r.isNullAt(3) && r.getBoolean(3),
                  r.getDate(4).toLocalDate(),
                  r.getDouble(5)));
        }
        out.sort(
            java.util.Comparator.comparing(Match::voterId).thenComparing(Match::earlierVoterId));
        return new Result(byCounty, out, pairs);
      } finally {
        candidates.unpersist();
      }
    } finally {
      pool.unpersist();
    }
  }

  /**
   * voter_id, county_id, birth_year, confidential, removed_as_of and the normalised names of every
   * removed voter who could return.
   */
  private static Dataset<Row> pool(HistoryContext h, List<StoredSnapshot> upTo, Params p) {
    StoredSnapshot base = h.baseline();
    Column keep = col("status").equalTo("R");
    if (!p.excludeReasons().isEmpty()) {
      keep =
          keep.and(
              col("reason").isNull().or(not(col("reason").isin(p.excludeReasons().toArray()))));
    }
    // The first snapshot of the store that shows each removed record as removed.
    Dataset<Row> firstShown = null;
    for (StoredSnapshot s : upTo) {
      Dataset<Row> d =
          s.data()
              .filter(col("status").equalTo("R"))
              .select(col("voter_id"), lit(Date.valueOf(s.asOf())).as("shown"));
      firstShown = firstShown == null ? d : firstShown.union(d);
    }
    firstShown = firstShown.groupBy("voter_id").agg(min("shown").as("shown"));
    Dataset<Row> removed =
        base.data()
            .filter(keep)
            .select("voter_id", "county_id", "birth_year", "confidential")
            .join(firstShown, "voter_id", "left")
            .withColumn("removed_as_of", coalesce(col("shown"), lit(Date.valueOf(base.asOf()))))
            .drop("shown");
    Dataset<Row> pool = named(removed, base);

    // Records that vanished between two earlier snapshots and are still absent at the baseline.
    Dataset<Row> vanished = null;
    for (int i = 0; i + 1 < upTo.size(); i++) {
      StoredSnapshot a = upTo.get(i);
      StoredSnapshot b = upTo.get(i + 1);
      Dataset<Row> gone =
          a.data()
              .filter(col("status").isin("A", "I"))
              .select("voter_id", "county_id", "birth_year", "confidential")
              .join(b.data().select("voter_id"), "voter_id", "left_anti")
              .withColumn("removed_as_of", lit(Date.valueOf(b.asOf())));
      Dataset<Row> n = named(gone, a);
      vanished = vanished == null ? n : vanished.union(n);
    }
    if (vanished != null) {
      // The latest disappearance of a voter who vanished more than once.
      vanished =
          vanished
              .withColumn(
                  "_k",
                  row_number()
                      .over(Window.partitionBy("voter_id").orderBy(col("removed_as_of").desc())))
              .filter(col("_k").equalTo(1))
              .drop("_k")
              .join(base.data().select("voter_id"), "voter_id", "left_anti");
      pool = pool.union(vanished);
    }
    return pool;
  }

  /** Adds last_n, first_n, middle_n (normalised names) from the snapshot's PII. */
  static Dataset<Row> named(Dataset<Row> d, StoredSnapshot s) {
    // Join first, normalise after: d is a few thousand voters, the PII the whole roll.
    Dataset<Row> pii = s.pii().select("voter_id", "last_name", "first_name", "middle_name");
    return d.join(pii, "voter_id", "left")
        .withColumn("last_n", NORM.apply(col("last_name")))
        .withColumn("first_n", NORM.apply(col("first_name")))
        .withColumn("middle_n", NORM.apply(col("middle_name")))
        .drop("last_name", "first_name", "middle_name")
        .na()
        .fill("", new String[] {"last_n", "first_n", "middle_n"});
  }

  /** Candidate pairs of one blocking pass: same county, birth year and initial of {@code name}. */
  private static Dataset<Row> block(Dataset<Row> fresh, Dataset<Row> pool, String name) {
    Dataset<Row> a =
        fresh.withColumn("_b", substring(col(name), 1, 1)).filter(col("_b").notEqual(""));
    Dataset<Row> b =
        pool.select(
                col("voter_id").as("earlier_voter_id"),
                col("county_id").as("p_county_id"),
                col("birth_year").as("p_birth_year"),
                col("confidential").as("earlier_confidential"),
                col("removed_as_of"),
                col("last_n").as("p_last_n"),
                col("first_n").as("p_first_n"),
                col("middle_n").as("p_middle_n"))
            .withColumn("_pb", substring(col("p_" + name), 1, 1));
    return a.join(
            b,
            a.col("county_id")
                .equalTo(b.col("p_county_id"))
                .and(a.col("birth_year").equalTo(b.col("p_birth_year")))
                .and(a.col("_b").equalTo(b.col("_pb"))))
        .select(
            "voter_id",
            "county_id",
            "last_n",
            "first_n",
            "middle_n",
            "earlier_voter_id",
            "earlier_confidential",
            "removed_as_of",
            "p_last_n",
            "p_first_n",
            "p_middle_n");
  }

  /** The best row per {@code key}: highest score, then the smaller {@code tie}. */
  private static Dataset<Row> best(Dataset<Row> d, String key, String tie) {
    return d.withColumn(
            "_k",
            row_number().over(Window.partitionBy(key).orderBy(col("score").desc(), col(tie).asc())))
        .filter(col("_k").equalTo(1))
        .drop("_k");
  }
}
