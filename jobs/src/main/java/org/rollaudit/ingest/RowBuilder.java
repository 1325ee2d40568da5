package org.rollaudit.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rollaudit.layout.HeaderBinding;
import org.rollaudit.layout.Layout;
import org.rollaudit.store.CanonicalSchema;

/**
 * Turns one record's bytes into a canonical row, or names the first reason to reject it (checks run
 * in {@link RejectReason} order). Values are trimmed and whitespace-collapsed; an empty value is
 * null; dates parse strictly by the layout's patterns; numbers are plain digits in range; codes are
 * checked against the layout's list (reject or warn per column).
 *
 * <p>Messages name the column and the rule, never the value (reliability.md §7).
 */
final class RowBuilder {
  private static final Object BAD = new Object();
  private static final int NAME_FP = CanonicalSchema.DATA_COLUMNS.indexOf("name_fp");
  private static final int ADDRESS_FP = CanonicalSchema.DATA_COLUMNS.indexOf("address_fp");

  private final Layout layout;
  private final HeaderBinding h;
  private final int fileIndex;
  private final LocalDate asOf;
  private final boolean utf8;
  private final Charset cs;
  private final Tokenizer t;
  private final Fingerprint fp = new Fingerprint();
  private final List<Layout.Column> cols;
  private final int[] dataPos;
  private final int[] piiPos;
  private final DateTimeFormatter[][] formats;
  private final DateCache[] dateCache;
  private final DateTimeFormatter[] asOfFormats;
  private final byte[] collapse = new byte[1 << 12];
  final Map<String, Long> warnings;

  Object[] data;
  Object[] pii;
  RejectReason reason;
  int column;
  String message;
  String key;
  boolean confidential;

  RowBuilder(
      Layout layout,
      HeaderBinding h,
      int fileIndex,
      LocalDate asOf,
      boolean utf8,
      Map<String, Long> warnings) {
    this.layout = layout;
    this.h = h;
    this.fileIndex = fileIndex;
    this.asOf = asOf;
    this.utf8 = utf8;
    this.cs = utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    this.t = new Tokenizer(layout);
    this.cols = layout.columns();
    this.warnings = warnings;
    dataPos = new int[cols.size()];
    piiPos = new int[cols.size()];
    formats = new DateTimeFormatter[cols.size()][];
    dateCache = new DateCache[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      Layout.Column c = cols.get(i);
      dataPos[i] = CanonicalSchema.DATA_COLUMNS.indexOf(c.canonical());
      piiPos[i] = CanonicalSchema.PII_COLUMNS.indexOf(c.canonical());
      formats[i] = formatters(c.patterns());
      dateCache[i] = new DateCache();
    }
    asOfFormats = formatters(layout.datePatterns());
  }

  private static DateTimeFormatter[] formatters(List<String> patterns) {
    return patterns.stream()
        .map(
            p ->
                DateTimeFormatter.ofPattern(p, Locale.ROOT).withResolverStyle(ResolverStyle.STRICT))
        .toArray(DateTimeFormatter[]::new);
  }

  Tokenizer tokenizer() {
    return t;
  }

  private boolean reject(RejectReason r, int col, String msg) {
    reason = r;
    column = col;
    message = msg;
    return false;
  }

  private String colName(int col) {
    return h.name(col);
  }

  /**
   * Builds the row for {@code b[s, s + len)}; true when accepted ({@link #data}, {@link #pii} set),
   * false when rejected ({@link #reason}, {@link #column} (1-based, 0 = whole record), {@link
   * #message}; {@link #key} when the key was readable).
   */
  boolean build(byte[] b, int s, int len, boolean overlong, long fullLength) {
    reason = null;
    key = null;
    confidential = false;
    int e = s + len;
    if (overlong) {
      return reject(
          RejectReason.RECORD_TOO_LONG,
          0,
          String.format(
              Locale.ROOT,
              "record of %d bytes exceeds the layout limit of %d",
              fullLength,
              layout.limits().maxRecordBytes()));
    }
    if (utf8) {
      int bad = Utf8.firstInvalid(b, s, e);
      if (bad >= 0) {
        int col = t.columnOf(b, s, bad);
        return reject(
            RejectReason.ENCODING,
            col + 1,
            String.format(
                Locale.ROOT,
                "invalid UTF-8 (or a byte-order mark) at byte %d of the record, column %s",
                bad - s,
                colName(col)));
      }
    }
    t.tokenize(b, s, e);
    if (t.controlError >= 0 && (t.quoteError < 0 || t.controlError <= t.quoteError)) {
      return reject(
          RejectReason.CONTROL_CHAR,
          t.controlError + 1,
          String.format(
              Locale.ROOT,
              "control byte 0x%02X in column %s",
              t.controlByte,
              colName(t.controlError)));
    }
    if (t.quoteError >= 0) {
      return reject(
          RejectReason.UNBALANCED_QUOTE,
          t.quoteError + 1,
          t.quoteMessage + " (column " + colName(t.quoteError) + ")");
    }
    int width = h.width();
    if (t.tooMany || t.count != width) {
      boolean few = !t.tooMany && t.count < width;
      return reject(
          RejectReason.FIELD_COUNT,
          few ? t.count + 1 : width + 1,
          String.format(
              Locale.ROOT,
              "expected %d fields, found %s",
              width,
              t.tooMany ? "more than " + layout.limits().maxColumns() : String.valueOf(t.count)));
    }
    long maxField = layout.limits().maxFieldBytes();
    for (int col = 0; col < width; col++) {
      if (t.rawEnd[col] - t.rawStart[col] > maxField) {
        return reject(
            RejectReason.FIELD_TOO_LONG,
            col + 1,
            String.format(
                Locale.ROOT,
                "column %s has %d bytes, more than the layout limit of %d",
                colName(col),
                t.rawEnd[col] - t.rawStart[col],
                maxField));
      }
    }
    return values();
  }

  private boolean values() {
    int k = h.keyIndex();
    String keyText = text(k);
    if (keyText.equals(h.name(k)) && repeatsHeader()) {
      return reject(RejectReason.REPEATED_HEADER, 0, "the record repeats the header");
    }
    if (t.end[k] == t.start[k]) {
      return reject(RejectReason.EMPTY_KEY, k + 1, "key column " + colName(k) + " is empty");
    }
    if (keyText.isEmpty()) {
      return reject(
          RejectReason.WHITESPACE_ONLY_KEY,
          k + 1,
          "key column " + colName(k) + " holds only whitespace");
    }
    key = keyText;
    Object[] d = new Object[CanonicalSchema.DATA_COLUMNS.size()];
    Object[] p = new Object[CanonicalSchema.PII_COLUMNS.size()];
    d[0] = keyText;
    p[0] = keyText;
    if (h.confidentialIndex() >= 0) {
      int ci = h.confidentialIndex();
      String v = text(ci);
      Layout.Confidential c = layout.confidential();
      if (c.flagged().contains(v)) {
        confidential = true;
      } else if (!c.notFlagged().contains(v)) {
        return reject(
            RejectReason.BAD_CODE,
            ci + 1,
            "confidential flag "
                + colName(ci)
                + " is neither "
                + new java.util.TreeSet<>(c.flagged())
                + " nor "
                + new java.util.TreeSet<>(c.notFlagged()));
      }
    }
    d[CanonicalSchema.DATA_COLUMNS.indexOf("confidential")] = confidential;
    if (h.asOfIndex() >= 0) {
      int ai = h.asOfIndex();
      LocalDate got = parseDate(text(ai), asOfFormats);
      if (got == null) {
        return reject(
            RejectReason.BAD_DATE,
            ai + 1,
            colName(ai) + " does not match " + layout.datePatterns() + " (strict)");
      }
      if (!got.equals(asOf)) {
        return reject(
            RejectReason.AS_OF_MISMATCH, ai + 1, colName(ai) + " differs from --as-of " + asOf);
      }
    }
    for (int i = 0; i < cols.size(); i++) {
      Layout.Column c = cols.get(i);
      int src = h.columnIndex()[i];
      Object v;
      if (!c.join().isEmpty()) {
        v = joined(h.joinIndex()[i]);
      } else if (src < 0) {
        v = null;
      } else if (!value(c, i, src)) {
        return false;
      } else {
        v = current;
      }
      if (dataPos[i] >= 0) {
        d[dataPos[i]] = v;
      } else {
        p[piiPos[i]] = v;
      }
    }
    d[NAME_FP] = fp.of((String) p[1], (String) p[2], (String) p[3], (String) p[4]);
    d[ADDRESS_FP] = fp.of((String) p[5], (String) p[6], (String) p[7]);
    d[CanonicalSchema.DATA_COLUMNS.indexOf("src_file")] = fileIndex;
    data = d;
    pii = p;
    return true;
  }

  private Object current;

  /** Reads column {@code i} from source position {@code src} into {@link #current}. */
  private boolean value(Layout.Column c, int i, int src) {
    if (c.kind() == Layout.Kind.DATE) {
      // Fast path: a cached date text, looked up by its trimmed bytes without a String.
      byte[] b = t.buf(src);
      int s0 = t.start[src];
      int e0 = t.end[src];
      while (s0 < e0 && ws(b[s0])) {
        s0++;
      }
      while (e0 > s0 && ws(b[e0 - 1])) {
        e0--;
      }
      Object hit = dateCache[i].get(b, s0, e0);
      if (hit != null && hit != BAD) {
        current = hit;
        return true;
      }
    }
    String s = text(src);
    if (s.isEmpty()) {
      if (c.rejectEmpty()) {
        return reject(RejectReason.MISSING_VALUE, src + 1, colName(src) + " is empty");
      }
      current = null;
      return true;
    }
    switch (c.kind()) {
      case DATE -> {
        LocalDate ld = parseDate(s, formats[i]);
        Object hit = ld == null ? BAD : java.sql.Date.valueOf(ld);
        if (s.indexOf(' ') < 0) {
          // The cache key is the trimmed bytes, equal to s when s has no inner spaces.
          byte[] b = t.buf(src);
          int s0 = t.start[src];
          int e0 = t.end[src];
          while (s0 < e0 && ws(b[s0])) {
            s0++;
          }
          while (e0 > s0 && ws(b[e0 - 1])) {
            e0--;
          }
          dateCache[i].put(b, s0, e0, hit);
        }
        if (hit == BAD) {
          return reject(
              RejectReason.BAD_DATE,
              src + 1,
              colName(src) + " does not match " + c.patterns() + " (strict)");
        }
        current = hit;
      }
      case INT -> {
        int n = s.length();
        boolean digits = n > 0 && n <= 9;
        for (int j = 0; j < n && digits; j++) {
          digits = s.charAt(j) >= '0' && s.charAt(j) <= '9';
        }
        if (!digits) {
          return reject(RejectReason.BAD_NUMBER, src + 1, colName(src) + " is not a whole number");
        }
        int v = Integer.parseInt(s);
        if ((c.min() != null && v < c.min()) || (c.max() != null && v > c.max())) {
          return reject(
              RejectReason.BAD_NUMBER,
              src + 1,
              colName(src) + " is outside " + c.min() + ".." + c.max());
        }
        current = v;
      }
      default -> {
        String v = c.map().isEmpty() ? s : c.map().getOrDefault(s, s);
        Set<String> codes = c.codes();
        if (!codes.isEmpty() && !codes.contains(v)) {
          if (c.rejectUnknown()) {
            return reject(
                RejectReason.BAD_CODE,
                src + 1,
                colName(src) + " is not one of the layout's codes for " + c.canonical());
          }
          warnUnknown(src, v);
        }
        current = v;
      }
    }
    return true;
  }

  private void warnUnknown(int src, String v) {
    // Code-like values (short, A-Z 0-9) are named; anything else could be personal data.
    boolean codeLike = v.length() <= 4;
    for (int j = 0; j < v.length() && codeLike; j++) {
      char ch = v.charAt(j);
      codeLike = (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    }
    String k = "UNKNOWN_CODE " + colName(src) + "=" + (codeLike ? v : "(other)");
    if (warnings.size() < 1000 || warnings.containsKey(k)) {
      warnings.merge(k, 1L, Long::sum);
    } else {
      warnings.merge("UNKNOWN_CODE " + colName(src) + "=(other)", 1L, Long::sum);
    }
  }

  private static LocalDate parseDate(String s, DateTimeFormatter[] fs) {
    for (DateTimeFormatter f : fs) {
      try {
        return LocalDate.parse(s, f);
      } catch (DateTimeParseException e) {
        // try the next pattern
      }
    }
    return null;
  }

  private String joined(int[] idx) {
    StringBuilder sb = null;
    for (int i : idx) {
      String s = text(i);
      if (!s.isEmpty()) {
        if (sb == null) {
          sb = new StringBuilder(s);
        } else {
          sb.append(' ').append(s);
        }
      }
    }
    return sb == null ? null : sb.toString();
  }

  private boolean repeatsHeader() {
    for (int col = 0; col < h.width(); col++) {
      if (!text(col).equals(h.name(col))) {
        return false;
      }
    }
    return true;
  }

  private static boolean ws(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** The field's content, trimmed, with whitespace runs collapsed to one space; "" if empty. */
  String text(int col) {
    byte[] b = t.buf(col);
    int s = t.start[col];
    int e = t.end[col];
    while (s < e && ws(b[s])) {
      s++;
    }
    while (e > s && ws(b[e - 1])) {
      e--;
    }
    if (s == e) {
      return "";
    }
    boolean clean = true;
    for (int i = s; i < e && clean; i++) {
      byte c = b[i];
      if (c == '\t' || c == '\r' || c == '\n' || (c == ' ' && b[i + 1] == ' ')) {
        clean = false;
      }
    }
    if (clean) {
      return new String(b, s, e - s, cs);
    }
    byte[] out = e - s <= collapse.length ? collapse : new byte[e - s];
    int w = 0;
    boolean space = false;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (ws(c)) {
        space = true;
      } else {
        if (space) {
          out[w++] = ' ';
          space = false;
        }
        out[w++] = c;
      }
    }
    return new String(out, 0, w, cs);
  }
}
