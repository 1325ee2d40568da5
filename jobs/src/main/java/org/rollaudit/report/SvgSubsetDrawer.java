package org.rollaudit.report;

import com.openhtmltopdf.css.constants.IdentValue;
import com.openhtmltopdf.css.parser.FSRGBColor;
import com.openhtmltopdf.css.sheet.FontFaceRule;
import com.openhtmltopdf.css.style.CssContext;
import com.openhtmltopdf.css.value.FontSpecification;
import com.openhtmltopdf.extend.OutputDevice;
import com.openhtmltopdf.extend.SVGDrawer;
import com.openhtmltopdf.layout.SharedContext;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.render.Box;
import com.openhtmltopdf.render.FSFont;
import com.openhtmltopdf.render.RenderingContext;
import java.awt.BasicStroke;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.File;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Draws the report's own SVG subset ({@link SvgChart}: rect, line, polyline, circle, text with
 * presentation attributes) into the PDF through openhtmltopdf's output device. We do not use Batik
 * (openhtmltopdf-svg-support): it is not a dependency, and drawing the subset ourselves keeps chart
 * text in the embedded DejaVu font, selectable, and byte-stable.
 *
 * <p>Anything outside the subset is skipped, not guessed at; the HTML report shows the same SVG
 * natively in a browser.
 */
final class SvgSubsetDrawer implements SVGDrawer {

  static final String FAMILY = "DejaVu Sans";

  @Override
  public void importFontFaceRules(List<FontFaceRule> rules, SharedContext shared) {
    // Charts use the fonts registered with the builder; no @font-face rules.
  }

  @Override
  public void addFontFile(File file, String family, Integer weight, FontStyle style) {
    // Not used: fonts come from the jar through the builder's useFont.
  }

  @Override
  public void close() {}

  @Override
  public SVGImage buildSVGImage(
      Element svg,
      Box box,
      CssContext css,
      double cssWidth,
      double cssHeight,
      double dotsPerPixel) {
    double w = attr(svg, "width", 300);
    double h = attr(svg, "height", 150);
    double[] viewBox = viewBox(svg, w, h);
    double drawW = cssWidth >= 0 ? cssWidth : w * dotsPerPixel;
    double drawH =
        cssHeight >= 0 ? cssHeight : (cssWidth >= 0 ? cssWidth * h / w : h * dotsPerPixel);
    return new Image(svg, drawW, drawH, drawW / viewBox[2], drawH / viewBox[3]);
  }

  private record Image(Element svg, double width, double height, double sx, double sy)
      implements SVGImage {

    @Override
    public int getIntrinsicWidth() {
      return (int) StrictMath.round(width);
    }

    @Override
    public int getIntrinsicHeight() {
      return (int) StrictMath.round(height);
    }

    @Override
    public void drawSVG(OutputDevice od, RenderingContext ctx, double x, double y) {
      Stroke saved = od.getStroke();
      try {
        drawChildren(svg, od, ctx, x, y);
      } finally {
        od.setStroke(saved);
      }
    }

    private void drawChildren(
        Element parent, OutputDevice od, RenderingContext ctx, double x, double y) {
      for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e) {
          draw(e, od, ctx, x, y);
        }
      }
    }

    private void draw(Element e, OutputDevice od, RenderingContext ctx, double x, double y) {
      switch (e.getLocalName() != null ? e.getLocalName() : e.getNodeName()) {
        case "g" -> drawChildren(e, od, ctx, x, y);
        case "rect" ->
            paint(
                e,
                od,
                new Rectangle2D.Double(
                    x + sx * attr(e, "x", 0),
                    y + sy * attr(e, "y", 0),
                    sx * attr(e, "width", 0),
                    sy * attr(e, "height", 0)));
        case "circle" -> {
          double r = attr(e, "r", 0);
          paint(
              e,
              od,
              new Ellipse2D.Double(
                  x + sx * (attr(e, "cx", 0) - r),
                  y + sy * (attr(e, "cy", 0) - r),
                  2 * r * sx,
                  2 * r * sy));
        }
        case "line" ->
            paint(
                e,
                od,
                new Line2D.Double(
                    x + sx * attr(e, "x1", 0),
                    y + sy * attr(e, "y1", 0),
                    x + sx * attr(e, "x2", 0),
                    y + sy * attr(e, "y2", 0)));
        case "polyline" -> paint(e, od, polyline(e.getAttribute("points"), x, y));
        case "text" -> text(e, od, ctx, x, y);
        default -> {} // title and anything unknown: nothing to draw
      }
    }

    private Shape polyline(String points, double x, double y) {
      Path2D.Double p = new Path2D.Double();
      String[] pairs = points.trim().split("\\s+");
      for (int i = 0; i < pairs.length; i++) {
        String[] xy = pairs[i].split(",");
        if (xy.length != 2) {
          continue;
        }
        double px = x + sx * Double.parseDouble(xy[0]);
        double py = y + sy * Double.parseDouble(xy[1]);
        if (i == 0) {
          p.moveTo(px, py);
        } else {
          p.lineTo(px, py);
        }
      }
      return p;
    }

    private void paint(Element e, OutputDevice od, Shape shape) {
      FSRGBColor fill = color(e.getAttribute("fill"));
      boolean isLine = shape instanceof Line2D || shape instanceof Path2D;
      if (fill != null && !isLine) {
        od.setColor(fill);
        od.fill(shape);
      }
      FSRGBColor stroke = color(e.getAttribute("stroke"));
      if (stroke != null) {
        float width = (float) (sx * attr(e, "stroke-width", 1));
        float[] dash = null;
        if (!e.getAttribute("stroke-dasharray").isBlank()) {
          String[] parts = e.getAttribute("stroke-dasharray").trim().split("[\\s,]+");
          dash = new float[parts.length];
          for (int i = 0; i < parts.length; i++) {
            dash[i] = (float) (sx * Double.parseDouble(parts[i]));
          }
        }
        od.setStroke(
            new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        od.setColor(stroke);
        od.draw(shape);
      }
    }

    private void text(Element e, OutputDevice od, RenderingContext ctx, double x, double y) {
      String s = e.getTextContent();
      if (s == null || s.isEmpty()) {
        return;
      }
      FontSpecification spec = new FontSpecification();
      spec.families = new String[] {FAMILY};
      spec.size = (float) (sy * attr(e, "font-size", 11));
      spec.fontWeight =
          "bold".equals(e.getAttribute("font-weight")) ? IdentValue.BOLD : IdentValue.NORMAL;
      spec.fontStyle = IdentValue.NORMAL;
      spec.variant = IdentValue.NORMAL;
      FSFont font = ctx.getFont(spec);
      od.setFont(font);
      FSRGBColor fill = color(e.getAttribute("fill"));
      od.setColor(fill != null ? fill : new FSRGBColor(0, 0, 0));
      double tx = x + sx * attr(e, "x", 0);
      double ty = y + sy * attr(e, "y", 0);
      String anchor = e.getAttribute("text-anchor");
      if ("middle".equals(anchor) || "end".equals(anchor)) {
        int w = ctx.getTextRenderer().getWidth(ctx.getFontContext(), font, s);
        tx -= "middle".equals(anchor) ? w / 2.0 : w;
      }
      ctx.getTextRenderer().drawString(od, s, (float) tx, (float) ty);
    }
  }

  private static FSRGBColor color(String v) {
    if (v == null || !v.matches("#[0-9a-fA-F]{6}")) {
      return null;
    }
    int rgb = Integer.parseInt(v.substring(1), 16);
    return new FSRGBColor((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
  }

  private static double attr(Element e, String name, double fallback) {
    String v = e.getAttribute(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.trim().replace("px", ""));
    } catch (NumberFormatException ex) {
      return fallback;
    }
  }

  private static double[] viewBox(Element svg, double w, double h) {
    String[] p = svg.getAttribute("viewBox").trim().split("[\\s,]+");
    if (p.length == 4) {
      try {
        double vw = Double.parseDouble(p[2]);
        double vh = Double.parseDouble(p[3]);
        if (vw > 0 && vh > 0) {
          return new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1]), vw, vh};
        }
      } catch (NumberFormatException ignored) {
        // fall through to width and height
      }
    }
    return new double[] {0, 0, w, h};
  }
}
