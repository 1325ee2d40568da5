package org.rollaudit.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A small buffered writer for {@code ncvoter} rows: quoted, tab-separated fields in ISO-8859-1 with
 * CRLF line ends, encoded by hand so that writing ten million rows allocates nothing per row.
 *
 * <p>Field values come from tables already converted to Latin-1 bytes by {@link #latin1}, which
 * also doubles any {@code "} the RFC-4180 way, so writing a field is a plain copy.
 */
final class Latin1Out {
  private static final int SIZE = 1 << 16;

  private final OutputStream out;
  private final byte[] buf = new byte[SIZE];
  private int pos;
  private boolean lineStart = true;
  private long bytes;

  Latin1Out(OutputStream out) {
    this.out = out;
  }

  /**
   * Encodes a value as ISO-8859-1 with embedded quotes doubled (the form written between the
   * enclosing quotes).
   *
   * @throws IllegalArgumentException if a character does not exist in ISO-8859-1
   */
  static byte[] latin1(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > 0xff) {
        throw new IllegalArgumentException("not ISO-8859-1: " + value);
      }
    }
    String escaped = value.replace("\"", "\"\"");
    return escaped.getBytes(StandardCharsets.ISO_8859_1);
  }

  private void ensure(int n) throws IOException {
    if (pos + n > SIZE) {
      flushBuffer();
    }
  }

  private void flushBuffer() throws IOException {
    out.write(buf, 0, pos);
    bytes += pos;
    pos = 0;
  }

  /** Opens a field: a tab unless it is the first of the line, then the opening quote. */
  private void open() {
    if (!lineStart) {
      buf[pos++] = '\t';
    }
    lineStart = false;
    buf[pos++] = '"';
  }

  /** Writes a quoted field from pre-encoded bytes ({@link #latin1}); {@code null} = empty. */
  void field(byte[] value) throws IOException {
    int n = value == null ? 0 : value.length;
    if (n + 4 > SIZE) {
      throw new IllegalArgumentException("field too long");
    }
    ensure(n + 4);
    open();
    if (n > 0) {
      System.arraycopy(value, 0, buf, pos, n);
      pos += n;
    }
    buf[pos++] = '"';
  }

  /** Writes an empty quoted field. */
  void empty() throws IOException {
    ensure(4);
    open();
    buf[pos++] = '"';
  }

  /** Writes a quoted single ASCII character field (codes such as Y/N, F/M/U). */
  void ascii(char c) throws IOException {
    ensure(5);
    open();
    buf[pos++] = (byte) c;
    buf[pos++] = '"';
  }

  /** Writes a non-negative integer, left-padded with zeros to at least {@code width} digits. */
  void number(long value, int width) throws IOException {
    ensure(24 + width);
    open();
    digits(value, width);
    buf[pos++] = '"';
  }

  /** Writes a {@code MM/DD/YYYY} date field from its parts. */
  void date(int year, int month, int day) throws IOException {
    ensure(16);
    open();
    digits(month, 2);
    buf[pos++] = '/';
    digits(day, 2);
    buf[pos++] = '/';
    digits(year, 4);
    buf[pos++] = '"';
  }

  /**
   * Begins a composite field whose content is appended with {@link #part}/{@link #partNumber} and
   * finished with {@link #close}; the caller bounds the content to under 1 KB.
   */
  void begin() throws IOException {
    ensure(1024);
    open();
  }

  void part(byte[] value) {
    System.arraycopy(value, 0, buf, pos, value.length);
    pos += value.length;
  }

  void partByte(char c) {
    buf[pos++] = (byte) c;
  }

  void partNumber(long value, int width) {
    digits(value, width);
  }

  /** Writes the quoted 8-character ncid of {@code serial}. */
  void ncid(Ncid codec, int serial) throws IOException {
    ensure(12);
    open();
    codec.write(serial, buf, pos);
    pos += 8;
    buf[pos++] = '"';
  }

  /** Ends a composite field started with {@link #begin}. */
  void close() {
    buf[pos++] = '"';
  }

  /** Ends the row with CRLF, as NCSBE's files do. */
  void endRow() throws IOException {
    ensure(2);
    buf[pos++] = '\r';
    buf[pos++] = '\n';
    lineStart = true;
  }

  private void digits(long value, int width) {
    if (value < 0) {
      throw new IllegalArgumentException("negative number " + value);
    }
    int n = 1;
    for (long v = value; v >= 10; v /= 10) {
      n++;
    }
    int len = Math.max(n, width);
    int end = pos + len;
    long v = value;
    for (int i = end - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    pos = end;
  }

  /** Flushes the buffer (not the underlying stream). */
  void flush() throws IOException {
    if (pos > 0) {
      flushBuffer();
    }
  }

  /** Bytes handed to the underlying stream so far (before any compression). */
  long bytesWritten() {
    return bytes + pos;
  }
}
