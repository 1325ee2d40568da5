package org.rollaudit.history;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udf;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
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
 * Names#score} at least the threshold, middle initials not contradicting). Spark builds the pool
 * and collects only the returning keys, the new registrations and the removed voters sharing a
 * blocking key (county, birth year, and the initial of the last name or of the first name) with one
 * of them; blocking, scoring and selection run on the driver ({@link BlockMatch}). Each new record
 * keeps its best match and each removed voter is matched at most once (best score, then smaller
 * ids), so a county's returns never exceed its pool.
 *
 * <p>What the pool takes from earlier snapshots is the same for every later interval, so it is kept
 * in the store and read back: each pair's vanished voters beside the pair's metrics ({@link
 * MetricsStore#table}), and the date each record was first shown as removed per snapshot ({@link
 * VoterDates}). A long history then does not scan every earlier snapshot for each new interval.
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

  /** The pool's columns, in the order of its union's parts. */
  private static final String[] POOL_COLUMNS = {
    "voter_id",
    "county_id",
    "birth_year",
    "confidential",
    "removed_as_of",
    "last_n",
    "first_n",
    "middle_n"
  };

  private static final UserDefinedFunction NORM =
      udf((UDF1<String, String>) Names::normalise, DataTypes.StringType);

  public static Result run(HistoryContext h, Params p) {
    List<StoredSnapshot> upTo =
        h.snapshots().stream().filter(s -> !s.asOf().isAfter(h.baseline().asOf())).toList();
    if (upTo.isEmpty() || !upTo.get(upTo.size() - 1).asOf().equals(h.baseline().asOf())) {
      upTo = List.of(h.baseline());
    }
    // Who is back: REACTIVATED, or ADDED as A/I/S (a new key, unless it is a key of the pool).
    Set<String> back = new HashSet<>();
    Set<String> added = new HashSet<>();
    for (Row r :
        h.changeSet()
            .filter(
                col("change_class")
                    .equalTo("REACTIVATED")
                    .or(
                        col("change_class")
                            .equalTo("ADDED")
                            .and(col("status_after").isin("A", "I", "S"))))
            .select("voter_id", "change_class")
            .collectAsList()) {
      back.add(r.getString(0));
      if (r.getString(1).equals("ADDED")) {
        added.add(r.getString(0));
      }
    }

    // The pool can hold millions of records statewide: it stays in Spark, and only the records
    // that came back or share a blocking key with a new registration are collected.
    Dataset<Row> pool = pool(h, upTo, p).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      SortedMap<String, Long> byCounty = new TreeMap<>();
      for (Row r : pool.groupBy("county_id").count().collectAsList()) {
        byCounty.put(r.isNullAt(0) ? "" : r.getString(0), r.getLong(1));
      }

      List<Match> out = new ArrayList<>();
      Set<String> fresh = new HashSet<>(added);
      if (!back.isEmpty()) {
        for (Row r :
            pool.filter(in(col("voter_id"), back))
                .select("voter_id", "county_id", "confidential", "removed_as_of")
                .collectAsList()) {
          out.add(
              new Match(
                  r.getString(0),
                  r.isNullAt(1) ? "" : r.getString(1),
                  r.getString(0),
                  !r.isNullAt(2) && r.getBoolean(2),
                  r.getDate(3).toLocalDate(),
                  1.0));
          fresh.remove(r.getString(0));
        }
      }

      long pairs = 0;
      if (!fresh.isEmpty()) {
        // New registrations (new keys) with their names.
        List<Row> newRows =
            named(
                    h.current()
                        .data()
                        .filter(in(col("voter_id"), fresh))
                        .select("voter_id", "county_id", "birth_year"),
                    h.current(),
                    fresh)
                .collectAsList();
        List<BlockMatch.Person> left = people(newRows);
        Set<String> lastKeys = new HashSet<>();
        Set<String> firstKeys = new HashSet<>();
        for (BlockMatch.Person x : left) {
          if (x.k1() != null) {
            lastKeys.add(x.k1());
          }
          if (x.k2() != null) {
            firstKeys.add(x.k2());
          }
        }
        // Removed voters sharing a blocking key with a new registration, still gone at current
        // (who came back under their key are not candidates).
        List<Row> goneRows = sharingKey(pool, lastKeys, firstKeys).collectAsList();
        Set<String> goneIds = new HashSet<>();
        for (Row r : goneRows) {
          goneIds.add(r.getString(0));
        }
        Set<String> present = new HashSet<>();
        if (!goneIds.isEmpty()) {
          for (Row r :
              h.current()
                  .data()
                  .filter(col("status").isin("A", "I", "S").and(in(col("voter_id"), goneIds)))
                  .select("voter_id")
                  .collectAsList()) {
            present.add(r.getString(0));
          }
        }
        goneRows = goneRows.stream().filter(r -> !present.contains(r.getString(0))).toList();
        List<BlockMatch.Person> right = people(goneRows);

        // Every pair counts (the false-match rate's denominator); only those scoring high enough
        // to match are kept.
        List<BlockMatch.Pair> candidates = new ArrayList<>();
        pairs =
            BlockMatch.forEachCandidate(
                left,
                right,
                (i, j, score) -> {
                  if (score >= p.minSimilarity()) {
                    candidates.add(new BlockMatch.Pair(i, j, score));
                  }
                });
        for (BlockMatch.Pair m :
            BlockMatch.returns(
                left, right, candidates, p.minSimilarity(), p.middleInitialMustAgree())) {
          Row n = newRows.get(m.left());
          Row e = goneRows.get(m.right());
          out.add(
              new Match(
                  n.getString(0),
                  n.getString(1),
                  e.getString(0),
                  !e.isNullAt(3) && e.getBoolean(3),
                  e.getDate(4).toLocalDate(),
                  m.score()));
        }
      }
      out.sort(Comparator.comparing(Match::voterId).thenComparing(Match::earlierVoterId));
      return new Result(byCounty, out, pairs);
    } finally {
      pool.unpersist();
    }
  }

  /**
   * The pool's records whose (county, birth year, last initial) or (county, birth year, first
   * initial) is a key of the new registrations: voter_id, county_id, birth_year, confidential,
   * removed_as_of, last_n, first_n, middle_n.
   */
  private static Dataset<Row> sharingKey(
      Dataset<Row> pool, Set<String> lastKeys, Set<String> firstKeys) {
    UserDefinedFunction shares =
        udf(
            (UDF4<String, Integer, String, String, Boolean>)
                (county, year, last, first) ->
                    lastKeys.contains(BlockMatch.churnKey(county, year, last))
                        || firstKeys.contains(BlockMatch.churnKey(county, year, first)),
            DataTypes.BooleanType);
    return pool.filter(
            shares.apply(col("county_id"), col("birth_year"), col("last_n"), col("first_n")))
        .selectExpr(POOL_COLUMNS);
  }

  /**
   * Rows starting voter_id, county_id, birth_year, and with last_n, first_n, middle_n, as the
   * matcher compares them: keys (county, birth year, initial of the last / of the first name).
   */
  private static List<BlockMatch.Person> people(List<Row> rows) {
    List<BlockMatch.Person> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      String county = r.isNullAt(1) ? null : r.getString(1);
      Integer year = r.isNullAt(2) ? null : r.getInt(2);
      String last = r.getString(r.fieldIndex("last_n"));
      String first = r.getString(r.fieldIndex("first_n"));
      out.add(
          new BlockMatch.Person(
              r.getString(0),
              year,
              last,
              first,
              r.getString(r.fieldIndex("middle_n")),
              BlockMatch.churnKey(county, year, last),
              BlockMatch.churnKey(county, year, first)));
    }
    return out;
  }

  /**
   * The snapshot's PII, only of {@code only} voters when not null. A join of a few thousand voters
   * with the whole roll's PII is a merge over every PII row (both sides bucketed alike, so no
   * broadcast is planned); filtered by a set lookup in the scan, it joins a few thousand rows.
   */
  static Dataset<Row> piiOf(StoredSnapshot s, Set<String> only) {
    return only == null ? s.pii() : s.pii().filter(in(col("voter_id"), only));
  }

  /**
   * {@code c} is one of {@code values}: a hash-set lookup in a UDF, where {@code isin} of tens of
   * thousands of literals would slow Spark's planner down.
   */
  static Column in(Column c, Set<String> values) {
    Set<String> v = Set.copyOf(values);
    UserDefinedFunction member =
        udf((UDF1<String, Boolean>) x -> x != null && v.contains(x), DataTypes.BooleanType);
    return member.apply(c);
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
    // The first snapshot of the store that shows each removed record as removed (kept, see
    // VoterDates).
    Dataset<Row> firstShown =
        VoterDates.of(
            upTo,
            upTo.size() - 1,
            col("status").equalTo("R"),
            "churn-removed",
            "shown",
            VoterDates.Which.FIRST);
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
      // The same for every later interval and every run: kept beside the pair's metrics, so the
      // pool of a long history does not compare every earlier pair again.
      Dataset<Row> n =
          MetricsStore.of(b)
              .table(
                  a,
                  b,
                  "churn-vanished",
                  () ->
                      named(
                          a.data()
                              .filter(col("status").isin("A", "I"))
                              .select("voter_id", "county_id", "birth_year", "confidential")
                              .join(b.data().select("voter_id"), "voter_id", "left_anti")
                              .withColumn("removed_as_of", lit(Date.valueOf(b.asOf()))),
                          a))
              .selectExpr(POOL_COLUMNS);
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
    return named(d, s, null);
  }

  /**
   * {@link #named(Dataset, StoredSnapshot)} for a {@code d} whose voters are among {@code only}
   * (null: any voter).
   */
  static Dataset<Row> named(Dataset<Row> d, StoredSnapshot s, Set<String> only) {
    // Join first, normalise after: d is a few thousand voters, the PII the whole roll.
    Dataset<Row> pii = piiOf(s, only).select("voter_id", "last_name", "first_name", "middle_name");
    return d.join(pii, "voter_id", "left")
        .withColumn("last_n", NORM.apply(col("last_name")))
        .withColumn("first_n", NORM.apply(col("first_name")))
        .withColumn("middle_n", NORM.apply(col("middle_name")))
        .drop("last_name", "first_name", "middle_name")
        .na()
        .fill("", new String[] {"last_n", "first_n", "middle_n"});
  }
}
