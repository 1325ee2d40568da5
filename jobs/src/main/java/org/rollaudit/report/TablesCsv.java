package org.rollaudit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.report.Suppression.Mark;

/**
 * The bundle's {@code tables/}: public aggregate CSVs for notebooks and spreadsheets, the same
 * counts the report prints, suppressed by the same code (one {@link RateRow#of} partition per
 * column, findings' cells pinned as in the report), so a table never shows a cell the report hides.
 *
 * <ul>
 *   <li>{@code tables/counties.csv}: one row per county (the report's county table plus baseline,
 *       current and added counts, each column suppressed as a partition of its known total).
 *   <li>{@code tables/county_groups.csv}: one row per county x dimension x value (race, ethnicity,
 *       gender, age band, party); each county x dimension is a partition of the county's counts.
 * </ul>
 *
 * <p>A hidden count is written as the report writes it ({@code <11}, or {@code †} for a
 * complementary suppression) and a rate built on a hidden count is left empty; restricted bundles
 * show exact counts. Rates carry {@link NumberText#JSON_DIGITS} significant digits; the interval is
 * the report's 95% Wilson interval.
 */
public final class TablesCsv {
  public static final String COUNTIES = "tables/counties.csv";
  public static final String COUNTY_GROUPS = "tables/county_groups.csv";

  public static final List<String> COUNTIES_HEADER =
      List.of(
          "county_id",
          "county_desc",
          "baseline_voters",
          "current_voters",
          "at_risk",
          "removed",
          "added",
          "removal_rate",
          "rate_ci_low",
          "rate_ci_high",
          "findings");

  public static final List<String> GROUPS_HEADER =
      List.of(
          "county_id",
          "county_desc",
          "dimension",
          "value",
          "at_risk",
          "removed",
          "removal_rate",
          "rate_ci_low",
          "rate_ci_high",
          "findings");

  private TablesCsv() {}

  /** The tables of a pair bundle, path to text, in path order; empty without county counts. */
  public static SortedMap<String, String> of(AuditResult r) {
    SortedMap<String, String> out = new TreeMap<>();
    Aggregates a = new Aggregates(r.metrics());
    if (a.counties().isEmpty() || isTimeline(r)) {
      return out;
    }
    out.put(COUNTIES, counties(r, a));
    out.put(COUNTY_GROUPS, groups(r, a));
    return out;
  }

  /** The table paths a bundle of {@code r} carries (listed in method.json "bundle"). */
  public static List<String> paths(AuditResult r) {
    if (isTimeline(r)) {
      // per interval instead (BundleWriter writes it): sums over intervals would not match the
      // findings, each of which belongs to one interval
      return List.of(CountySeriesCsv.PATH);
    }
    return new Aggregates(r.metrics()).counties().isEmpty()
        ? List.of()
        : List.of(COUNTIES, COUNTY_GROUPS);
  }

  private static String counties(AuditResult r, Aggregates a) {
    boolean suppress = !r.restricted();
    SortedMap<String, Counts> counties = a.counties();
    Map<String, List<String>> byCounty = findingsByCounty(r);
    // The report's county table: at risk and removed, pinned where a finding publishes the count.
    List<RateRow> rows =
        RateRow.of(
            counties,
            Aggregates::label,
            Set.of(),
            RateRow.removalsPublished(counties, r.findings()),
            suppress);
    List<String> keys = new ArrayList<>(counties.keySet());
    List<Mark> baseline = marks(keys, counties, Counts::baselineTotal, suppress);
    List<Mark> current = marks(keys, counties, Counts::currentTotal, suppress);
    List<Mark> added = marks(keys, counties, Counts::added, suppress);
    List<List<String>> lines = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      RateRow row = rows.get(i);
      Counts c = counties.get(row.key());
      List<String> line = new ArrayList<>();
      line.add(row.key());
      line.add(countyName(a, row.key()));
      line.add(cell(c.baselineTotal(), baseline.get(i)));
      line.add(cell(c.currentTotal(), current.get(i)));
      line.add(cell(row.atRisk(), row.atRiskMark()));
      line.add(cell(row.removed(), row.removedMark()));
      line.add(cell(c.added(), added.get(i)));
      rate(line, row);
      line.add(String.join(" ", byCounty.getOrDefault(row.key(), List.of())));
      lines.add(line);
    }
    return EvidenceCsv.table(COUNTIES_HEADER, lines);
  }

  private static String groups(AuditResult r, Aggregates a) {
    boolean suppress = !r.restricted();
    List<List<String>> lines = new ArrayList<>();
    for (String county : a.counties().keySet()) {
      for (String dim : Aggregates.DIMENSIONS) {
        SortedMap<String, Counts> cells = a.byDimensionIn(county, dim);
        if (cells.isEmpty() || (cells.size() == 1 && cells.containsKey(""))) {
          continue;
        }
        // Cells a finding names (its affected count is public) are pinned, as in the report.
        Map<String, List<String>> named = new TreeMap<>();
        for (NumberedFinding nf : r.findings()) {
          Map<String, String> g = nf.finding().group();
          Map<String, String> u = nf.finding().unit();
          if (g.size() == 1
              && g.containsKey(dim)
              && !u.containsKey("precinct")
              && county.equals(Aggregates.key(u.get("county_id")))) {
            named.computeIfAbsent(Aggregates.key(g.get(dim)), k -> new ArrayList<>()).add(nf.id());
          }
        }
        List<RateRow> rows =
            RateRow.of(cells, Aggregates::label, Set.of(), named.keySet(), suppress);
        for (RateRow row : rows) {
          List<String> line = new ArrayList<>();
          line.add(county);
          line.add(countyName(a, county));
          line.add(dim);
          line.add(row.key());
          line.add(cell(row.atRisk(), row.atRiskMark()));
          line.add(cell(row.removed(), row.removedMark()));
          rate(line, row);
          line.add(String.join(" ", named.getOrDefault(row.key(), List.of())));
          lines.add(line);
        }
      }
    }
    return EvidenceCsv.table(GROUPS_HEADER, lines);
  }

  /** Finding ids per county id (as the report's county table links them). */
  private static Map<String, List<String>> findingsByCounty(AuditResult r) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (NumberedFinding nf : r.findings()) {
      String c = nf.finding().unit().get("county_id");
      if (c != null) {
        m.computeIfAbsent(Aggregates.key(c), k -> new ArrayList<>()).add(nf.id());
      }
    }
    return m;
  }

  private static List<Mark> marks(
      List<String> keys, Map<String, Counts> cells, Function<Counts, Long> f, boolean suppress) {
    List<Long> counts = new ArrayList<>();
    keys.forEach(k -> counts.add(f.apply(cells.get(k))));
    return suppress ? Suppression.partition(counts) : Suppression.none(keys.size());
  }

  private static String countyName(Aggregates a, String county) {
    SortedMap<String, String> names = a.metrics().countyNames();
    String n = names == null ? null : names.get(county);
    return n == null ? "" : n;
  }

  /** A count as the report shows it, without thousands separators. */
  static String cell(long count, Mark mark) {
    return mark == Mark.SHOWN ? Long.toString(count) : Suppression.text(count, mark);
  }

  private static void rate(List<String> line, RateRow row) {
    boolean shown = !row.rateHidden();
    line.add(shown ? number(row.rate()) : "");
    line.add(shown ? number(row.low()) : "");
    line.add(shown ? number(row.high()) : "");
  }

  private static String number(double v) {
    String s = NumberText.significant(v, NumberText.JSON_DIGITS);
    return s == null ? "" : s;
  }

  /** For method.json: the tables, and the dimensions of county_groups.csv. */
  /** A timeline bundle's result (its method carries the intervals). */
  static boolean isTimeline(AuditResult r) {
    return r.method().containsKey("timeline");
  }

  static Map<String, Object> convention(List<String> paths) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("paths", List.copyOf(new TreeSet<>(paths)));
    m.put("dimensions", Aggregates.DIMENSIONS);
    m.put(
        "hidden_cells",
        "counts hidden as in the report: <11 (1 to 10) or \u2020 (complementary); rates on hidden"
            + " counts left empty");
    return m;
  }
}
