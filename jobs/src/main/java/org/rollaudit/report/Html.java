package org.rollaudit.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Escaping for the report. Every value that comes from data (names, codes, explanations, rule
 * parameters) passes through {@link #text} (element content and double-quoted attributes) or {@link
 * #svg} (SVG text); the report never puts data into {@code <style>}, URLs or unquoted attributes.
 * Before escaping, characters XML 1.0 forbids (C0 controls, stray surrogates) become U+FFFD, so the
 * same text is valid HTML and valid XHTML for the PDF renderer.
 */
public final class Html {

  private static final Pattern NAMED_ENTITY = Pattern.compile("&([A-Za-z][A-Za-z0-9]*);");
  private static final List<String> XML_ENTITIES = List.of("lt", "gt", "amp", "quot", "apos");

  private Html() {}

  /** Escaped for HTML element content or a double-quoted attribute (commons-text escapeHtml4). */
  public static String text(String s) {
    return StringEscapeUtils.escapeHtml4(clean(s));
  }

  /** Escaped for SVG text and attributes (commons-text escapeXml10). */
  public static String svg(String s) {
    return StringEscapeUtils.escapeXml10(clean(s));
  }

  /** At most {@code max} code points, with an ellipsis when cut (labels in charts). */
  public static String shorten(String s, int max) {
    String c = clean(s);
    if (c.codePointCount(0, c.length()) <= max) {
      return c;
    }
    return c.substring(0, c.offsetByCodePoints(0, max - 1)) + "\u2026";
  }

  /**
   * The HTML as XML for openhtmltopdf, whose XML parser knows only the five XML entities:
   * escapeHtml4's named entities ({@code &eacute;}) become numeric references ({@code &#233;}). Our
   * own markup uses no named entities besides the XML five, so only data is affected.
   */
  static String toXml(String html) {
    Matcher m = NAMED_ENTITY.matcher(html);
    StringBuilder sb = new StringBuilder(html.length());
    while (m.find()) {
      String name = m.group(1);
      String replacement = m.group();
      if (!XML_ENTITIES.contains(name)) {
        String decoded = StringEscapeUtils.unescapeHtml4(m.group());
        if (!decoded.equals(m.group()) && decoded.codePointCount(0, decoded.length()) == 1) {
          replacement = "&#" + decoded.codePointAt(0) + ";";
        }
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Null-safe; replaces characters that are not allowed in XML 1.0 with U+FFFD. */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok;
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        if (sb != null) {
          sb.append(c).append(s.charAt(i + 1));
        }
        i++;
        continue;
      }
      ok =
          c == '\t'
              || c == '\n'
              || c == '\r'
              || (c >= 0x20 && c < 0x7f)
              || (c > 0x9f && c < 0xd800)
              || (c > 0xdfff && c < 0xfffe);
      if (!ok && sb == null) {
        sb = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (sb != null) {
        sb.append(ok ? c : '\uFFFD');
      }
    }
    return sb == null ? s : sb.toString();
  }
}
