package org.rollaudit.ingest;

import org.rollaudit.layout.Layout;

/**
 * Splits one record's bytes into fields by the layout's delimiter, quote and escape rules, at the
 * byte level (ASCII delimiters and quotes never occur inside a UTF-8 multi-byte character, and
 * ISO-8859-1 is one byte per character). A field's content is a span of the record's own bytes;
 * only a field holding an escaped quote is unescaped into {@link #scratch()} (see {@link #buf}).
 * Raw spans are kept for length checks and reject texts.
 *
 * <p>Quote rules (RFC 4180 when escape = quote): a field is quoted if its first byte is the quote;
 * inside it a doubled quote (or escape + quote, escape + escape when the escape differs) is one
 * literal character; the closing quote must be followed by the delimiter or the record end. A quote
 * anywhere in an unquoted field is an error, never data (it is how Spark merges fields). The first
 * problem of each kind is recorded with its 0-based column; tokenising stops at a quote error.
 */
final class Tokenizer {
  private final byte delim;
  private final int quote;
  private final int escape;
  private final boolean multiline;
  private final int maxFields;

  /** Non-zero for bytes that need a look: delimiter, quote, escape, controls. */
  private final boolean[] special = new boolean[256];

  final int[] rawStart;
  final int[] rawEnd;
  final int[] start;
  final int[] end;
  private final boolean[] unescaped;
  private byte[] rec;
  private byte[] scratch = new byte[1 << 12];
  int count;

  /** True when more fields than {@code maxFields} were seen. */
  boolean tooMany;

  int quoteError = -1;
  String quoteMessage;
  int controlError = -1;
  int controlByte;

  Tokenizer(Layout layout) {
    Layout.Format f = layout.format();
    this.delim = (byte) f.delimiter();
    this.quote = f.quote();
    this.escape = f.escape() == f.quote() ? -1 : f.escape();
    this.multiline = f.multiline();
    this.maxFields = layout.limits().maxColumns();
    rawStart = new int[maxFields + 1];
    rawEnd = new int[maxFields + 1];
    start = new int[maxFields + 1];
    end = new int[maxFields + 1];
    unescaped = new boolean[maxFields + 1];
    for (int c = 0; c < 0x20; c++) {
      special[c] = true;
    }
    special[0x7F] = true;
    special[f.delimiter()] = true;
    if (quote >= 0) {
      special[quote] = true;
    }
    if (escape >= 0) {
      special[escape] = true;
    }
  }

  /** The bytes holding field {@code col}'s content: the record, or the scratch when unescaped. */
  byte[] buf(int col) {
    return unescaped[col] ? scratch : rec;
  }

  byte[] scratch() {
    return scratch;
  }

  private boolean allowedControl(int c, boolean quoted) {
    return c == '\t' || (quoted && multiline && (c == '\r' || c == '\n'));
  }

  /** Tokenises {@code b[s, e)}. */
  void tokenize(byte[] b, int s, int e) {
    rec = b;
    count = 0;
    tooMany = false;
    quoteError = -1;
    controlError = -1;
    int w = 0; // scratch write position
    int i = s;
    boolean[] sp = special;
    while (true) {
      if (count > maxFields) {
        tooMany = true;
        return;
      }
      int col = count;
      rawStart[col] = i;
      unescaped[col] = false;
      if (quote >= 0 && i < e && b[i] == quote) {
        i++;
        int cs = i;
        boolean copying = false;
        boolean closed = false;
        while (i < e) {
          int c = b[i] & 0xFF;
          if (!sp[c]) {
            if (copying) {
              scratch[w++] = (byte) c;
            }
            i++;
            continue;
          }
          boolean lit2 =
              c == quote
                  ? escape < 0 && i + 1 < e && b[i + 1] == quote
                  : c == escape && i + 1 < e && (b[i + 1] == quote || b[i + 1] == escape);
          if (lit2) {
            if (!copying) {
              // First escape in this field: move its content so far to the scratch.
              w = ensure(w, e - cs);
              start[col] = w;
              System.arraycopy(b, cs, scratch, w, i - cs);
              w += i - cs;
              copying = true;
              unescaped[col] = true;
            }
            scratch[w++] = b[i + 1];
            i += 2;
            continue;
          }
          if (c == quote) {
            closed = true;
            break;
          }
          if (c != delim && c != escape && !allowedControl(c, true)) {
            control(col, c);
          }
          if (copying) {
            scratch[w++] = (byte) c;
          }
          i++;
        }
        if (!closed) {
          quoteError(col, "a quote opened in this field is never closed");
          return;
        }
        if (copying) {
          end[col] = w;
        } else {
          start[col] = cs;
          end[col] = i;
        }
        i++; // the closing quote
        if (i < e && b[i] != delim) {
          quoteError(col, "text follows the closing quote");
          return;
        }
      } else {
        start[col] = i;
        while (i < e) {
          int c = b[i] & 0xFF;
          if (!sp[c]) {
            i++;
            continue;
          }
          if (c == delim) {
            break;
          }
          if (c == quote) {
            quoteError(col, "a quote character inside an unquoted field");
            return;
          }
          if (c != escape && !allowedControl(c, false)) {
            control(col, c);
          }
          i++;
        }
        end[col] = i;
      }
      rawEnd[col] = i;
      count++;
      if (i >= e) {
        return;
      }
      i++; // the delimiter
      if (i == e) {
        // A trailing delimiter opens one more, empty, field.
        if (count > maxFields) {
          tooMany = true;
          return;
        }
        rawStart[count] = rawEnd[count] = e;
        start[count] = end[count] = e;
        unescaped[count] = false;
        count++;
        return;
      }
    }
  }

  private int ensure(int w, int more) {
    if (w + more > scratch.length) {
      byte[] n = new byte[Math.max(w + more, scratch.length * 2)];
      System.arraycopy(scratch, 0, n, 0, w);
      scratch = n;
    }
    return w;
  }

  private void quoteError(int col, String message) {
    quoteError = col;
    quoteMessage = message;
  }

  private void control(int col, int c) {
    if (controlError < 0) {
      controlError = col;
      controlByte = c;
    }
  }

  /**
   * The 0-based column holding byte index {@code at} of the record {@code b[s, e)}, counting
   * delimiters outside quotes roughly (for errors found before or without tokenising).
   */
  int columnOf(byte[] b, int s, int at) {
    int col = 0;
    boolean inQ = false;
    for (int i = s; i < at; i++) {
      if (b[i] == quote) {
        inQ = !inQ;
      } else if (b[i] == delim && !inQ) {
        col++;
      }
    }
    return col;
  }
}
