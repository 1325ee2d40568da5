package org.rollaudit.compare;

import static org.apache.spark.sql.functions.col;

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
      Column v = col("changes").getItem(q.changeKey());
      c = c.and("*".equals(q.changeValue()) ? v.isNotNull() : v.equalTo(q.changeValue()));
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

  /**
   * Collects the evidence of one finding.
   *
   * @param changeSet the cached change set
   * @param pii restricted mode only: voter_id plus {@link #RESTRICTED_COLUMNS} (baseline values
   *     preferred); null in public mode
   */
  public static EvidenceTable collect(
      Dataset<Row> changeSet, Dataset<Row> pii, EvidenceQuery q, List<String> groupColumns) {
    boolean restricted = pii != null;
    List<String> header = header(groupColumns, q.changeKey(), restricted);
    Dataset<Row> rows = changeSet.filter(condition(q));
    List<Column> select = new ArrayList<>();
    for (String h : header) {
      if (h.equals("change")) {
        select.add(col("changes").getItem(q.changeKey()).as("change"));
      } else if (RESTRICTED_COLUMNS.contains(h)) {
        select.add(col("p." + h).as(h));
      } else {
        select.add(col("c." + h).cast("string").as(h));
      }
    }
    select.add(col("c.confidential").as("_confidential"));
    Dataset<Row> base = rows.alias("c");
    if (restricted) {
      base = base.join(pii.alias("p"), col("c.voter_id").equalTo(col("p.voter_id")), "left");
    }
    List<Row> collected = base.select(select.toArray(Column[]::new)).collectAsList();

    List<List<String>> out = new ArrayList<>(collected.size());
    int n = header.size();
    for (Row r : collected) {
      boolean confidential = !r.isNullAt(n) && r.getBoolean(n);
      List<String> cells = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String v = r.isNullAt(i) ? "" : String.valueOf(r.get(i));
        if (confidential) {
          String h = header.get(i);
          v = h.equals("voter_id") ? CONFIDENTIAL : KEPT_WHEN_CONFIDENTIAL.contains(h) ? v : "";
        }
        cells.add(v);
      }
      out.add(cells);
    }
    out.sort(ROWS);
    return new EvidenceTable(header, out);
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
