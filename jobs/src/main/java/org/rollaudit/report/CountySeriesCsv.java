package org.rollaudit.report;

import com.opencsv.CSVWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tables/county_series.csv} of a timeline bundle: one row per county and interval (county,
 * then interval order) for notebooks and spreadsheets. Public bundles suppress small cells as the
 * report does: within each interval the counties' removals, and separately their at-risk voters,
 * are a partition of the interval's known total, so {@link Suppression#partition} hides 1 to 10 as
 * {@code <11} (and a complementary cell as {@code †}); a rate on a hidden count is left empty.
 */
final class CountySeriesCsv {
  static final String PATH = "tables/county_series.csv";
  static final List<String> HEADER =
      List.of(
          "county_id",
          "county_desc",
          "baseline_as_of",
          "current_as_of",
          "at_risk",
          "removed",
          "removal_rate",
          "fired");

  private CountySeriesCsv() {}

  static String write(Timeline t, boolean restricted) throws IOException {
    Map<Integer, List<Timeline.CountyPoint>> byInterval = new TreeMap<>();
    for (Timeline.CountyPoint p : t.points()) {
      byInterval.computeIfAbsent(p.interval(), k -> new ArrayList<>()).add(p);
    }
    Map<Timeline.CountyPoint, Suppression.Mark[]> marks = marks(byInterval, restricted);
    StringWriter s = new StringWriter();
    try (CSVWriter w = new CSVWriter(s, ',', '"', '"', "\n")) {
      w.writeNext(HEADER.toArray(new String[0]), false);
      for (Timeline.CountyPoint p : t.points()) {
        Timeline.Interval in = t.intervals().get(p.interval() - 1);
        Suppression.Mark[] m = marks.get(p);
        boolean rateHidden = Suppression.hidesRate(m[1], m[0]) || p.atRisk() == 0;
        w.writeNext(
            new String[] {
              FormulaGuard.guard(p.countyId()),
              FormulaGuard.guard(p.countyDesc()),
              in.baselineAsOf().toString(),
              in.currentAsOf().toString(),
              cell(p.atRisk(), m[0]),
              cell(p.removed(), m[1]),
              rateHidden ? "" : NumberText.fixed((double) p.removed() / p.atRisk(), 6),
              p.fired() ? "1" : "0"
            },
            false);
      }
    }
    return s.toString();
  }

  /** Plain digits (no thousands separator) for machines; hidden cells as the report shows them. */
  private static String cell(long v, Suppression.Mark m) {
    return m == Suppression.Mark.SHOWN ? Long.toString(v) : Suppression.text(v, m);
  }

  /** Per point: the marks of its at-risk and removed counts, in that order. */
  static Map<Timeline.CountyPoint, Suppression.Mark[]> marks(
      Map<Integer, List<Timeline.CountyPoint>> byInterval, boolean restricted) {
    Map<Timeline.CountyPoint, Suppression.Mark[]> out = new java.util.HashMap<>();
    for (List<Timeline.CountyPoint> ps : byInterval.values()) {
      List<Long> atRisk = ps.stream().map(Timeline.CountyPoint::atRisk).toList();
      List<Long> removed = ps.stream().map(Timeline.CountyPoint::removed).toList();
      List<Suppression.Mark> a =
          restricted ? Suppression.none(ps.size()) : Suppression.partition(atRisk);
      List<Suppression.Mark> r =
          restricted ? Suppression.none(ps.size()) : Suppression.partition(removed);
      for (int i = 0; i < ps.size(); i++) {
        out.put(ps.get(i), new Suppression.Mark[] {a.get(i), r.get(i)});
      }
    }
    return out;
  }
}
