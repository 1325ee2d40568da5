package org.rollaudit.report;

import java.util.List;

/**
 * Tiny HTML building blocks that escape by default: a {@link String} cell is data and is escaped;
 * only a {@link Raw} (markup this package wrote) passes through. Keeping the default on the safe
 * side means forgetting a call leaves a value escaped, never live.
 */
final class Markup {

  /** Markup written by this package (never data). */
  record Raw(String html) {}

  private Markup() {}

  static Raw raw(String html) {
    return new Raw(html);
  }

  /** Escaped text, or the markup of a {@link Raw}. */
  static String html(Object o) {
    if (o instanceof Raw r) {
      return r.html();
    }
    return Html.text(o == null ? "" : o.toString());
  }

  static String el(String tag, String cssClass, Object content) {
    return "<"
        + tag
        + (cssClass == null ? "" : " class=\"" + cssClass + "\"")
        + ">"
        + html(content)
        + "</"
        + tag
        + ">\n";
  }

  static String p(Object content) {
    return el("p", null, content);
  }

  static String ul(List<?> items) {
    StringBuilder sb = new StringBuilder("<ul>\n");
    for (Object i : items) {
      sb.append("<li>").append(html(i)).append("</li>\n");
    }
    return sb.append("</ul>\n").toString();
  }

  /**
   * A table. Columns whose header starts with '#' are right-aligned numbers (the '#' is dropped).
   */
  static String table(String cssClass, List<String> header, List<List<Object>> rows) {
    StringBuilder sb =
        new StringBuilder("<table class=\"").append(cssClass).append("\">\n<thead><tr>");
    boolean[] numeric = new boolean[header.size()];
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i);
      numeric[i] = h.startsWith("#");
      sb.append(numeric[i] ? "<th class=\"num\">" : "<th>")
          .append(Html.text(numeric[i] ? h.substring(1) : h))
          .append("</th>");
    }
    sb.append("</tr></thead>\n<tbody>\n");
    for (List<Object> row : rows) {
      sb.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        sb.append(i < numeric.length && numeric[i] ? "<td class=\"num\">" : "<td>")
            .append(html(row.get(i)))
            .append("</td>");
      }
      sb.append("</tr>\n");
    }
    return sb.append("</tbody>\n</table>\n").toString();
  }

  /** A two-column key/value table. */
  static String keyValues(List<List<Object>> rows) {
    StringBuilder sb = new StringBuilder("<table class=\"kv\">\n<tbody>\n");
    for (List<Object> r : rows) {
      sb.append("<tr><th>")
          .append(html(r.get(0)))
          .append("</th><td>")
          .append(html(r.get(1)))
          .append("</td></tr>\n");
    }
    return sb.append("</tbody>\n</table>\n").toString();
  }

  /**
   * A figure: the chart's SVG (written by {@link SvgChart}, data inside it escaped) and a caption.
   */
  static String figure(String svg, Object caption) {
    return "<figure>\n" + svg + "<figcaption>" + html(caption) + "</figcaption>\n</figure>\n";
  }
}
