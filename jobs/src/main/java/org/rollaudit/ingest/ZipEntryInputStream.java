package org.rollaudit.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The inflated bytes of one zip entry. Reads exactly the entry's compressed bytes, counts output as
 * it goes (never trusting the declared size), and at the end requires the declared size, the CRC,
 * and a deflate stream that ends exactly at the end of the compressed data.
 */
final class ZipEntryInputStream extends InputStream {
  private final FileChannel ch;
  private final ZipArchive.Entry e;
  private final String name;
  private final long cap;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
  private long readCompressed;
  private long out;
  private boolean done;

  ZipEntryInputStream(FileChannel ch, ZipArchive.Entry e, String name, long maxInflated) {
    this.ch = ch;
    this.e = e;
    this.name = name + "!" + e.name();
    this.cap = Math.min(e.size(), maxInflated);
    in.limit(0); // empty until the first refill
  }

  private boolean refill() throws IOException {
    long left = e.compressedSize() - readCompressed;
    if (left <= 0) {
      return false;
    }
    in.clear();
    in.limit((int) Math.min(in.capacity(), left));
    int n = ch.read(in, e.dataOffset() + readCompressed);
    if (n <= 0) {
      throw ZipArchive.fail(name, "entry data is truncated");
    }
    readCompressed += n;
    in.flip();
    return true;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (done) {
      return -1;
    }
    int got;
    if (e.method() == 0) {
      if (!in.hasRemaining() && !refill()) {
        return finish();
      }
      got = Math.min(len, in.remaining());
      in.get(b, off, got);
    } else {
      got = inflate(b, off, len);
      if (got < 0) {
        return finish();
      }
    }
    crc.update(b, off, got);
    out += got;
    if (out > cap) {
      throw ZipArchive.fail(name, "entry inflates beyond its declared size or the size limit");
    }
    return got;
  }

  private int inflate(byte[] b, int off, int len) throws IOException {
    try {
      while (true) {
        if (inflater.finished()) {
          if (inflater.getRemaining() > 0 || readCompressed < e.compressedSize()) {
            throw ZipArchive.fail(name, "entry has bytes after its deflate stream");
          }
          return -1;
        }
        if (inflater.needsInput()) {
          if (!refill()) {
            throw ZipArchive.fail(name, "entry's deflate stream is truncated");
          }
          inflater.setInput(in.array(), 0, in.limit());
        }
        int n = inflater.inflate(b, off, len);
        if (n > 0) {
          return n;
        }
        if (inflater.needsDictionary()) {
          throw ZipArchive.fail(name, "entry needs a preset dictionary");
        }
      }
    } catch (DataFormatException ex) {
      throw ZipArchive.fail(name, "entry data is corrupt (" + ex.getMessage() + ")");
    }
  }

  private int finish() {
    done = true;
    if (out != e.size()) {
      throw ZipArchive.fail(
          name, "entry inflates to " + out + " bytes, not the declared " + e.size());
    }
    if (crc.getValue() != e.crc()) {
      throw ZipArchive.fail(name, "entry CRC mismatch");
    }
    return -1;
  }

  @Override
  public void close() {
    inflater.end();
  }
}
