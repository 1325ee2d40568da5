package org.rollaudit.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.layout.Layout;

/**
 * The pre-pass's own record counter: the "records" side of the ledger. It shares no code with the
 * parser ({@link RecordReader}, {@link Tokenizer}), so a parser that drops or merges records breaks
 * the ledger instead of going unnoticed.
 *
 * <p>Record rule (the parser implements the same rule independently): a record ends at LF or CRLF;
 * in a {@code multiline} layout a terminator inside an open quote (odd number of quote characters
 * so far, escaped quotes not counted) is data, unless the record already exceeds {@code
 * max_record_bytes}, in which case the next LF ends it whatever the quotes say. The record's length
 * excludes its terminator. A zero-length record is a blank line. The first record is the header.
 * Lines are counted by LF.
 *
 * <p>Besides counting, it flags records it already knows the parser must reject (too long, control
 * characters, invalid UTF-8, odd quotes, wrong field count, over-long field). Their number is a
 * lower bound of the parser's rejects: the job checks that, and refuses a snapshot before Spark
 * starts when the lower bound alone exceeds the tolerance. ISO-8859-1 text is probed for C1 bytes
 * and well-formed UTF-8 runs (mojibake), which are warnings only.
 *
 * <p>Splits start at the first record at or after each multiple of the split size, a rule that does
 * not depend on where counting began. So when a newline always ends a record, a second counter can
 * count the second half of a file from the record after its midpoint ({@link #RecordCounter(Layout,
 * boolean, long, long, String, int)}), and {@link #merge} gives exactly the totals, line numbers
 * and splits of one counter over the whole file.
 */
final class RecordCounter {
  /** Flag kinds, in {@link RejectReason} terms. */
  static final RejectReason[] KINDS = {
    RejectReason.RECORD_TOO_LONG, RejectReason.ENCODING, RejectReason.CONTROL_CHAR,
    RejectReason.UNBALANCED_QUOTE, RejectReason.FIELD_COUNT, RejectReason.FIELD_TOO_LONG
  };

  private static final int TOO_LONG = 1;
  private static final int ENCODING = 2;
  private static final int CONTROL = 4;
  private static final int QUOTE = 8;
  private static final int COUNT = 16;
  private static final int FIELD = 32;

  private final int delim;
  private final int quote;
  private final int escape;
  private final boolean multiline;
  private final boolean utf8;
  private final long maxRecord;
  private final long maxField;
  private final long maxRecords;
  private final long splitBytes;
  private final String name;
  private int width;

  private long base;
  private int skip;
  private final Utf8 u8 = new Utf8();
  private boolean u8open;

  /** Bytes that need a look: LF, CR, quote, escape, delimiter, controls, non-ASCII. */
  private final boolean[] special = new boolean[256];

  // per record; lengths are differences of absolute offsets
  private long recStart;
  private long fieldStart;
  private int fields = 1;
  private boolean inQuote;
  private boolean escPending;
  private boolean pendingCr;
  private int flags;
  private boolean mojibake;

  // totals
  long records;
  long blank;
  long lines = 1;
  long lf;
  long crlf;
  long flagged;
  final long[] flaggedByKind = new long[KINDS.length];
  long c1Bytes;
  long firstC1Line;
  long mojibakeRecords;
  long firstMojibakeLine;
  boolean unterminatedLast;
  private long recLine = 1;
  private long nextSplitAt;

  /**
   * The first byte counted: 0, or, for a continuation (the second half of a parallel count), the
   * start of a record after the header.
   */
  private final long start;

  /** Split points: {offset, line, record ordinal} of the first record of each split. */
  final List<long[]> splits = new ArrayList<>();

  RecordCounter(Layout layout, boolean utf8, int bomLength, long splitBytes, String name) {
    this(layout, utf8, 0, bomLength, splitBytes, name);
    splits.add(new long[] {0, 1, 1});
  }

  /**
   * A counter of the bytes from {@code start}, the first byte of a record after the header, to the
   * end of the file (layouts where a newline always ends a record). Its line and record numbers are
   * relative to {@code start} until {@link #merge} shifts them.
   */
  RecordCounter(Layout layout, boolean utf8, long start, long splitBytes, String name, int width) {
    this(layout, utf8, start, 0, splitBytes, name);
    if (start <= 0) {
      throw new IllegalArgumentException("a continuation starts after the header");
    }
    if (multiline) {
      throw new IllegalArgumentException("a multiline layout is counted from its first byte only");
    }
    this.width = width;
  }

  private RecordCounter(
      Layout layout, boolean utf8, long start, int bomLength, long splitBytes, String name) {
    Layout.Format f = layout.format();
    this.delim = f.delimiter();
    this.quote = f.quote();
    this.escape = f.escape() == f.quote() ? -1 : f.escape();
    this.multiline = f.multiline();
    this.utf8 = utf8;
    this.maxRecord = layout.limits().maxRecordBytes();
    this.maxField = layout.limits().maxFieldBytes();
    this.maxRecords = layout.limits().maxRecords();
    this.splitBytes = splitBytes;
    this.name = name;
    this.skip = bomLength;
    this.base = start;
    this.recStart = start + bomLength;
    this.fieldStart = start + bomLength;
    this.start = start;
    this.nextSplitAt = (start / splitBytes + 1) * splitBytes;
    markSpecial();
  }

  private void markSpecial() {
    for (int c = 0; c < 0x20; c++) {
      special[c] = true;
    }
    for (int c = 0x7F; c < 0x100; c++) {
      special[c] = true;
    }
    special[delim] = true;
    if (quote >= 0) {
      special[quote] = true;
    }
    if (escape >= 0) {
      special[escape] = true;
    }
  }

  /**
   * The header's width, once known; records before that are not width-checked (only the header).
   */
  void width(int w) {
    this.width = w;
  }

  void feed(byte[] b, int off, int len) {
    boolean[] sp = special;
    boolean slow = skip > 0 || pendingCr || escPending || u8open;
    int end = off + len;
    for (int i = off; i < end; i++) {
      int c = b[i] & 0xFF;
      // Most bytes are plain text: lengths follow from offsets, so there is nothing to do.
      if (!slow && !sp[c]) {
        continue;
      }
      handle(c, base + (i - off));
      slow = skip > 0 || pendingCr || escPending || u8open;
    }
    base += len;
  }

  private void handle(int c, long at) {
    if (skip > 0) {
      skip--;
      return;
    }
    boolean esc = escPending;
    escPending = false;
    if (pendingCr) {
      pendingCr = false;
      if (c == '\n' && !(multiline && inQuote && (at - 1) - recStart <= maxRecord)) {
        crlf++;
        lines++;
        end(at - 1, at + 1);
        return;
      }
      content('\r', at - 1, false);
    }
    if (c == '\r') {
      pendingCr = true;
      return;
    }
    if (c == '\n') {
      lines++;
      if (multiline && inQuote && at - recStart <= maxRecord) {
        content(c, at, false); // a line break inside a quoted field: data
        return;
      }
      lf++;
      end(at, at + 1);
      return;
    }
    content(c, at, esc);
  }

  private void content(int c, long at, boolean escaped) {
    if (c == quote && !escaped) {
      inQuote = !inQuote;
      return;
    }
    if (escape >= 0 && c == escape && inQuote && !escaped) {
      escPending = true;
      return;
    }
    if (c == delim && !inQuote) {
      if (at - fieldStart > maxField) {
        flags |= FIELD;
      }
      fields++;
      fieldStart = at + 1;
      return;
    }
    if (c < 0x80) {
      if (u8open) {
        u8.reset();
        u8open = false;
        if (utf8) {
          flags |= ENCODING;
        }
      }
      if (c == 0x7F
          || (c < 0x20 && c != '\t' && !((c == '\r' || c == '\n') && multiline && inQuote))) {
        flags |= CONTROL;
      }
      return;
    }
    if (!utf8 && c <= 0x9F) {
      if (c1Bytes++ == 0) {
        firstC1Line = lines;
      }
    }
    int r = u8.step(c);
    u8open = u8.open();
    if (r == Utf8.BAD) {
      if (utf8) {
        flags |= ENCODING;
      }
    } else if (r == Utf8.MULTI && !utf8) {
      mojibake = true;
    }
  }

  /** Ends the record whose content ends at {@code contentEnd}; the next starts at {@code next}. */
  private void end(long contentEnd, long next) {
    records++;
    checkMaxRecords();
    if (u8open) {
      u8.reset();
      u8open = false;
      if (utf8) {
        flags |= ENCODING;
      }
    }
    long recLen = contentEnd - recStart;
    if (recLen > maxRecord) {
      flags |= TOO_LONG;
    }
    if (contentEnd - fieldStart > maxField) {
      flags |= FIELD;
    }
    if (inQuote) {
      flags |= QUOTE;
    }
    if (records == 1 && !continuation()) {
      flags = 0; // the header: checked by HeaderMatcher, not counted as data
    } else if (recLen == 0) {
      blank++;
    } else {
      if (width > 0 && fields != width) {
        flags |= COUNT;
      }
      if (flags != 0) {
        flagged++;
        flaggedByKind[Integer.numberOfTrailingZeros(flags)]++;
      }
      if (mojibake && mojibakeRecords++ == 0) {
        firstMojibakeLine = recLine;
      }
    }
    fields = 1;
    inQuote = false;
    escPending = false;
    flags = 0;
    mojibake = false;
    recStart = next;
    fieldStart = next;
    recLine = lines;
    if (next >= nextSplitAt) {
      splits.add(new long[] {next, lines, records + 1});
      nextSplitAt = (next / splitBytes + 1) * splitBytes;
    }
  }

  /** Ends the stream: a last record without terminator still counts. */
  void finish() {
    if (pendingCr) {
      pendingCr = false;
      content('\r', base - 1, false);
    }
    if (base > recStart || inQuote) {
      unterminatedLast = true;
      end(base, base);
    }
    // A split that would start at the end of the file holds nothing (the first one always stays).
    if (splits.size() > (continuation() ? 0 : 1) && splits.get(splits.size() - 1)[0] >= base) {
      splits.remove(splits.size() - 1);
    }
  }

  /**
   * Adds the counts of {@code rest}, a finished continuation counter that began at the byte where
   * this one stopped (after a newline, without {@link #finish}): afterwards this counter holds the
   * file's totals as one sequential count would.
   */
  void merge(RecordCounter rest) {
    if (!rest.continuation() || rest.start != base || recStart != base) {
      throw new IllegalStateException("not the continuation of this count");
    }
    long lineShift = lines - 1;
    if (c1Bytes == 0 && rest.c1Bytes > 0) {
      firstC1Line = rest.firstC1Line + lineShift;
    }
    c1Bytes += rest.c1Bytes;
    if (mojibakeRecords == 0 && rest.mojibakeRecords > 0) {
      firstMojibakeLine = rest.firstMojibakeLine + lineShift;
    }
    mojibakeRecords += rest.mojibakeRecords;
    for (long[] p : rest.splits) {
      splits.add(new long[] {p[0], p[1] + lineShift, p[2] + records});
    }
    records += rest.records;
    blank += rest.blank;
    lf += rest.lf;
    crlf += rest.crlf;
    flagged += rest.flagged;
    for (int i = 0; i < flaggedByKind.length; i++) {
      flaggedByKind[i] += rest.flaggedByKind[i];
    }
    lines += rest.lines - 1;
    unterminatedLast = rest.unterminatedLast;
    base = rest.base;
    recStart = rest.recStart;
    checkMaxRecords();
  }

  private boolean continuation() {
    return start > 0;
  }

  private void checkMaxRecords() {
    if (records > maxRecords) {
      throw RollAuditException.input(
          String.format(
              Locale.ROOT,
              "Cannot read %s: more than %d records, the layout's limit. Check that the file is what"
                  + " you meant to ingest.",
              name,
              maxRecords));
    }
  }

  /** Total bytes seen (BOM included). */
  long bytes() {
    return base;
  }
}
