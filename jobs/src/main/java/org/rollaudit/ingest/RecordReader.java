package org.rollaudit.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.rollaudit.layout.Layout;

/**
 * The parser's record splitter: finds record extents in one split of a text file. Written apart
 * from {@link RecordCounter} on purpose (same rule, different code: an LF search first, quote
 * parity only for multiline layouts), so the ledger compares two implementations.
 *
 * <p>After {@link #next()} returns true: the record's bytes are {@code buf()[start(), start() +
 * length())} (terminator excluded); {@link #overlong()} records keep only their first {@code
 * max_record_bytes} bytes while {@link #fullLength()} tells the real length.
 */
final class RecordReader {
  private final InputStream in;
  private final long end;
  private final int quote;
  private final int escape;
  private final boolean multiline;
  private final int maxRecord;
  private byte[] buf;
  private int pos;
  private int lim;
  private boolean eof;
  private long offsetOfBuf;
  private long line;
  private long ordinal;

  private int recStart;
  private int recLen;
  private long recFull;
  private long recOffset;
  private long recLine;
  private long recOrdinal;
  private boolean overlong;
  private boolean terminated;
  private byte[] longHead;

  /**
   * @param start offset of the split's first record (after skipping a BOM at offset 0)
   * @param end offset where the next split starts: records starting there or later are not ours
   */
  RecordReader(
      InputStream in, Layout layout, long start, long end, long firstLine, long firstOrdinal) {
    this.in = in;
    this.end = end;
    Layout.Format f = layout.format();
    this.quote = f.quote();
    this.escape = f.escape() == f.quote() ? -1 : f.escape();
    this.multiline = f.multiline();
    this.maxRecord = (int) layout.limits().maxRecordBytes();
    this.buf = new byte[Math.max(1 << 18, 2 * maxRecord + 16)];
    this.offsetOfBuf = start;
    this.line = firstLine;
    this.ordinal = firstOrdinal;
  }

  byte[] buf() {
    return overlong ? longHead : buf;
  }

  int start() {
    return overlong ? 0 : recStart;
  }

  int length() {
    return recLen;
  }

  long fullLength() {
    return recFull;
  }

  long offset() {
    return recOffset;
  }

  long line() {
    return recLine;
  }

  long ordinal() {
    return recOrdinal;
  }

  boolean overlong() {
    return overlong;
  }

  boolean terminated() {
    return terminated;
  }

  /** Reads more bytes, keeping {@code [pos, lim)}; false at end of file. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      offsetOfBuf += pos;
      lim -= pos;
      pos = 0;
    }
    if (lim == buf.length) {
      return true; // full: caller handles an overlong record
    }
    int n = in.read(buf, lim, buf.length - lim);
    if (n < 0) {
      eof = true;
      return false;
    }
    lim += n;
    return true;
  }

  /** Advances to the next record of this split; false when the split is done. */
  boolean next() throws IOException {
    if (offsetOfBuf + pos >= end) {
      return false;
    }
    if (pos == lim && !fill() && pos == lim) {
      return false;
    }
    recOffset = offsetOfBuf + pos;
    recLine = line;
    recOrdinal = ordinal++;
    overlong = false;
    boolean inQuote = false;
    boolean esc = false;
    int scan = pos;
    long dropped = 0; // bytes of an overlong record already thrown away
    while (true) {
      if (scan == lim) {
        if (scan - pos > maxRecord + 1) {
          // Keep the head for the reject's raw text, then stream past the rest.
          if (!overlong) {
            longHead = new byte[maxRecord];
            System.arraycopy(buf, pos, longHead, 0, maxRecord);
            overlong = true;
          }
          dropped += scan - pos - 1;
          pos = scan - 1; // keep one byte: it may be the CR of a CRLF
        }
        int before = scan - pos;
        if (!fill()) {
          return finishRecord(lim, false, dropped);
        }
        scan = pos + before;
        if (scan == lim) {
          continue;
        }
      }
      if (!multiline) {
        // One record per line: jump to the next LF, eight bytes at a time.
        int lf = indexOfLf(buf, scan, lim);
        if (lf < 0) {
          scan = lim;
          continue;
        }
        scan = lf;
      } else {
        byte c = buf[scan];
        if (c != '\n') {
          if (quote >= 0) {
            boolean wasEsc = esc;
            esc = false;
            if (c == quote && !wasEsc) {
              inQuote = !inQuote;
            } else if (escape >= 0 && c == escape && inQuote && !wasEsc) {
              esc = true;
            }
          }
          scan++;
          continue;
        }
        esc = false;
      }
      line++;
      long lenBefore = dropped + (scan - pos) - (scan > pos && buf[scan - 1] == '\r' ? 1 : 0);
      if (!multiline || !inQuote || lenBefore > maxRecord) {
        return finishRecord(scan, true, dropped);
      }
      scan++;
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Index of the first LF in {@code b[from, to)}, or -1 (SWAR: a zero-byte test per word). */
  static int indexOfLf(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long v = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
      long t = (v - 0x0101010101010101L) & ~v & 0x8080808080808080L;
      if (t != 0) {
        return i + (Long.numberOfTrailingZeros(t) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private boolean finishRecord(int termAt, boolean hasTerminator, long dropped) {
    int contentEnd = termAt;
    if (hasTerminator && contentEnd > pos && buf[contentEnd - 1] == '\r') {
      contentEnd--;
    }
    terminated = hasTerminator;
    recFull = dropped + (contentEnd - pos);
    if (recFull > maxRecord) {
      if (!overlong) {
        longHead = new byte[maxRecord];
        System.arraycopy(buf, pos, longHead, 0, maxRecord);
        overlong = true;
      }
      recLen = maxRecord;
    } else {
      recStart = pos;
      recLen = contentEnd - pos;
    }
    pos = hasTerminator ? termAt + 1 : termAt;
    return true;
  }
}
