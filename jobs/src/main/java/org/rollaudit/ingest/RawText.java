package org.rollaudit.ingest;

import java.nio.charset.StandardCharsets;
import org.rollaudit.layout.HeaderBinding;

/**
 * The raw text of a rejected record, escaped and masked (restricted data, reliability.md §2, §7).
 *
 * <p>Escaping: printable characters as they are; backslash as {@code \\}; tab, CR, LF as {@code \t
 * \r \n}; every other control byte, and every byte that is not valid in the file's encoding, as
 * {@code \xHH}. So the text is one line and no byte is lost or invented.
 *
 * <p>Masking: never-exported columns (SSN, licence, phone, full DOB) are replaced by {@code ***};
 * for a record whose confidential flag reads "yes", the key becomes {@code CONFIDENTIAL} and the
 * restricted columns are blanked. When the record did not split into the header's fields, the
 * positions are unknown: only the fields before the first never-exported column (less the number of
 * missing fields) are kept, and the rest is withheld with a note.
 */
final class RawText {
  static final String MASK = "***";

  private RawText() {}

  /** Escapes {@code b[s, e)} decoded as UTF-8 ({@code utf8}) or ISO-8859-1. */
  static String escape(byte[] b, int s, int e, boolean utf8) {
    StringBuilder sb = new StringBuilder(e - s + 16);
    int i = s;
    while (i < e) {
      int c = b[i] & 0xFF;
      if (c >= 0x20 && c < 0x7F) {
        if (c == '\\') {
          sb.append("\\\\");
        } else {
          sb.append((char) c);
        }
        i++;
      } else if (c == '\t') {
        sb.append("\\t");
        i++;
      } else if (c == '\r') {
        sb.append("\\r");
        i++;
      } else if (c == '\n') {
        sb.append("\\n");
        i++;
      } else if (c < 0x80) {
        hex(sb, c);
        i++;
      } else if (!utf8) {
        if (c <= 0x9F) {
          hex(sb, c);
        } else {
          sb.append((char) c);
        }
        i++;
      } else {
        int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (n > 1 && i + n <= e && Utf8.firstInvalid(b, i, i + n) < 0) {
          String ch = new String(b, i, n, StandardCharsets.UTF_8);
          if (Character.isISOControl(ch.codePointAt(0))) {
            for (int k = 0; k < n; k++) {
              hex(sb, b[i + k] & 0xFF);
            }
          } else {
            sb.append(ch);
          }
          i += n;
        } else {
          hex(sb, c);
          i++;
        }
      }
    }
    return sb.toString();
  }

  private static void hex(StringBuilder sb, int c) {
    sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
  }

  /**
   * The masked raw text of a record that split into exactly the header's fields.
   *
   * @param confidential the record's flag read "yes"
   */
  static String aligned(
      byte[] b, Tokenizer t, HeaderBinding h, char delim, boolean utf8, boolean confidential) {
    StringBuilder sb = new StringBuilder();
    for (int col = 0; col < t.count; col++) {
      if (col > 0) {
        sb.append(delimText(delim));
      }
      if (contains(h.neverExport(), col)) {
        sb.append(MASK);
      } else if (confidential && col == h.keyIndex()) {
        sb.append("CONFIDENTIAL");
      } else if (confidential && contains(h.restricted(), col)) {
        sb.append("");
      } else {
        sb.append(escape(b, t.rawStart[col], t.rawEnd[col], utf8));
      }
    }
    return sb.toString();
  }

  /**
   * The raw text of a record whose field positions are unknown: fields split at every delimiter
   * byte (quotes ignored, so a quoted delimiter only pushes later values further right), and only
   * those safely before the first never-exported column are kept.
   */
  static String misaligned(
      byte[] b, int s, int e, HeaderBinding h, char delim, boolean utf8, boolean truncated) {
    int[] never = h.neverExport();
    StringBuilder sb = new StringBuilder();
    if (never.length == 0) {
      sb.append(escape(b, s, e, utf8));
    } else {
      int splits = 1;
      for (int i = s; i < e; i++) {
        if (b[i] == delim) {
          splits++;
        }
      }
      int keep = never[0] - Math.max(0, h.width() - splits);
      int col = 0;
      int from = s;
      for (int i = s; i <= e && col < keep; i++) {
        if (i == e || b[i] == delim) {
          if (col > 0) {
            sb.append(delimText(delim));
          }
          sb.append(escape(b, from, i, utf8));
          col++;
          from = i + 1;
        }
      }
      if (col < splits) {
        sb.append(" [")
            .append(splits - col)
            .append(" fields withheld: positions unknown, may hold never-exported columns]");
      }
    }
    if (truncated) {
      sb.append(" [truncated]");
    }
    return sb.toString();
  }

  private static String delimText(char d) {
    return d == '\t' ? "\\t" : d == '\\' ? "\\\\" : String.valueOf(d);
  }

  private static boolean contains(int[] sorted, int v) {
    return java.util.Arrays.binarySearch(sorted, v) >= 0;
  }
}
