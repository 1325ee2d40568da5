package org.rollaudit.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.rollaudit.audit.RollAuditException;

/**
 * The lock one {@code rollaudit run} holds on its store for the whole run, so that two scheduled
 * runs never ingest or audit the same snapshot at once.
 *
 * <p>The operating system's lock ({@link FileChannel#tryLock}, fcntl on Linux) is the truth: it
 * goes with the process, so a killed run leaves no stale lock to clean up. The file's text (pid,
 * host, start time) only tells the next run whom it is waiting for; it stays behind when the run
 * ends and is overwritten by the next holder. fcntl locks work on local file systems; on NFS only
 * with a lock daemon, so keep the store (or at least the lock file) on a local disk.
 */
final class RunLock implements AutoCloseable {
  static final String FILE_NAME = org.rollaudit.store.SnapshotStore.RUN_LOCK;

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock at {@code file}, waiting up to {@code waitSeconds} (0: not at all) while another
   * run holds it.
   *
   * @throws RollAuditException exit 2 when the wait is over, naming the holder
   */
  static RunLock acquire(Path file, long waitSeconds, Progress progress) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileChannel ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
      long nextNote = 0;
      while (true) {
        FileLock l = tryLock(ch);
        if (l != null) {
          RunLock held = new RunLock(ch, l);
          held.describeHolder();
          return held;
        }
        long now = System.nanoTime();
        if (now - deadline >= 0) {
          ch.close();
          throw RollAuditException.usage(
              "Cannot run: another rollaudit run holds the lock "
                  + file
                  + " ("
                  + holder(file)
                  + ")"
                  + (waitSeconds > 0 ? "; waited " + waitSeconds + " s" : "")
                  + ". Nothing was read. Let it finish (or stop that process), then run again;"
                  + " --wait SECONDS waits longer.");
        }
        if (now - nextNote >= 0) {
          progress.stage(
              "waiting up to "
                  + Math.max(0, (deadline - now + 999_999_999L) / 1_000_000_000L)
                  + " s more for the lock "
                  + file
                  + " ("
                  + holder(file)
                  + ")");
          nextNote = now + 30_000_000_000L;
        }
        Thread.sleep(200);
      }
    } catch (IOException e) {
      throw RollAuditException.usage(
          "Cannot lock " + file + ": " + e.getMessage() + ". Check the folder's permissions.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RollAuditException.usage("Cannot lock " + file + ": interrupted while waiting.");
    }
  }

  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException e) {
      // Held by this very JVM (another run in the same process, as in tests): busy all the same.
      return null;
    }
  }

  /** The holder as its lock file says, e.g. "pid 4242 on host1 since 2026-01-06T02:00:00Z". */
  static String holder(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? "holder unknown: it has not written its details yet" : s;
    } catch (IOException e) {
      return "holder unknown: " + e.getMessage();
    }
  }

  private void describeHolder() throws IOException {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown host";
    }
    String text =
        "pid "
            + ProcessHandle.current().pid()
            + " on "
            + host
            + " since "
            + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + "\n";
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The lock goes with the channel or, at worst, with the process.
    }
  }
}
