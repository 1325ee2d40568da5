package org.rollaudit.store;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A folder published by a rename and then a marker file written into it (a snapshot's receipt, a
 * kept pair's pair.json): the folder counts only once its marker is there. On HDFS or a local disk
 * the rename is atomic; on an object store (s3a://) it copies file by file, so a folder without its
 * marker is either being renamed right now or the remains of a rename that died part-way. Only age
 * tells them apart: a rename in progress copies files more often than {@link #DEAD_AFTER_MS}.
 */
public final class Unmarked {
  /** Newest file older than this: the rename died (as for the stores' staging folders). */
  public static final long DEAD_AFTER_MS = 24L * 3600 * 1000;

  private Unmarked() {}

  /**
   * What a folder of that name is: absent or marked, or unmarked and young, or unmarked and dead.
   */
  public enum State {
    /** Absent, or holding its marker: nothing to clear. */
    NONE,
    /**
     * Without its marker, a file written within {@link #DEAD_AFTER_MS}: perhaps a rename in
     * progress.
     */
    YOUNG,
    /**
     * Without its marker and no file written for {@link #DEAD_AFTER_MS}: a dead rename's remains.
     */
    DEAD
  }

  public static State of(FileSystem fs, Path folder, String marker) throws IOException {
    if (!fs.exists(folder) || fs.exists(new Path(folder, marker))) {
      return State.NONE;
    }
    long newest = 0;
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(folder, true);
    while (files.hasNext()) {
      FileStatus f = files.next();
      newest = Math.max(newest, f.getModificationTime());
    }
    return newest < System.currentTimeMillis() - DEAD_AFTER_MS ? State.DEAD : State.YOUNG;
  }
}
