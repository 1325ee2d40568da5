package org.rollaudit.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The report's three chart types, drawn with {@link SvgChart}. Hidden (suppressed) rows are never
 * placed on a scale: a dot's position or a bar's length would give the hidden count back.
 */
final class Charts {

  static final int WIDTH = 660;

  /**
   * Above this many rows a dot plot shows only the highest, the lowest and the highlighted rows.
   */
  static final int MAX_ROWS = 45;

  static final int HEAD_ROWS = 25;
  static final int TAIL_ROWS = 8;

  private Charts() {}

  /**
   * Rates with 95% intervals, one row per unit or group, sorted by rate (highest first), hidden
   * rows last; a dashed line marks the reference rate.
   */
  static String dotPlot(
      String id, String title, List<RateRow> input, double reference, String referenceLabel) {
    List<RateRow> rows = new ArrayList<>(input);
    rows.sort(
        Comparator.comparing(RateRow::rateHidden)
            .thenComparing(r -> r.rateHidden() ? 0 : -r.rate())
            .thenComparing(RateRow::key, Aggregates.NATURAL));
    int omitted = 0;
    if (rows.size() > MAX_ROWS) {
      // Too many to read: the highest, the lowest and every highlighted row; the table has all.
      List<RateRow> kept = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        RateRow r = rows.get(i);
        boolean edge = i < HEAD_ROWS || i >= rows.size() - TAIL_ROWS;
        if (edge || r.highlighted()) {
          if (!kept.isEmpty() && omitted > 0) {
            kept.add(null);
          }
          kept.add(r);
          omitted = 0;
        } else {
          omitted++;
        }
      }
      omitted = rows.size() - (int) kept.stream().filter(java.util.Objects::nonNull).count();
      rows = kept;
    }
    double rowH =
        StrictMath.max(
            10, StrictMath.min(18, StrictMath.floor(600.0 / StrictMath.max(1, rows.size()))));
    double font = StrictMath.min(11, rowH - 1.5);
    double top = 28;
    double left = 200;
    double right = 570;
    int height = (int) StrictMath.ceil(top + rows.size() * rowH + 34);
    double max = Double.isFinite(reference) ? reference : 0;
    for (RateRow r : rows) {
      if (r != null && !r.rateHidden()) {
        max = StrictMath.max(max, Double.isFinite(r.high()) ? r.high() : r.rate());
      }
    }
    double step = niceStep(max <= 0 ? 0.01 : max * 1.05);
    double xmax = StrictMath.ceil((max <= 0 ? 0.01 : max * 1.05) / step) * step;
    SvgChart c = new SvgChart(id, WIDTH, height, title);
    double bottom = top + rows.size() * rowH;
    for (double t = 0; t <= xmax + step / 2; t += step) {
      double x = left + (right - left) * t / xmax;
      c.line(x, top - 4, x, bottom, SvgChart.GRID, 1, false);
      c.text(x, bottom + 14, NumberText.percentShort(t, 3), 10, "middle", false, SvgChart.MUTED);
    }
    c.text(
        (left + right) / 2,
        bottom + 30,
        "removal rate (dot) with 95% interval (line)",
        10,
        "middle",
        false,
        SvgChart.MUTED);
    if (Double.isFinite(reference) && reference >= 0) {
      double x = left + (right - left) * reference / xmax;
      c.line(x, top - 4, x, bottom, SvgChart.INK, 1, true);
      c.text(x, top - 10, Html.shorten(referenceLabel, 60), 10, "middle", false, SvgChart.INK);
    }
    double y = top;
    for (RateRow r : rows) {
      double mid = y + rowH / 2;
      if (r == null) {
        c.text(left - 8, mid + font / 3, "\u22ee", font, "end", false, SvgChart.MUTED);
        c.text(
            left + 4,
            mid + font / 3,
            "rows not drawn here are in the table",
            font,
            "start",
            false,
            SvgChart.MUTED);
        y += rowH;
        continue;
      }
      String ink = r.highlighted() ? SvgChart.ACCENT : SvgChart.INK;
      c.text(
          left - 8, mid + font / 3, Html.shorten(r.label(), 30), font, "end", r.highlighted(), ink);
      if (r.rateHidden()) {
        c.text(left + 4, mid + font / 3, hiddenNote(r), font, "start", false, SvgChart.MUTED);
      } else {
        double px = left + (right - left) * r.rate() / xmax;
        if (Double.isFinite(r.low())) {
          double lx = left + (right - left) * r.low() / xmax;
          double hx = left + (right - left) * r.high() / xmax;
          c.line(
              lx,
              mid,
              hx,
              mid,
              r.highlighted() ? SvgChart.ACCENT : SvgChart.BASE,
              r.highlighted() ? 2 : 1,
              false);
        }
        c.circle(
            px,
            mid,
            StrictMath.min(4, rowH / 3),
            r.highlighted() ? SvgChart.ACCENT : SvgChart.BASE,
            null);
        c.text(right + 8, mid + font / 3, r.rateText(), font, "start", r.highlighted(), ink);
      }
      y += rowH;
    }
    return c.end();
  }

  /**
   * A funnel plot: each unit's rate against its size (log scale), with 95% and 99.8% limits around
   * the reference rate; the highlighted unit carries its 95% interval and its name.
   */
  static String funnel(String id, String title, List<RateRow> rows, double p0) {
    double left = 64;
    double right = WIDTH - 24;
    double top = 20;
    double bottom = 250;
    int height = 300;
    List<RateRow> shown = rows.stream().filter(r -> !r.rateHidden()).toList();
    long minN = shown.stream().mapToLong(RateRow::atRisk).min().orElse(10);
    long maxN = shown.stream().mapToLong(RateRow::atRisk).max().orElse(1000);
    double lx0 = StrictMath.floor(StrictMath.log10(StrictMath.max(1, minN)));
    double lx1 =
        StrictMath.max(lx0 + 1, StrictMath.ceil(StrictMath.log10(StrictMath.max(10, maxN))));
    double ymax = Double.isFinite(p0) ? p0 * 2 : 0.01;
    for (RateRow r : shown) {
      ymax =
          StrictMath.max(ymax, r.highlighted() && Double.isFinite(r.high()) ? r.high() : r.rate());
    }
    double ystep = niceStep(ymax * 1.1);
    ymax = StrictMath.min(1, StrictMath.ceil(ymax * 1.1 / ystep) * ystep);
    SvgChart c = new SvgChart(id, WIDTH, height, title);
    final double fx0 = lx0;
    final double fx1 = lx1;
    final double fy = ymax;
    java.util.function.DoubleUnaryOperator sx =
        n -> left + (right - left) * (StrictMath.log10(n) - fx0) / (fx1 - fx0);
    java.util.function.DoubleUnaryOperator sy =
        r -> bottom - (bottom - top) * StrictMath.min(r, fy) / fy;
    for (double t = 0; t <= ymax + ystep / 2; t += ystep) {
      c.line(left, sy.applyAsDouble(t), right, sy.applyAsDouble(t), SvgChart.GRID, 1, false);
      c.text(
          left - 6,
          sy.applyAsDouble(t) + 3,
          NumberText.percentShort(t, 3),
          10,
          "end",
          false,
          SvgChart.MUTED);
    }
    for (int e = (int) lx0; e <= (int) lx1; e++) {
      double x = sx.applyAsDouble(StrictMath.pow(10, e));
      c.line(x, top, x, bottom, SvgChart.GRID, 1, false);
      c.text(
          x,
          bottom + 14,
          NumberText.count((long) StrictMath.pow(10, e)),
          10,
          "middle",
          false,
          SvgChart.MUTED);
    }
    c.text(
        (left + right) / 2,
        bottom + 32,
        "voters at risk (active or inactive at baseline), log scale",
        10,
        "middle",
        false,
        SvgChart.MUTED);
    if (Double.isFinite(p0) && p0 > 0 && p0 < 1) {
      c.line(left, sy.applyAsDouble(p0), right, sy.applyAsDouble(p0), SvgChart.INK, 1, true);
      for (double z : new double[] {1.96, 3.09}) {
        List<double[]> upper = new ArrayList<>();
        List<double[]> lower = new ArrayList<>();
        for (int k = 0; k <= 60; k++) {
          double n = StrictMath.pow(10, lx0 + (lx1 - lx0) * k / 60.0);
          double half = z * StrictMath.sqrt(p0 * (1 - p0) / n);
          upper.add(
              new double[] {
                sx.applyAsDouble(n), sy.applyAsDouble(StrictMath.min(p0 + half, ymax))
              });
          lower.add(
              new double[] {sx.applyAsDouble(n), sy.applyAsDouble(StrictMath.max(p0 - half, 0))});
        }
        c.polyline(upper, SvgChart.FUNNEL, 1, z > 2);
        c.polyline(lower, SvgChart.FUNNEL, 1, z > 2);
      }
    }
    for (RateRow r : shown) {
      if (!r.highlighted()) {
        c.circle(
            sx.applyAsDouble(r.atRisk()), sy.applyAsDouble(r.rate()), 2.5, SvgChart.BASE, null);
      }
    }
    for (RateRow r : shown) {
      if (r.highlighted()) {
        double x = sx.applyAsDouble(r.atRisk());
        if (Double.isFinite(r.low())) {
          c.line(
              x,
              sy.applyAsDouble(r.low()),
              x,
              sy.applyAsDouble(r.high()),
              SvgChart.ACCENT,
              2,
              false);
        }
        c.circle(x, sy.applyAsDouble(r.rate()), 4.5, SvgChart.ACCENT, "#ffffff");
        String anchor = x > (left + right) / 2 ? "end" : "start";
        double dx = anchor.equals("end") ? -8 : 8;
        c.text(
            x + dx,
            sy.applyAsDouble(r.rate()) - 6,
            Html.shorten(r.label(), 30) + " " + r.rateText(),
            11,
            anchor,
            true,
            SvgChart.ACCENT);
      }
    }
    return c.end();
  }

  /** Horizontal bars for counts; hidden rows get a "<11" note and no bar. */
  static String bars(String id, String title, List<CountRow> rows, String unitLabel) {
    double rowH =
        StrictMath.max(
            12, StrictMath.min(20, StrictMath.floor(700.0 / StrictMath.max(1, rows.size()))));
    double font = StrictMath.min(11, rowH - 2);
    double top = 8;
    double left = 200;
    double right = 560;
    int height = (int) StrictMath.ceil(top + rows.size() * rowH + 28);
    long max = 1;
    for (CountRow r : rows) {
      if (!r.mark().hidden()) {
        max = StrictMath.max(max, r.count());
      }
    }
    SvgChart c = new SvgChart(id, WIDTH, height, title);
    double y = top;
    for (CountRow r : rows) {
      double mid = y + rowH / 2;
      String ink = r.highlighted() ? SvgChart.ACCENT : SvgChart.INK;
      c.text(
          left - 8, mid + font / 3, Html.shorten(r.label(), 30), font, "end", r.highlighted(), ink);
      if (r.mark().hidden()) {
        c.text(
            left + 4,
            mid + font / 3,
            r.countText() + " (not drawn)",
            font,
            "start",
            false,
            SvgChart.MUTED);
      } else {
        double w = (right - left) * r.count() / max;
        c.rect(left, y + 2, w, rowH - 4, r.highlighted() ? SvgChart.ACCENT : SvgChart.BASE, null);
        c.text(left + w + 6, mid + font / 3, r.countText(), font, "start", r.highlighted(), ink);
      }
      y += rowH;
    }
    c.line(left, top, left, y, SvgChart.INK, 1, false);
    c.text((left + right) / 2, y + 18, unitLabel, 10, "middle", false, SvgChart.MUTED);
    return c.end();
  }

  private static String hiddenNote(RateRow r) {
    if (r.atRisk() == 0) {
      return "no voters at risk";
    }
    return "rate not shown (" + Suppression.text(r.removed(), r.removedMark()) + " removed)";
  }

  /** 1, 2 or 5 times a power of ten, giving about five ticks up to {@code max}. */
  static double niceStep(double max) {
    double raw = max / 5;
    double p = StrictMath.pow(10, StrictMath.floor(StrictMath.log10(raw)));
    double f = raw / p;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * p;
  }
}
