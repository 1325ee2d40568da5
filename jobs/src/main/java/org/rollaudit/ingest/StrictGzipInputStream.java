package org.rollaudit.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.rollaudit.audit.RollAuditException;

/**
 * A gzip reader that refuses what {@link java.util.zip.GZIPInputStream} lets through: bytes after
 * the last member (the JDK reads them silently; {@code gzip -t} only warns), a truncated member, a
 * CRC or length mismatch, reserved header flags, and output beyond the inflated-size cap or the
 * inflate ratio (a decompression bomb). Concatenated members are allowed, as RFC 1952 says.
 *
 * <p>Every problem is a {@link RollAuditException} with exit code 3 naming the file and the
 * compressed byte offset.
 */
final class StrictGzipInputStream extends InputStream {
  /** Ratios are judged only past this much output, so tiny files of blanks are not "bombs". */
  static final long RATIO_FLOOR = 1L << 20;

  private enum State {
    HEADER,
    DATA,
    TRAILER,
    DONE
  }

  private final InputStream in;
  private final String name;
  private final long maxInflated;
  private final int maxRatio;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int len;
  private long rawRead;
  private long inflated;
  private long memberInflated;
  private int members;
  private State state = State.HEADER;

  StrictGzipInputStream(InputStream in, String name, long maxInflated, int maxRatio) {
    this.in = in;
    this.name = name;
    this.maxInflated = maxInflated;
    this.maxRatio = maxRatio;
  }

  /** Bytes of output so far. */
  long inflated() {
    return inflated;
  }

  /** Compressed bytes consumed so far (headers, data, trailers). */
  long consumed() {
    return rawRead - (len - pos);
  }

  private RollAuditException fail(String what) {
    return RollAuditException.input(
        String.format(
            Locale.ROOT,
            "Cannot read %s: %s (compressed byte offset %d). Obtain a complete, unmodified copy of"
                + " the file.",
            name,
            what,
            consumed()));
  }

  private boolean fill() throws IOException {
    if (pos < len) {
      return true;
    }
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    len = n;
    rawRead += n;
    return true;
  }

  private int next(String where) throws IOException {
    if (!fill()) {
      throw fail("truncated gzip " + where);
    }
    return buf[pos++] & 0xFF;
  }

  private void header() throws IOException {
    CRC32 hcrc = new CRC32();
    int[] fixed = new int[10];
    for (int i = 0; i < 10; i++) {
      if (i < 2 && members > 0 && !fill()) {
        throw fail("trailing bytes after the last gzip member");
      }
      fixed[i] = next("header");
      hcrc.update(fixed[i]);
      if (i == 1 && (fixed[0] != 0x1F || fixed[1] != 0x8B)) {
        throw fail(
            members == 0
                ? "not a gzip file (no gzip magic number)"
                : "trailing bytes after the last gzip member");
      }
    }
    if (fixed[2] != 8) {
      throw fail("unsupported gzip compression method " + fixed[2]);
    }
    int flg = fixed[3];
    if ((flg & 0xE0) != 0) {
      throw fail("reserved gzip header flags set");
    }
    if ((flg & 4) != 0) {
      int lo = next("header");
      int hi = next("header");
      hcrc.update(lo);
      hcrc.update(hi);
      for (int i = 0, n = lo | (hi << 8); i < n; i++) {
        hcrc.update(next("header"));
      }
    }
    for (int bit : new int[] {8, 16}) {
      if ((flg & bit) != 0) {
        int c;
        do {
          c = next("header");
          hcrc.update(c);
        } while (c != 0);
      }
    }
    if ((flg & 2) != 0) {
      int v = next("header") | (next("header") << 8);
      if (v != (int) (hcrc.getValue() & 0xFFFF)) {
        throw fail("gzip header CRC mismatch");
      }
    }
    inflater.reset();
    crc.reset();
    memberInflated = 0;
    state = State.DATA;
  }

  private void trailer() throws IOException {
    long c = 0;
    long size = 0;
    for (int i = 0; i < 4; i++) {
      c |= (long) next("trailer") << (8 * i);
    }
    for (int i = 0; i < 4; i++) {
      size |= (long) next("trailer") << (8 * i);
    }
    if (c != crc.getValue()) {
      throw fail("gzip CRC mismatch in member " + (members + 1));
    }
    if (size != (memberInflated & 0xFFFFFFFFL)) {
      throw fail("gzip length mismatch in member " + (members + 1));
    }
    members++;
    // Another member may follow; anything else is trailing garbage and refused.
    state = fill() ? State.HEADER : State.DONE;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] out, int off, int n) throws IOException {
    if (n == 0) {
      return 0;
    }
    while (true) {
      switch (state) {
        case DONE:
          return -1;
        case HEADER:
          if (members == 0 && rawRead == 0 && !fill()) {
            throw fail("empty file, not a gzip file");
          }
          header();
          break;
        case TRAILER:
          trailer();
          break;
        case DATA:
          int got = inflate(out, off, n);
          if (got > 0) {
            return got;
          }
          break;
        default:
          throw new IllegalStateException();
      }
    }
  }

  private int inflate(byte[] out, int off, int n) throws IOException {
    try {
      while (true) {
        if (inflater.needsInput()) {
          if (!fill()) {
            throw fail("truncated gzip data");
          }
          inflater.setInput(buf, pos, len - pos);
          pos = len;
        }
        int got = inflater.inflate(out, off, n);
        if (got > 0) {
          crc.update(out, off, got);
          memberInflated += got;
          inflated += got;
          checkCaps();
        }
        if (inflater.finished()) {
          // Hand back what the inflater did not use: it belongs to the trailer.
          int rem = inflater.getRemaining();
          pos = len - rem;
          state = State.TRAILER;
          return got;
        }
        if (got > 0) {
          return got;
        }
        if (inflater.needsDictionary()) {
          throw fail("gzip stream needs a preset dictionary");
        }
      }
    } catch (DataFormatException e) {
      throw fail("corrupt gzip data (" + e.getMessage() + ")");
    }
  }

  private void checkCaps() {
    if (inflated > maxInflated) {
      throw fail("inflates beyond the layout's limit of " + maxInflated + " bytes");
    }
    if (inflated > RATIO_FLOOR && inflated > (long) maxRatio * Math.max(1, consumed())) {
      throw fail("inflate ratio above " + maxRatio + ":1 (a decompression bomb?)");
    }
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }
}
