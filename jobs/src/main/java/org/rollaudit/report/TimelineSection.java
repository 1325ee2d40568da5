package org.rollaudit.report;

import static org.rollaudit.report.Markup.p;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The timeline section of a timeline report: the jurisdiction's removal rate per interval, a table
 * of the intervals, and small multiples (one panel per county with a finding, 12 panels per chart)
 * of the removal rate per interval with the intervals that fired marked. Readable for a whole
 * state: counties without a finding are not drawn, and their series is in {@code
 * tables/county_series.csv}. Suppressed points (a count of 1 to 10) are never placed on a scale.
 */
final class TimelineSection {
  private static final int COLUMNS = 3;
  private static final int ROWS = 4;
  private static final double PANEL_W = Charts.WIDTH / (double) COLUMNS;
  private static final double PANEL_H = 120;

  private TimelineSection() {}

  /** The "What was compared" sentence of a timeline's first page. */
  static String compared(ReportContext ctx, Timeline t) {
    Timeline.Interval first = t.intervals().get(0);
    Timeline.Interval last = t.intervals().get(t.intervals().size() - 1);
    return (t.intervals().size() + 1)
        + " snapshots of the voter registration list, from "
        + first.baselineAsOf()
        + " to "
        + last.currentAsOf()
        + ", each compared with the one before it ("
        + t.intervals().size()
        + (t.intervals().size() == 1 ? " interval" : " intervals")
        + "), voters matched by statewide voter number. Counts on this page are sums over the"
        + " intervals. The input files and their SHA-256 fingerprints (any change to a file changes"
        + " its fingerprint):";
  }

  static String write(ReportContext ctx, Timeline t) {
    boolean suppress = ctx.suppress();
    StringBuilder sb =
        new StringBuilder("<section class=\"page-break\" id=\"timeline\">\n<h2>Over time</h2>\n");
    sb.append(
        p(
            "Each interval is one pair of consecutive snapshots, audited with the same rules; a"
                + " finding belongs to one interval (\u201cInterval k\u201d at the start of its"
                + " sentence, statistic \u201cinterval\u201d in findings.json). The own-history"
                + " comparison of mass-deletion uses the intervals before the one it tests."));
    sb.append(Markup.figure(stateChart(t), stateCaption()));
    sb.append(intervalTable(t, suppress));

    Map<Timeline.CountyPoint, Suppression.Mark[]> marks = marks(t, suppress);
    Map<String, List<Timeline.CountyPoint>> byCounty = new LinkedHashMap<>();
    for (Timeline.CountyPoint pt : t.points()) {
      byCounty.computeIfAbsent(pt.countyId(), k -> new ArrayList<>()).add(pt);
    }
    List<String> withFindings = new ArrayList<>();
    for (Map.Entry<String, List<Timeline.CountyPoint>> e : byCounty.entrySet()) {
      if (e.getValue().stream().anyMatch(Timeline.CountyPoint::fired)) {
        withFindings.add(e.getKey());
      }
    }
    sb.append("<h3>Counties with a finding</h3>\n");
    if (withFindings.isEmpty()) {
      sb.append(p("No county had a finding in any interval."));
    }
    int perChart = COLUMNS * ROWS;
    for (int from = 0; from < withFindings.size(); from += perChart) {
      List<String> part =
          withFindings.subList(from, Math.min(withFindings.size(), from + perChart));
      int chart = from / perChart + 1;
      sb.append(
          Markup.figure(
              multiples("chart-timeline-" + chart, part, byCounty, marks, t),
              "Removal rate per interval (removed / active or inactive at the interval's start),"
                  + " one panel per county with a finding; red dots: intervals in which a finding"
                  + " names the county; grey dashed: the whole jurisdiction. Each panel has its"
                  + " own scale (its top value is printed)."
                  + (suppress
                      ? " Intervals whose counts are hidden (1 to 10) are left out of the line."
                      : "")));
    }
    int others = byCounty.size() - withFindings.size();
    sb.append(
        p(
            "The other "
                + others
                + (others == 1 ? " county" : " counties")
                + " had no finding in any interval; every county's series is in"
                + " tables/county_series.csv of this bundle."));
    return sb.append("</section>\n").toString();
  }

  private static String stateCaption() {
    return "Removal rate of the whole jurisdiction per interval; red: intervals with a finding.";
  }

  private static String stateChart(Timeline t) {
    int n = t.intervals().size();
    double left = 60;
    double right = Charts.WIDTH - 20;
    double top = 24;
    double bottom = 150;
    double max = 0;
    for (Timeline.Interval in : t.intervals()) {
      max = Math.max(max, rate(in.removed(), in.atRisk()));
    }
    double ymax = max <= 0 ? 0.01 : max * 1.15;
    SvgChart c =
        new SvgChart("chart-timeline-state", Charts.WIDTH, 190, "Removal rate per interval");
    c.line(left, bottom, right, bottom, SvgChart.GRID, 1, false);
    c.line(left, top, right, top, SvgChart.GRID, 1, false);
    c.text(left - 6, top + 4, NumberText.percentShort(ymax, 2), 10, "end", false, SvgChart.MUTED);
    c.text(left - 6, bottom + 4, "0%", 10, "end", false, SvgChart.MUTED);
    List<double[]> line = new ArrayList<>();
    for (Timeline.Interval in : t.intervals()) {
      double x = x(in.index(), n, left, right);
      double y = bottom - (bottom - top) * rate(in.removed(), in.atRisk()) / ymax;
      line.add(new double[] {x, y});
      c.text(x, bottom + 14, Integer.toString(in.index()), 10, "middle", false, SvgChart.MUTED);
    }
    c.polyline(line, SvgChart.BASE, 2, false);
    for (int i = 0; i < n; i++) {
      Timeline.Interval in = t.intervals().get(i);
      boolean fired = in.findings() > 0;
      c.circle(
          line.get(i)[0],
          line.get(i)[1],
          fired ? 4 : 2.5,
          fired ? SvgChart.ACCENT : SvgChart.BASE,
          null);
    }
    c.text((left + right) / 2, bottom + 32, "interval", 10, "middle", false, SvgChart.MUTED);
    return c.end();
  }

  private static String intervalTable(Timeline t, boolean suppress) {
    List<List<Object>> rows = new ArrayList<>();
    for (Timeline.Interval in : t.intervals()) {
      boolean hideN = suppress && in.atRisk() >= 1 && in.atRisk() < Suppression.MIN_SHOWN;
      boolean hideR = suppress && in.removed() >= 1 && in.removed() < Suppression.MIN_SHOWN;
      rows.add(
          List.of(
              Integer.toString(in.index()),
              in.baselineAsOf().toString(),
              in.currentAsOf().toString(),
              hideN ? "<11" : NumberText.count(in.atRisk()),
              hideR ? "<11" : NumberText.count(in.removed()),
              hideN || hideR || in.atRisk() == 0
                  ? "\u2014"
                  : NumberText.percent(rate(in.removed(), in.atRisk()), 3),
              Integer.toString(in.findings())));
    }
    return Markup.table(
        "intervals",
        List.of("#Interval", "From", "To", "#At risk", "#Removed", "#Rate", "#Findings"),
        rows);
  }

  private static String multiples(
      String id,
      List<String> counties,
      Map<String, List<Timeline.CountyPoint>> byCounty,
      Map<Timeline.CountyPoint, Suppression.Mark[]> marks,
      Timeline t) {
    int rows = (counties.size() + COLUMNS - 1) / COLUMNS;
    int n = t.intervals().size();
    SvgChart c =
        new SvgChart(
            id,
            Charts.WIDTH,
            (int) Math.ceil(rows * PANEL_H),
            "Removal rate per interval, counties with a finding");
    for (int k = 0; k < counties.size(); k++) {
      List<Timeline.CountyPoint> series = byCounty.get(counties.get(k));
      double ox = (k % COLUMNS) * PANEL_W;
      double oy = (k / COLUMNS) * PANEL_H;
      double left = ox + 8;
      double right = ox + PANEL_W - 12;
      double top = oy + 30;
      double bottom = oy + PANEL_H - 22;
      Timeline.CountyPoint any = series.get(0);
      String label =
          (any.countyDesc() == null || any.countyDesc().isEmpty() ? "county" : any.countyDesc())
              + " ("
              + any.countyId()
              + ")";
      c.text(left, oy + 14, Html.shorten(label, 28), 10, "start", true, SvgChart.INK);
      double max = 0;
      for (Timeline.CountyPoint pt : series) {
        if (shown(pt, marks)) {
          max = Math.max(max, rate(pt.removed(), pt.atRisk()));
        }
      }
      for (Timeline.Interval in : t.intervals()) {
        max = Math.max(max, rate(in.removed(), in.atRisk()));
      }
      double ymax = max <= 0 ? 0.01 : max * 1.1;
      c.text(
          right,
          oy + 14,
          "top " + NumberText.percentShort(ymax, 2),
          9,
          "end",
          false,
          SvgChart.MUTED);
      c.line(left, bottom, right, bottom, SvgChart.GRID, 1, false);
      List<double[]> state = new ArrayList<>();
      for (Timeline.Interval in : t.intervals()) {
        state.add(
            new double[] {
              x(in.index(), n, left, right),
              bottom - (bottom - top) * rate(in.removed(), in.atRisk()) / ymax
            });
      }
      c.polyline(state, SvgChart.MUTED, 1, true);
      List<double[]> line = new ArrayList<>();
      for (Timeline.CountyPoint pt : series) {
        if (!shown(pt, marks)) {
          if (line.size() > 1) {
            c.polyline(line, SvgChart.BASE, 1.5, false);
          }
          line = new ArrayList<>();
          continue;
        }
        line.add(
            new double[] {
              x(pt.interval(), n, left, right),
              bottom - (bottom - top) * rate(pt.removed(), pt.atRisk()) / ymax
            });
      }
      if (line.size() > 1) {
        c.polyline(line, SvgChart.BASE, 1.5, false);
      }
      for (Timeline.CountyPoint pt : series) {
        double x = x(pt.interval(), n, left, right);
        if (shown(pt, marks)) {
          double y = bottom - (bottom - top) * rate(pt.removed(), pt.atRisk()) / ymax;
          c.circle(
              x, y, pt.fired() ? 3.5 : 1.5, pt.fired() ? SvgChart.ACCENT : SvgChart.BASE, null);
        } else if (pt.fired()) {
          c.circle(x, bottom, 3.5, SvgChart.ACCENT, null);
        }
      }
      c.text(left, bottom + 12, "1", 9, "start", false, SvgChart.MUTED);
      c.text(right, bottom + 12, Integer.toString(n), 9, "end", false, SvgChart.MUTED);
    }
    return c.end();
  }

  private static boolean shown(
      Timeline.CountyPoint pt, Map<Timeline.CountyPoint, Suppression.Mark[]> marks) {
    Suppression.Mark[] m = marks.get(pt);
    return pt.atRisk() > 0 && !Suppression.hidesRate(m[1], m[0]);
  }

  /** The same marks as tables/county_series.csv, so chart and table hide the same cells. */
  private static Map<Timeline.CountyPoint, Suppression.Mark[]> marks(Timeline t, boolean suppress) {
    Map<Integer, List<Timeline.CountyPoint>> byInterval = new TreeMap<>();
    for (Timeline.CountyPoint pt : t.points()) {
      byInterval.computeIfAbsent(pt.interval(), k -> new ArrayList<>()).add(pt);
    }
    return CountySeriesCsv.marks(byInterval, !suppress);
  }

  private static double x(int index, int n, double left, double right) {
    return n <= 1 ? (left + right) / 2 : left + (right - left) * (index - 1) / (n - 1);
  }

  private static double rate(long removed, long atRisk) {
    return atRisk <= 0 ? 0 : (double) removed / atRisk;
  }
}
