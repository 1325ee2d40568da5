package org.rollaudit.history;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.soundex;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * The Spark job behind {@code duplicate-match-removal}: for every voter removed in the pair as a
 * duplicate (NC reason R2), the surviving record that best matches it in the current snapshot
 * (status A, I or S, any county: a duplicate can sit in another county), and the key fields on
 * which the two differ.
 *
 * <p>Blocking cannot use the birth year (a differing birth year is what the rule looks for), so two
 * passes on names: Soundex of the last name with the first initial, and Soundex of the first name
 * with the last initial (a typo in one name still meets the other pass). Best survivor: highest
 * name score, then the same birth year, then the nearest birth year, then the smaller id.
 */
public final class DuplicateMatch {
  private DuplicateMatch() {}

  /** Key fields compared, in the order the evidence lists them. */
  public static final List<String> KEY_FIELDS =
      List.of("name", "middle_name", "name_suffix", "birth_year", "gender");

  /** Written instead of field names when no surviving record matches at all. */
  public static final String NO_SURVIVOR = "no_surviving_match";

  /**
   * One duplicate removal and its best surviving match.
   *
   * @param voterId the removed record
   * @param countyId its county (baseline)
   * @param survivorId the best surviving record, or null when none shares a blocking key
   * @param survivorConfidential the survivor is confidential
   * @param score name score of the pair (0 when no survivor)
   * @param differing the key fields that differ ({@link #KEY_FIELDS} order), or {@link
   *     #NO_SURVIVOR}
   */
  public record Pair(
      String voterId,
      String countyId,
      String survivorId,
      boolean survivorConfidential,
      double score,
      List<String> differing) {}

  private static final UserDefinedFunction NORM =
      udf((UDF1<String, String>) Names::normalise, DataTypes.StringType);
  private static final UserDefinedFunction SCORE =
      udf((UDF4<String, String, String, String, Double>) Names::score, DataTypes.DoubleType);

  /**
   * @param reasons the removal reasons that mean "duplicate" (NC R2)
   * @param minSimilarity below this name score the survivor's name counts as differing
   */
  public static List<Pair> run(HistoryContext h, List<String> reasons, double minSimilarity) {
    Dataset<Row> removed =
        h.changeSet()
            .filter(
                col("change_class")
                    .equalTo("REMOVED")
                    .and(col("reason_after").isin(reasons.toArray())))
            .select("voter_id", "county_id");
    Dataset<Row> a =
        people(
            removed.join(
                h.baseline().data().select("voter_id", "birth_year", "gender", "confidential"),
                "voter_id"),
            h.baseline().pii());
    Dataset<Row> b =
        people(
                h.current()
                    .data()
                    .filter(col("status").isin("A", "I", "S"))
                    .select("voter_id", "birth_year", "gender", "confidential"),
                h.current().pii())
            .select(
                col("voter_id").as("s_voter_id"),
                col("birth_year").as("s_birth_year"),
                col("gender").as("s_gender"),
                col("confidential").as("s_confidential"),
                col("last_n").as("s_last_n"),
                col("first_n").as("s_first_n"),
                col("middle_n").as("s_middle_n"),
                col("suffix_n").as("s_suffix_n"),
                col("k1").as("s_k1"),
                col("k2").as("s_k2"));
    Dataset<Row> small = broadcast(a);
    Dataset<Row> pairs =
        small
            .join(b, small.col("k1").equalTo(b.col("s_k1")))
            .union(small.join(b, small.col("k2").equalTo(b.col("s_k2"))))
            .filter(col("voter_id").notEqual(col("s_voter_id")))
            .dropDuplicates("voter_id", "s_voter_id")
            .withColumn(
                "score",
                SCORE.apply(col("last_n"), col("first_n"), col("s_last_n"), col("s_first_n")));
    Column sameYear =
        when(col("birth_year").equalTo(col("s_birth_year")), lit(0)).otherwise(lit(1));
    Column gap = coalesce(abs(col("birth_year").minus(col("s_birth_year"))), lit(9999));
    Dataset<Row> best =
        pairs
            .withColumn(
                "_k",
                row_number()
                    .over(
                        Window.partitionBy("voter_id")
                            .orderBy(
                                col("score").desc(),
                                sameYear.asc(),
                                gap.asc(),
                                col("s_voter_id").asc())))
            .filter(col("_k").equalTo(1))
            .drop("_k", "k1", "k2", "s_k1", "s_k2");
    Dataset<Row> all =
        a.select("voter_id", "county_id")
            .join(best.drop("county_id"), "voter_id", "left")
            .select(
                "voter_id",
                "county_id",
                "s_voter_id",
                "s_confidential",
                "score",
                "birth_year",
                "s_birth_year",
                "gender",
                "s_gender",
                "middle_n",
                "s_middle_n",
                "suffix_n",
                "s_suffix_n");
    List<Pair> out = new ArrayList<>();
    for (Row r : all.collectAsList()) {
      String county = r.isNullAt(1) ? "" : r.getString(1);
      if (r.isNullAt(2)) {
        out.add(new Pair(r.getString(0), county, null, false, 0, List.of(NO_SURVIVOR)));
        continue;
      }
      double score = r.getDouble(4);
      List<String> diff = new ArrayList<>();
      if (score < minSimilarity) {
        diff.add("name");
      }
      if (!r.getString(9).isEmpty()
          && !r.getString(10).isEmpty()
          && r.getString(9).charAt(0) != r.getString(10).charAt(0)) {
        diff.add("middle_name");
      }
      if (!r.getString(11).equals(r.getString(12))) {
        diff.add("name_suffix");
      }
      Integer y1 = r.isNullAt(5) ? null : r.getInt(5);
      Integer y2 = r.isNullAt(6) ? null : r.getInt(6);
      if (!java.util.Objects.equals(y1, y2)) {
        diff.add("birth_year");
      }
      String g1 = r.isNullAt(7) ? "" : r.getString(7);
      String g2 = r.isNullAt(8) ? "" : r.getString(8);
      if (known(g1) && known(g2) && !g1.equals(g2)) {
        diff.add("gender");
      }
      out.add(
          new Pair(
              r.getString(0),
              county,
              r.getString(2),
              !r.isNullAt(3) && r.getBoolean(3),
              score,
              List.copyOf(diff)));
    }
    out.sort(Comparator.comparing(Pair::voterId));
    return out;
  }

  private static boolean known(String gender) {
    return !gender.isEmpty() && !gender.equals("U");
  }

  /** Adds normalised names and the two blocking keys from the PII. */
  private static Dataset<Row> people(Dataset<Row> d, Dataset<Row> pii) {
    // Join first, normalise after, so that a small d never normalises the whole roll's names.
    Dataset<Row> p =
        pii.select("voter_id", "last_name", "first_name", "middle_name", "name_suffix");
    return d.join(p, "voter_id", "left")
        .withColumn("last_n", NORM.apply(col("last_name")))
        .withColumn("first_n", NORM.apply(col("first_name")))
        .withColumn("middle_n", NORM.apply(col("middle_name")))
        .withColumn("suffix_n", NORM.apply(col("name_suffix")))
        .drop("last_name", "first_name", "middle_name", "name_suffix")
        .na()
        .fill("", new String[] {"last_n", "first_n", "middle_n", "suffix_n"})
        .withColumn("k1", key(col("last_n"), col("first_n")))
        .withColumn("k2", key(col("first_n"), col("last_n")));
  }

  /** Soundex of one name and the initial of the other; null when either name is empty. */
  private static Column key(Column sound, Column initial) {
    return when(
        sound.notEqual("").and(initial.notEqual("")),
        concat(soundex(sound), lit(":"), substring(initial, 1, 1)));
  }
}
