package org.rollaudit.report;

import java.util.List;

/**
 * A small deterministic SVG writer for the report's charts. Deliberately limited to what {@link
 * SvgSubsetDrawer} can draw in the PDF: {@code rect}, {@code line}, {@code polyline}, {@code
 * circle} and {@code text}, styled only by presentation attributes (no CSS, no ids besides the
 * chart's own, no defs). Coordinates go through {@link NumberText#fixed} with one decimal, so the
 * same data gives the same bytes everywhere; ids come from finding ids or fixed names, never from
 * counters or time.
 */
final class SvgChart {

  static final String INK = "#1f2933";
  static final String MUTED = "#7b8794";
  static final String GRID = "#d9e2ec";
  static final String ACCENT = "#b42318";
  static final String BASE = "#2f5d8a";
  static final String FUNNEL = "#9fb3c8";
  static final String FONT = "DejaVu Sans, Verdana, sans-serif";

  private final StringBuilder sb = new StringBuilder();
  private final int width;
  private final int height;

  /**
   * Starts a chart.
   *
   * @param id a fixed id ("chart-F-0001", "chart-counties"); must be [A-Za-z0-9-]
   * @param title accessible title (data: escaped)
   */
  SvgChart(String id, int width, int height, String title) {
    if (!id.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("Cannot build chart: bad id (" + id + ")");
    }
    this.width = width;
    this.height = height;
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"")
        .append(id)
        .append("\" class=\"chart\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-labelledby=\"")
        .append(id)
        .append("-title\">\n");
    sb.append("<title id=\"")
        .append(id)
        .append("-title\">")
        .append(Html.svg(title))
        .append("</title>\n");
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  SvgChart rect(double x, double y, double w, double h, String fill, String stroke) {
    sb.append("<rect x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" width=\"")
        .append(n(Math.max(0, w)))
        .append("\" height=\"")
        .append(n(Math.max(0, h)))
        .append("\" fill=\"")
        .append(fill)
        .append('"');
    if (stroke != null) {
      sb.append(" stroke=\"").append(stroke).append("\" stroke-width=\"1\"");
    }
    sb.append("/>\n");
    return this;
  }

  SvgChart line(
      double x1,
      double y1,
      double x2,
      double y2,
      String stroke,
      double strokeWidth,
      boolean dashed) {
    sb.append("<line x1=\"")
        .append(n(x1))
        .append("\" y1=\"")
        .append(n(y1))
        .append("\" x2=\"")
        .append(n(x2))
        .append("\" y2=\"")
        .append(n(y2))
        .append("\" stroke=\"")
        .append(stroke)
        .append("\" stroke-width=\"")
        .append(n(strokeWidth))
        .append('"');
    if (dashed) {
      sb.append(" stroke-dasharray=\"4 3\"");
    }
    sb.append("/>\n");
    return this;
  }

  /** An open line through points {x0, y0, x1, y1, ...}. */
  SvgChart polyline(List<double[]> points, String stroke, double strokeWidth, boolean dashed) {
    sb.append("<polyline fill=\"none\" stroke=\"")
        .append(stroke)
        .append("\" stroke-width=\"")
        .append(n(strokeWidth))
        .append('"');
    if (dashed) {
      sb.append(" stroke-dasharray=\"4 3\"");
    }
    sb.append(" points=\"");
    for (int i = 0; i < points.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(n(points.get(i)[0])).append(',').append(n(points.get(i)[1]));
    }
    sb.append("\"/>\n");
    return this;
  }

  SvgChart circle(double cx, double cy, double r, String fill, String stroke) {
    sb.append("<circle cx=\"")
        .append(n(cx))
        .append("\" cy=\"")
        .append(n(cy))
        .append("\" r=\"")
        .append(n(r))
        .append("\" fill=\"")
        .append(fill)
        .append('"');
    if (stroke != null) {
      sb.append(" stroke=\"").append(stroke).append("\" stroke-width=\"1\"");
    }
    sb.append("/>\n");
    return this;
  }

  /**
   * Text (data: escaped).
   *
   * @param anchor "start", "middle" or "end"
   */
  SvgChart text(
      double x, double y, String text, double size, String anchor, boolean bold, String fill) {
    sb.append("<text x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" font-family=\"")
        .append(FONT)
        .append("\" font-size=\"")
        .append(n(size))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append('"');
    if (bold) {
      sb.append(" font-weight=\"bold\"");
    }
    sb.append(" fill=\"").append(fill).append("\">").append(Html.svg(text)).append("</text>\n");
    return this;
  }

  /** The finished element. */
  String end() {
    return sb + "</svg>\n";
  }

  private static String n(double v) {
    return NumberText.fixed(v, 1);
  }
}
