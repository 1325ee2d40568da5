package org.rollaudit.history;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.soundex;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
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
 * name score, then a record registered after the baseline snapshot (the new registration that set
 * off the merge), then the same birth year, then the nearest birth year, then the smaller id. Spark
 * collects the removed records and the survivors sharing a key with one of them; blocking and
 * scoring run on the driver ({@link BlockMatch}).
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

  /**
   * @param reasons the removal reasons that mean "duplicate" (NC R2)
   * @param minSimilarity below this name score the survivor's name counts as differing
   */
  public static List<Pair> run(HistoryContext h, List<String> reasons, double minSimilarity) {
    // The removed duplicates: a few hundred keys even statewide, read once from the change set.
    // A REMOVED voter is always in the baseline (with the baseline's county in the change set), so
    // the rest comes from the baseline's data and PII, filtered by these keys in the scan.
    Set<String> ids = new HashSet<>();
    for (Row r :
        h.changeSet()
            .filter(
                col("change_class")
                    .equalTo("REMOVED")
                    .and(col("reason_after").isin(reasons.toArray())))
            .select("voter_id")
            .collectAsList()) {
      ids.add(r.getString(0));
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Row> a =
        finish(
                keyed(
                    h.baseline()
                        .data()
                        .filter(ChurnMatch.in(col("voter_id"), ids))
                        .select("voter_id", "county_id", "birth_year", "gender", "confidential"),
                    ChurnMatch.piiOf(h.baseline(), ids)))
            .select(PERSON_COLUMNS)
            .collectAsList();
    if (a.isEmpty()) {
      return List.of();
    }
    // A score of 1 needs identical normalised names (see namesakeKey), so a removed record
    // with a survivor of its very names is decided among those: the roll's PII is filtered by the
    // removed records' names, a few hundred. Only the records left without one need their whole
    // blocks (Soundex and an initial), which on a roll of common names hold most of it.
    Set<String> names = new HashSet<>();
    for (Row r : a) {
      String k = namesakeKey(r);
      if (k != null) {
        names.add(k);
      }
    }
    List<Row> b = new ArrayList<>();
    Set<String> found = new HashSet<>();
    if (!names.isEmpty()) {
      for (Row r : survivors(h, sameNames(names).apply(col("last_n"), col("first_n")))) {
        b.add(r);
        found.add(nameKey(r.getString(LAST), r.getString(FIRST)));
      }
    }
    Set<String> k1s = new HashSet<>();
    Set<String> k2s = new HashSet<>();
    for (Row r : a) {
      String k = namesakeKey(r);
      if (k != null && found.contains(k)) {
        continue;
      }
      if (!r.isNullAt(K1)) {
        k1s.add(r.getString(K1));
      }
      if (!r.isNullAt(K2)) {
        k2s.add(r.getString(K2));
      }
    }
    if (!k1s.isEmpty() || !k2s.isEmpty()) {
      // The namesakes already collected are in these blocks too: each survivor is kept once.
      Set<String> have = new HashSet<>();
      for (Row r : b) {
        have.add(r.getString(ID));
      }
      for (Row r : survivors(h, ChurnMatch.in(col("k1"), k1s).or(ChurnMatch.in(col("k2"), k2s)))) {
        if (!have.contains(r.getString(ID))) {
          b.add(r);
        }
      }
    }

    boolean[] fresh = new boolean[b.size()];
    for (int j = 0; j < fresh.length; j++) {
      fresh[j] = b.get(j).getBoolean(FRESH);
    }
    List<BlockMatch.Person> left = people(a);
    List<BlockMatch.Person> right = people(b);
    BlockMatch.Pair[] best = BlockMatch.bestSurvivors(left, right, fresh);
    List<Pair> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      Row r = a.get(i);
      String county = r.isNullAt(COUNTY) ? "" : r.getString(COUNTY);
      if (best[i] == null) {
        out.add(new Pair(r.getString(ID), county, null, false, 0, List.of(NO_SURVIVOR)));
        continue;
      }
      Row s = b.get(best[i].right());
      double score = best[i].score();
      List<String> diff = new ArrayList<>();
      if (score < minSimilarity) {
        diff.add("name");
      }
      String m1 = r.getString(MIDDLE);
      String m2 = s.getString(MIDDLE);
      if (!m1.isEmpty() && !m2.isEmpty() && m1.charAt(0) != m2.charAt(0)) {
        diff.add("middle_name");
      }
      if (!r.getString(SUFFIX).equals(s.getString(SUFFIX))) {
        diff.add("name_suffix");
      }
      if (!Objects.equals(left.get(i).birthYear(), right.get(best[i].right()).birthYear())) {
        diff.add("birth_year");
      }
      String g1 = r.isNullAt(GENDER) ? "" : r.getString(GENDER);
      String g2 = s.isNullAt(GENDER) ? "" : s.getString(GENDER);
      if (known(g1) && known(g2) && !g1.equals(g2)) {
        diff.add("gender");
      }
      out.add(
          new Pair(
              r.getString(ID),
              county,
              s.getString(ID),
              !s.isNullAt(CONFIDENTIAL) && s.getBoolean(CONFIDENTIAL),
              score,
              List.copyOf(diff)));
    }
    out.sort(Comparator.comparing(Pair::voterId));
    return out;
  }

  /**
   * The current snapshot's records of status A, I or S (the survivors) that pass {@code filter}
   * (over the normalised names last_n and first_n, or the blocking keys k1 and k2), in {@link
   * #survivorColumns} order.
   */
  private static List<Row> survivors(HistoryContext h, Column filter) {
    // The whole roll's last and first names are normalised for the filter, the middle names and
    // suffixes of the records kept only.
    return finish(
            keyed(
                    h.current()
                        .data()
                        .filter(col("status").isin("A", "I", "S"))
                        .select(
                            col("voter_id"),
                            col("county_id"),
                            col("birth_year"),
                            col("gender"),
                            col("confidential"),
                            coalesce(
                                    col("registr_dt").gt(lit(Date.valueOf(h.baseline().asOf()))),
                                    lit(false))
                                .as("fresh")),
                    h.current().pii())
                .filter(filter))
        .select(survivorColumns())
        .collectAsList();
  }

  /**
   * Longest normalised name for which only identical names score 1. Two different names of at most
   * n letters have a Jaro similarity at most 1 - 1/(3n) (a letter unmatched, or two out of order),
   * and Winkler's prefix bonus (at most 4 x 0.1 of the gap) leaves at least 0.6 of that gap; below
   * 1 - 0.0000015 the six-decimal rounding cannot reach 1, and then neither can the mean of two.
   * The layouts allow 4,096 bytes a field; this guard keeps the rule exact whatever a layout says.
   */
  static final int NAMESAKE_MAX_LENGTH = 100_000;

  /**
   * The {@link #nameKey} of a removed record whose best survivor, if it has a survivor of identical
   * normalised names, is one of those (they score 1, no other survivor does); null for an empty
   * name (no blocking key: no survivor at all) or a name too long for that proof.
   */
  private static String namesakeKey(Row removed) {
    String last = removed.getString(LAST);
    String first = removed.getString(FIRST);
    boolean decides =
        !last.isEmpty()
            && !first.isEmpty()
            && last.length() <= NAMESAKE_MAX_LENGTH
            && first.length() <= NAMESAKE_MAX_LENGTH;
    return decides ? nameKey(last, first) : null;
  }

  /** One string for a pair of normalised names (letters A-Z only, so a space cannot occur). */
  private static String nameKey(String last, String first) {
    return last + " " + first;
  }

  /** True for normalised (last, first) names among {@code names}. */
  private static UserDefinedFunction sameNames(Set<String> names) {
    Set<String> v = Set.copyOf(names);
    return udf(
        (UDF2<String, String, Boolean>) (last, first) -> v.contains(nameKey(last, first)),
        DataTypes.BooleanType);
  }

  /** Columns collected from both sides, at the indices below. */
  private static final Column[] PERSON_COLUMNS = {
    col("voter_id"),
    col("county_id"),
    col("birth_year"),
    col("gender"),
    col("confidential"),
    col("last_n"),
    col("first_n"),
    col("middle_n"),
    col("suffix_n"),
    col("k1"),
    col("k2")
  };

  /** The survivors' columns: {@link #PERSON_COLUMNS}, then whether registered in the interval. */
  private static Column[] survivorColumns() {
    Column[] c = Arrays.copyOf(PERSON_COLUMNS, PERSON_COLUMNS.length + 1);
    c[FRESH] = col("fresh");
    return c;
  }

  private static final int ID = 0;
  private static final int COUNTY = 1;
  private static final int YEAR = 2;
  private static final int GENDER = 3;
  private static final int CONFIDENTIAL = 4;
  private static final int LAST = 5;
  private static final int FIRST = 6;
  private static final int MIDDLE = 7;
  private static final int SUFFIX = 8;
  private static final int K1 = 9;
  private static final int K2 = 10;
  private static final int FRESH = 11;

  private static List<BlockMatch.Person> people(List<Row> rows) {
    List<BlockMatch.Person> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new BlockMatch.Person(
              r.getString(ID),
              r.isNullAt(YEAR) ? null : r.getInt(YEAR),
              r.getString(LAST),
              r.getString(FIRST),
              r.getString(MIDDLE),
              r.isNullAt(K1) ? null : r.getString(K1),
              r.isNullAt(K2) ? null : r.getString(K2)));
    }
    return out;
  }

  private static boolean known(String gender) {
    return !gender.isEmpty() && !gender.equals("U");
  }

  /**
   * Adds the normalised last and first names and the two blocking keys from the PII, and the raw
   * middle name and suffix (normalised by {@link #finish}, after any filter on the keys).
   */
  private static Dataset<Row> keyed(Dataset<Row> d, Dataset<Row> pii) {
    // Join first, normalise after, so that a small d never normalises the whole roll's names.
    Dataset<Row> p =
        pii.select("voter_id", "last_name", "first_name", "middle_name", "name_suffix");
    return d.join(p, "voter_id", "left")
        .withColumn("last_n", NORM.apply(col("last_name")))
        .withColumn("first_n", NORM.apply(col("first_name")))
        .drop("last_name", "first_name")
        .na()
        .fill("", new String[] {"last_n", "first_n"})
        .withColumn("k1", key(col("last_n"), col("first_n")))
        .withColumn("k2", key(col("first_n"), col("last_n")));
  }

  /** Normalises the middle name and suffix of {@link #keyed}. */
  private static Dataset<Row> finish(Dataset<Row> d) {
    return d.withColumn("middle_n", NORM.apply(col("middle_name")))
        .withColumn("suffix_n", NORM.apply(col("name_suffix")))
        .drop("middle_name", "name_suffix")
        .na()
        .fill("", new String[] {"middle_n", "suffix_n"});
  }

  /** Soundex of one name and the initial of the other; null when either name is empty. */
  private static Column key(Column sound, Column initial) {
    return when(
        sound.notEqual("").and(initial.notEqual("")),
        concat(soundex(sound), lit(":"), substring(initial, 1, 1)));
  }
}
