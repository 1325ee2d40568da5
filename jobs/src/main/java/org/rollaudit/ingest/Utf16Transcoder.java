package org.rollaudit.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes UTF-16 strictly and re-encodes it as UTF-8, so the rest of ingest sees one byte-level
 * text form. A malformed UTF-16 unit (an unpaired surrogate, an odd final byte) is not replaced by
 * U+FFFD: it becomes the byte 0xFF, which is never valid UTF-8, so the parser rejects exactly that
 * record as ENCODING and the ledger still holds.
 */
final class Utf16Transcoder extends InputStream {
  private final InputStream in;
  private final CharsetDecoder dec;
  private final ByteBuffer src = ByteBuffer.allocate(1 << 16);
  private final CharBuffer chars = CharBuffer.allocate(1 << 15);
  private final byte[] out = new byte[(3 << 15) + 8];
  private int outPos;
  private int outLen;
  private boolean eof;
  private boolean flushed;
  long malformed;

  Utf16Transcoder(InputStream in, Charset utf16) {
    this.in = in;
    this.dec =
        utf16
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    src.flip();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (outPos == outLen) {
      if (flushed) {
        return -1;
      }
      produce();
    }
    int n = Math.min(len, outLen - outPos);
    System.arraycopy(out, outPos, b, off, n);
    outPos += n;
    return n;
  }

  private void produce() throws IOException {
    outPos = 0;
    outLen = 0;
    if (!eof && src.remaining() < 4) {
      src.compact();
      int n = in.read(src.array(), src.position(), src.remaining());
      if (n < 0) {
        eof = true;
      } else {
        src.position(src.position() + n);
      }
      src.flip();
    }
    chars.clear();
    CoderResult r = dec.decode(src, chars, eof);
    if (r.isError()) {
      encode();
      out[outLen++] = (byte) 0xFF;
      malformed++;
      src.position(src.position() + r.length());
      return;
    }
    if (eof && !src.hasRemaining()) {
      CoderResult f = dec.flush(chars);
      if (f.isError()) {
        encode();
        out[outLen++] = (byte) 0xFF;
        malformed++;
      }
      encode();
      flushed = true;
      return;
    }
    encode();
  }

  /** UTF-8 of the decoded chars (valid pairs only: the decoder checked them). */
  private void encode() {
    chars.flip();
    while (chars.hasRemaining()) {
      char c = chars.get();
      if (c < 0x80) {
        out[outLen++] = (byte) c;
      } else if (c < 0x800) {
        out[outLen++] = (byte) (0xC0 | (c >> 6));
        out[outLen++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, chars.get());
        out[outLen++] = (byte) (0xF0 | (cp >> 18));
        out[outLen++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[outLen++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[outLen++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        out[outLen++] = (byte) (0xE0 | (c >> 12));
        out[outLen++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[outLen++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    chars.clear();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
