package org.rollaudit.history;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rollaudit.audit.Version;
import org.rollaudit.pipeline.RunId;

/**
 * The store keeps its derived results (metrics, kept tables, findings) in one folder per build of
 * rollaudit, {@code STORE/metrics/b-<digest>/}, because a build never reads another build's results
 * ({@link Version#build}). Without a clean-up every upgrade would leave its predecessor's folder
 * behind for good: at 9M voters and a year of weekly snapshots a build keeps about 3 GB (57 MB per
 * pair, mostly the notice-wait dates).
 *
 * <p>The first use of a store's results in a process writes {@code build.txt} in its build's folder
 * (the build's name; its modification time is the build's last use), then removes what no build has
 * used for {@link #UNUSED_DAYS} days: other builds' folders by their {@code build.txt}, and
 * whatever else lies beside them (the pair folders and staging folders of the layout before build
 * folders, a build folder without {@code build.txt}) by its own modification time. The grace period
 * is what makes this safe while another build works on the same store: a run marks its build when
 * it starts, so only a run that has lasted longer than the grace period could lose results it is
 * reading, and then it fails with a read error rather than giving a wrong result. Downgrading
 * within the period finds the older build's results still there.
 *
 * <p>Housekeeping never stops a run: a store that cannot be written (a read-only copy) or listed is
 * left as it is, and the run goes on and reports its own errors where it must write.
 */
final class KeptBuilds {
  /**
   * Days a build's results stay after its last use. Long enough for a weekly schedule that runs an
   * older and a newer build side by side, or for going back to the older build after trying a new
   * one; short enough that an upgrade's leftovers go within a fortnight.
   */
  static final int UNUSED_DAYS = 7;

  static final String MARK = "build.txt";

  /** Metrics roots already marked and cleaned by this process. */
  private static final Set<String> DONE = ConcurrentHashMap.newKeySet();

  private KeptBuilds() {}

  /** The folder of this build's results under {@code metrics}: b- and 16 hex digits. */
  static Path folder(Path metrics) {
    return new Path(metrics, "b-" + RunId.of(List.of(Version.build())).substring(0, 16));
  }

  /**
   * Marks this build's use of {@code metrics} and removes what has not been used for {@link
   * #UNUSED_DAYS} days; once per process and store.
   */
  static void markAndClean(FileSystem fs, Path metrics) {
    if (!DONE.add(metrics.toString())) {
      return;
    }
    try {
      Path own = folder(metrics);
      fs.mkdirs(own);
      try (OutputStream out = fs.create(new Path(own, MARK), true)) {
        out.write((Version.build() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      clean(fs, metrics, own, System.currentTimeMillis() - UNUSED_DAYS * 24L * 3600 * 1000);
    } catch (IOException e) {
      // Read-only or unreachable: nothing is marked or removed; the run reports its own errors.
    }
  }

  /** Removes every child of {@code metrics} but {@code own} last used before {@code cutoff}. */
  static void clean(FileSystem fs, Path metrics, Path own, long cutoff) throws IOException {
    for (FileStatus child : fs.listStatus(metrics)) {
      Path p = child.getPath();
      if (p.getName().equals(own.getName())) {
        continue;
      }
      long lastUse = child.getModificationTime();
      Path mark = new Path(p, MARK);
      if (child.isDirectory() && fs.exists(mark)) {
        lastUse = fs.getFileStatus(mark).getModificationTime();
      }
      if (lastUse < cutoff) {
        fs.delete(p, true);
      }
    }
  }
}
