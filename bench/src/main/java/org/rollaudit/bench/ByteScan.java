package org.rollaudit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The floor: one pass over every byte of each file (one thread per file, as many files as the
 * machine has cores), splitting lines on LF and fields on TAB, hashing the key field. Nothing
 * useful can read the files faster, so ingest and audit times are also reported as multiples of
 * this.
 *
 * <pre>ByteScan KEYCOLUMN FILE...</pre>
 */
public final class ByteScan {
  private ByteScan() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ByteScan KEYCOLUMN FILE...");
      System.exit(2);
    }
    String key = args[0];
    ExecutorService pool = Executors.newFixedThreadPool(args.length - 1);
    List<Future<long[]>> parts = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      Path p = Path.of(args[i]);
      parts.add(pool.submit(() -> scan(p, key)));
    }
    for (int i = 0; i < parts.size(); i++) {
      long[] r = parts.get(i).get();
      System.out.printf(
          "%s: %d bytes, %d records, key hash %016x%n", args[i + 1], r[0], r[1], r[2]);
    }
    pool.shutdown();
  }

  /** Returns {bytes, records, combined FNV-1a hash of the key fields}. */
  static long[] scan(Path file, String key) throws IOException {
    byte[] buf = new byte[1 << 20];
    long bytes = 0;
    long records = -1; // the header line is not a record
    long combined = 0;
    int keyIndex = -1;
    StringBuilder header = new StringBuilder();
    int field = 0;
    long h = 0xcbf29ce484222325L;
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        bytes += n;
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (keyIndex < 0) {
            if (b == '\n') {
              keyIndex = keyIndexOf(header.toString(), key, file);
              records++;
            } else {
              header.append((char) (b & 0xff));
            }
          } else if (b == '\n') {
            combined += h;
            records++;
            field = 0;
            h = 0xcbf29ce484222325L;
          } else if (b == '\t') {
            field++;
          } else if (field == keyIndex) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
          }
        }
      }
    }
    return new long[] {bytes, records, combined};
  }

  static int keyIndexOf(String headerLine, String key, Path file) {
    String[] names = headerLine.replace("\r", "").split("\t");
    for (int i = 0; i < names.length; i++) {
      if (names[i].replace("\"", "").equals(key)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        file + ": line 1: no column named " + key + "; pass the key column of this layout");
  }
}
