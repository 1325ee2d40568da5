package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.generate.GenerationResult;
import org.rollaudit.generate.SnapshotFile;
import org.rollaudit.report.Bundles;
import org.rollaudit.verify.BundleVerifier;

/**
 * {@code rollaudit run} SIGKILLed at its steps, in a child JVM, one run after another on the same
 * store and OUT: while it ingests, between the ingests and the audit, while it writes a bundle.
 * After each kill the store holds only whole snapshots and OUT only whole bundles; the next run
 * goes on from there, and the last one leaves exactly what one uninterrupted run leaves (the same
 * bundle bytes, the same latest.json). Killing between the bundle and latest.json is simulated in
 * {@link ScheduledRunTest} (that window is a few milliseconds).
 */
class RunKillTest {
  @TempDir static Path dir;

  @Test
  void aRunKilledAtEachStepIsCompletedByTheNext() throws Exception {
    GenerationResult g = ScheduledRunTest.threeWeeks(dir.resolve("weeks"));
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    for (SnapshotFile s : g.snapshots()) {
      Path t = inbox.resolve(s.path().getFileName());
      Files.copy(s.path(), t);
      Files.setLastModifiedTime(t, FileTime.from(Instant.now().minusSeconds(600)));
    }
    String w2 = g.snapshots().get(1).asOf().toString();
    String w3 = g.snapshots().get(2).asOf().toString();

    Path refOut = dir.resolve("ref-out");
    Launch.Run ref = Launch.inJvm(ScheduledRunTest.args(inbox, dir.resolve("ref-store"), refOut));

    Path store = dir.resolve("store");
    Path out = dir.resolve("out");
    Path scratch = dir.resolve("children");
    List<String> flags = List.of("-XX:TieredStopAtLevel=1", "-Dspark.sql.shuffle.partitions=2");
    // Each kill waits for a progress line, then kills at once: the step it starts is under way.
    List<String[]> points =
        List.of(
            new String[] {"while ingesting week 2", "Ingesting " + w2, "pre-pass"},
            new String[] {"between the ingests and the audit", "Run id", null},
            new String[] {"while writing the bundle", "Writing the bundle", null});
    int i = 0;
    for (String[] point : points) {
      String name = "kill-" + i++;
      Process p =
          Launch.child(scratch, name, flags, ScheduledRunTest.args(inbox, store, out)).start();
      Path err = scratch.resolve(name + ".err");
      boolean seen = awaitLine(p, err, point[1], point[2]);
      p.destroyForcibly();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the killed child is gone");
      assertTrue(seen, point[0] + ": the child ended before \"" + point[1] + "\"");
      System.out.printf(Locale.ROOT, "killed %s, after \"%s\"%n", point[0], lastLine(err));
      assertWholeSnapshotsAndBundles(store, out);
    }

    Launch.Run last = Launch.inJvm(ScheduledRunTest.args(inbox, store, out));
    assertEquals(ref.exit(), last.exit(), "the findings the killed runs never reported count");
    for (String w : List.of(w2, w3)) {
      Bundles.assertSameBytes(refOut.resolve(w), out.resolve(w));
    }
    assertArrayEquals(
        Files.readAllBytes(refOut.resolve("latest.json")),
        Files.readAllBytes(out.resolve("latest.json")));
    assertEquals(
        List.of(g.snapshots().get(0).asOf().toString(), w2, w3),
        Launch.names(store.resolve("snapshots")).stream().filter(n -> !n.startsWith(".")).toList(),
        "each week stored once");
  }

  /** Every stored snapshot has its receipt; every bundle in OUT verifies. */
  static void assertWholeSnapshotsAndBundles(Path store, Path out) throws IOException {
    if (Files.isDirectory(store.resolve("snapshots"))) {
      for (String n : Launch.names(store.resolve("snapshots"))) {
        if (!n.startsWith(".")) {
          assertTrue(
              Files.isRegularFile(store.resolve("snapshots").resolve(n).resolve("receipt.json")),
              "snapshot " + n + " is whole");
        }
      }
    }
    if (Files.isDirectory(out)) {
      for (String n : Launch.names(out)) {
        if (n.matches("\\d{4}-\\d{2}-\\d{2}")) {
          assertTrue(BundleVerifier.verify(out.resolve(n)).intact(), "bundle " + n + " is whole");
        }
      }
    }
  }

  /**
   * Waits until the child's stderr has a line containing {@code text} and, when {@code then} is
   * given, a later line containing {@code then}; false when the child ended first.
   */
  static boolean awaitLine(Process p, Path err, String text, String then) throws Exception {
    while (p.isAlive()) {
      if (Files.exists(err)) {
        String s = Files.readString(err, StandardCharsets.UTF_8);
        int at = s.indexOf(text);
        if (at >= 0 && (then == null || s.indexOf(then, at) >= 0)) {
          return true;
        }
      }
      Thread.sleep(20);
    }
    return false;
  }

  static String lastLine(Path err) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(err, StandardCharsets.UTF_8));
    return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
  }
}
