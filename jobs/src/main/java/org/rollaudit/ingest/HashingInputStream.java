package org.rollaudit.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Counts and SHA-256-hashes every byte read through it. */
final class HashingInputStream extends FilterInputStream {
  private final MessageDigest sha;
  private long count;

  HashingInputStream(InputStream in) {
    super(in);
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    int c = in.read();
    if (c >= 0) {
      sha.update((byte) c);
      count++;
    }
    return c;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      sha.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipping would leave bytes unhashed: read them instead.
    byte[] tmp = new byte[8192];
    long done = 0;
    while (done < n) {
      int r = read(tmp, 0, (int) Math.min(tmp.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads to the end, so the hash covers the whole stream. */
  long drain() throws IOException {
    byte[] tmp = new byte[1 << 16];
    long n = 0;
    int r;
    while ((r = read(tmp, 0, tmp.length)) > 0) {
      n += r;
    }
    return n;
  }

  long count() {
    return count;
  }

  /** Lower-case hex SHA-256 of everything read (call once, at the end). */
  String hex() {
    return Hex.of(sha.digest());
  }
}
