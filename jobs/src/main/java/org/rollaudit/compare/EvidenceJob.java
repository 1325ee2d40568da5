package org.rollaudit.compare;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.instr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.EvidenceQuery;
import org.rollaudit.audit.EvidenceTable;

/**
 * Collects the exact voters behind each finding from the change set, redacts them for the
 * disclosure mode, and sorts them by voter_id after redaction (reliability.md §7: so that the
 * position of a CONFIDENTIAL row hints at nothing).
 *
 * <p>Public evidence carries only the voter key, unit, status and reason before and after, the
 * status date, the finding's group columns and the finding's field change. Restricted evidence adds
 * names and addresses. A confidential voter's key becomes {@code CONFIDENTIAL} and every other
 * identifying column is blank, in both modes; the row still counts.
 */
public final class EvidenceJob {
  public static final String CONFIDENTIAL = "CONFIDENTIAL";

  /** Columns every evidence file has, in this order. */
  static final List<String> BASE_COLUMNS =
      List.of(
          "voter_id",
          "change_class",
          "county_id",
          "county_desc",
          "precinct",
          "status_before",
          "reason_before",
          "status_after",
          "reason_after",
          "status_date_after");

  /** Columns a confidential row keeps (the rest are blanked). */
  private static final List<String> KEPT_WHEN_CONFIDENTIAL =
      List.of(
          "change_class",
          "county_id",
          "county_desc",
          "status_before",
          "status_after",
          "reason_after");

  static final List<String> RESTRICTED_COLUMNS =
      List.of(
          "last_name",
          "first_name",
          "middle_name",
          "name_suffix",
          "res_street_address",
          "res_city",
          "res_zip",
          "mail_address");

  private EvidenceJob() {}

  /** The Spark filter for one query. */
  public static Column condition(EvidenceQuery q) {
    Column c = col("change_class").isin(q.classes().stream().map(ChangeClass::name).toArray());
    for (Map.Entry<String, String> e : q.equals().entrySet()) {
      c =
          c.and(
              e.getValue() == null
                  ? col(e.getKey()).isNull()
                  : col(e.getKey()).equalTo(e.getValue()));
    }
    if (q.changeKey() != null) {
      // Entries are "field VALUE_SEP transformation", separated by ENTRY_SEP: a literal search
      // for the whole entry (or its field prefix, for "*") between separators.
      String sep = ChangeSet.ENTRY_SEP;
      String needle =
          sep
              + q.changeKey()
              + ChangeSet.VALUE_SEP
              + ("*".equals(q.changeValue()) ? "" : q.changeValue() + sep);
      c = c.and(instr(concat(lit(sep), col("changes"), lit(sep)), needle).gt(0));
    }
    if (q.voters() != null) {
      c = c.and(col("voter_id").isin(q.voters().notes().keySet().toArray()));
    }
    for (Map.Entry<String, List<String>> e : q.anyOf().entrySet()) {
      c = c.and(col(e.getKey()).isin(e.getValue().toArray()));
    }
    if (q.dates() != null) {
      // ISO date literals through to_date: no java.sql.Date, whose conversion follows the JVM zone
      Column d = col(q.dates().column());
      c =
          c.and(d.geq(to_date(lit(q.dates().from().toString()))))
              .and(d.leq(to_date(lit(q.dates().to().toString()))));
    }
    return c;
  }

  /** Header of the evidence file of a finding with these group dimensions. */
  public static List<String> header(
      List<String> groupColumns, String changeKey, boolean restricted) {
    List<String> h = new ArrayList<>(BASE_COLUMNS);
    h.addAll(groupColumns);
    if (changeKey != null) {
      h.add("change");
    }
    if (restricted) {
      h.addAll(RESTRICTED_COLUMNS);
    }
    return h;
  }

  /** Collects the evidence of one finding (see {@link #collectAll}). */
  public static EvidenceTable collect(
      Dataset<Row> changeSet, Dataset<Row> pii, EvidenceQuery q, List<String> groupColumns) {
    return collectAll(changeSet, pii, List.of(new Request(q, groupColumns))).get(0);
  }

  /** One finding's evidence request: its query and the group columns its file shows. */
  public record Request(EvidenceQuery query, List<String> groupColumns) {}

  /**
   * Collects the evidence of every finding in ONE pass over the change set: each row carries the
   * indexes of the queries it matches (a voter may stand behind several findings).
   *
   * @param changeSet the cached change set
   * @param pii restricted mode only: voter_id plus {@link #RESTRICTED_COLUMNS} (baseline values
   *     preferred); null in public mode
   */
  public static List<EvidenceTable> collectAll(
      Dataset<Row> changeSet, Dataset<Row> pii, List<Request> requests) {
    boolean restricted = pii != null;
    List<EvidenceTable> out = new ArrayList<>();
    if (requests.isEmpty()) {
      return out;
    }
    Column[] matches = new Column[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      matches[i] = when(condition(requests.get(i).query()), lit(i));
    }
    // Every column any file needs, once; each table picks its own below.
    List<String> wide = new ArrayList<>(BASE_COLUMNS);
    for (String g : List.of("race", "ethnicity", "gender", "age_band", "party")) {
      wide.add(g);
    }
    Dataset<Row> hits =
        changeSet
            .filter(candidates(requests))
            .withColumn("_hit", explode(array(matches)))
            .filter(col("_hit").isNotNull())
            .alias("c");
    if (restricted) {
      hits = hits.join(pii.alias("p"), col("c.voter_id").equalTo(col("p.voter_id")), "left");
    }
    List<Column> select = new ArrayList<>();
    for (String w : wide) {
      select.add(col("c." + w).cast("string").as(w));
    }
    select.add(col("c.changes").as("changes"));
    select.add(col("c.confidential").as("_confidential"));
    select.add(col("c._hit").as("_hit"));
    if (restricted) {
      for (String h : RESTRICTED_COLUMNS) {
        select.add(col("p." + h).as(h));
      }
    }
    List<Row> collected = hits.select(select.toArray(Column[]::new)).collectAsList();

    List<List<List<String>>> rows = new ArrayList<>();
    List<List<String>> headers = new ArrayList<>();
    for (Request r : requests) {
      rows.add(new ArrayList<>());
      List<String> h = header(r.groupColumns(), r.query().changeKey(), restricted);
      if (r.query().voters() != null) {
        h.addAll(r.query().voters().columns());
      }
      headers.add(h);
    }
    int confidentialAt = wide.size() + 1;
    int hitAt = wide.size() + 2;
    for (Row r : collected) {
      int i = r.getInt(hitAt);
      boolean confidential = !r.isNullAt(confidentialAt) && r.getBoolean(confidentialAt);
      String changeKey = requests.get(i).query().changeKey();
      EvidenceQuery.Voters voters = requests.get(i).query().voters();
      List<String> notes = voters == null ? null : voters.notes().get(r.getString(0));
      List<String> cells = new ArrayList<>();
      for (String h : headers.get(i)) {
        String v;
        if (notes != null && voters.columns().contains(h)) {
          v = notes.get(voters.columns().indexOf(h));
        } else if (h.equals("change")) {
          v =
              ChangeSet.parseChanges(r.isNullAt(wide.size()) ? "" : r.getString(wide.size()))
                  .getOrDefault(changeKey, "");
        } else if (RESTRICTED_COLUMNS.contains(h)) {
          int at = hitAt + 1 + RESTRICTED_COLUMNS.indexOf(h);
          v = r.isNullAt(at) ? "" : r.getString(at);
        } else {
          int at = wide.indexOf(h);
          v = r.isNullAt(at) ? "" : r.getString(at);
        }
        if (confidential) {
          v = h.equals("voter_id") ? CONFIDENTIAL : KEPT_WHEN_CONFIDENTIAL.contains(h) ? v : "";
        }
        cells.add(v);
      }
      rows.get(i).add(cells);
    }
    for (int i = 0; i < requests.size(); i++) {
      rows.get(i).sort(ROWS);
      out.add(new EvidenceTable(headers.get(i), rows.get(i)));
    }
    return out;
  }

  /**
   * A cheap test that every row matching one of the requests passes (its class, with its county
   * when the query names one): most of the change set fails it, and the findings' conditions run on
   * the few rows left. Those conditions are one array of small expressions that Spark compiles as
   * separate methods; as one OR of a hundred findings they made a method too large for the JIT, run
   * interpreted for each changed voter (a sixth of a 5M-voter audit's task CPU).
   */
  static Column candidates(List<Request> requests) {
    java.util.TreeSet<String> keyed = new java.util.TreeSet<>();
    java.util.TreeSet<String> anyCounty = new java.util.TreeSet<>();
    for (Request r : requests) {
      String county = r.query().equals().get("county_id");
      for (ChangeClass k : r.query().classes()) {
        if (county == null) {
          anyCounty.add(k.name());
        } else {
          // Class names have no ':', so each (class, county) pair has its own key.
          keyed.add(k.name() + ":" + county);
        }
      }
    }
    return concat(col("change_class"), lit(":"), col("county_id"))
        .isin(keyed.toArray())
        .or(col("change_class").isin(anyCounty.toArray()));
  }

  /** voter_id first, then every other cell: a total order, so ties never depend on Spark. */
  static final Comparator<List<String>> ROWS =
      (x, y) -> {
        for (int i = 0; i < x.size(); i++) {
          int c = x.get(i).compareTo(y.get(i));
          if (c != 0) {
            return c;
          }
        }
        return 0;
      };
}
