package org.rollaudit.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;

/**
 * The second part of a plain file's record count, on its own thread: from the first record that
 * starts after a given byte (in the pre-pass, {@link PrePass#FIRST_COUNTER_SHARE} of the file) to
 * the end. Only for layouts where a newline always ends a record, so that the byte after any
 * newline starts a record. The pre-pass thread counts the first part and merges ({@link
 * RecordCounter#merge}); the hash of the file stays on the pre-pass thread.
 */
final class SecondHalf {
  private final long from;
  private final long size;
  private final FutureTask<RecordCounter> task;
  private final AtomicBoolean cancelled = new AtomicBoolean();

  private SecondHalf(
      Storage storage,
      String uri,
      long from,
      long size,
      LongFunction<RecordCounter> counter,
      int chunk) {
    this.from = from;
    this.size = size;
    this.task =
        new FutureTask<>(
            () -> {
              RecordCounter c = counter.apply(from);
              byte[] buf = new byte[chunk];
              try (InputStream in = storage.open(uri, from)) {
                int n;
                while (!cancelled.get() && (n = in.readNBytes(buf, 0, chunk)) > 0) {
                  c.feed(buf, 0, n);
                }
              }
              c.finish();
              return c;
            });
  }

  /**
   * Starts counting from the record after the first newline at or after {@code atLeast}; null when
   * there is no newline before the last byte (nothing worth a second thread).
   */
  static SecondHalf start(
      Storage storage,
      String uri,
      long size,
      long atLeast,
      LongFunction<RecordCounter> counter,
      int chunk)
      throws IOException {
    long from = recordAfter(storage, uri, atLeast, size);
    if (from < 0) {
      return null;
    }
    SecondHalf h = new SecondHalf(storage, uri, from, size, counter, chunk);
    Thread t = new Thread(h.task, "rollaudit-prepass-half");
    t.setDaemon(true);
    t.start();
    return h;
  }

  /** The first byte of the second part. */
  long from() {
    return from;
  }

  /** The finished count; refuses a file whose size changed meanwhile. */
  RecordCounter join(String display) throws IOException {
    RecordCounter c = PrePass.await(task);
    if (c.bytes() != size) {
      throw PrePass.sizeChanged(display, size, c.bytes());
    }
    return c;
  }

  /** Stops the count early (the pre-pass failed); harmless once it has finished. */
  void cancel() {
    cancelled.set(true);
  }

  private static long recordAfter(Storage storage, String uri, long atLeast, long size)
      throws IOException {
    byte[] buf = new byte[1 << 16];
    long pos = atLeast;
    try (InputStream in = storage.open(uri, atLeast)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            long next = pos + i + 1;
            return next < size ? next : -1;
          }
        }
        pos += n;
      }
    }
    return -1;
  }
}
