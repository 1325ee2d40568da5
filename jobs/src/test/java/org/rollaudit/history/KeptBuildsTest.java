package org.rollaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.Version;

/** Each build's kept results in a folder of its own, removed a week after the build's last use. */
class KeptBuildsTest {
  private static final Instant NOW = Instant.now();
  private static final Instant OLD = NOW.minus(Duration.ofDays(KeptBuilds.UNUSED_DAYS + 1));
  private static final Instant RECENT = NOW.minus(Duration.ofDays(KeptBuilds.UNUSED_DAYS - 1));

  @Test
  void removesWhatNoBuildUsedForAWeekAndMarksItsOwnBuild(@TempDir Path store) throws IOException {
    Path metrics = store.resolve("metrics");
    // Another build, last used more than a week ago (its folder written to recently: the mark
    // decides, not the folder's time).
    Path stale = build(metrics, "b-00000000000000aa", OLD);
    Files.setLastModifiedTime(stale, FileTime.from(NOW));
    // Another build, used within the week (its folder untouched for longer: still the mark).
    Path live = build(metrics, "b-00000000000000bb", RECENT);
    Files.setLastModifiedTime(live, FileTime.from(OLD));
    // The layout before build folders: a pair folder and a staging folder, by their own times.
    Path oldPair = folder(metrics.resolve("2024-01-06_2024-01-13"), OLD);
    Path newPair = folder(metrics.resolve("2024-01-13_2024-01-20"), RECENT);
    Path oldStaging = folder(metrics.resolve(".staging-x"), OLD);
    // This build's folder, its mark and contents old: it is in use now, so it stays.
    Path own = metrics.resolve(KeptBuilds.folder(new org.apache.hadoop.fs.Path("m")).getName());
    build(metrics, own.getFileName().toString(), OLD);
    Path ownPair = folder(own.resolve("2024-01-06_2024-01-13"), OLD);

    KeptBuilds.markAndClean(
        FileSystem.getLocal(new Configuration()).getRaw(),
        new org.apache.hadoop.fs.Path(metrics.toUri()));

    assertFalse(Files.exists(stale), "another build unused for a week is removed");
    assertTrue(Files.exists(live.resolve("kept")), "another build used within the week stays");
    assertFalse(Files.exists(oldPair), "a pair folder of the old layout unused for a week goes");
    assertTrue(Files.exists(newPair), "and one written within the week stays");
    assertFalse(Files.exists(oldStaging));
    assertTrue(Files.exists(ownPair), "this build's results stay");
    assertEquals(
        Version.build() + "\n",
        Files.readString(own.resolve(KeptBuilds.MARK), StandardCharsets.UTF_8),
        "this build's folder names it");
    assertTrue(
        Files.getLastModifiedTime(own.resolve(KeptBuilds.MARK)).toInstant().isAfter(RECENT),
        "and its mark shows it used now");
  }

  @Test
  void aStoreThatCannotBeListedIsLeftAsItIs(@TempDir Path store) throws IOException {
    // metrics is a file, not a folder: nothing can be marked; the run is not stopped.
    Path metrics = Files.writeString(store.resolve("metrics"), "x");
    KeptBuilds.markAndClean(
        FileSystem.getLocal(new Configuration()).getRaw(),
        new org.apache.hadoop.fs.Path(metrics.toUri()));
    assertEquals("x", Files.readString(metrics));
  }

  /** A build folder holding one kept file, its mark last modified at {@code used}. */
  private static Path build(Path metrics, String name, Instant used) throws IOException {
    Path b = folder(metrics.resolve(name), used);
    Files.writeString(b.resolve("kept"), "results");
    Path mark = Files.writeString(b.resolve(KeptBuilds.MARK), "rollaudit x build " + name);
    Files.setLastModifiedTime(mark, FileTime.from(used));
    Files.setLastModifiedTime(b, FileTime.from(used));
    return b;
  }

  private static Path folder(Path p, Instant modified) throws IOException {
    Files.createDirectories(p);
    Files.setLastModifiedTime(p, FileTime.from(modified));
    return p;
  }
}
