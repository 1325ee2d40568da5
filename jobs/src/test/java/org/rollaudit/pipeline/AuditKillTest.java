package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.generate.Compression;
import org.rollaudit.generate.GenerationResult;
import org.rollaudit.generate.SyntheticRoll;
import org.rollaudit.ingest.IngestJob;
import org.rollaudit.layout.LayoutRegistry;
import org.rollaudit.report.Bundles;
import org.rollaudit.spark.TestSpark;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.verify.BundleVerifier;
import org.rollaudit.verify.VerificationReport;

/**
 * Crash safety and idempotence of {@code rollaudit audit} as a user runs it (reliability.md §9):
 *
 * <ul>
 *   <li>T19, reduced cut for CI: a child JVM auditing two stored snapshots is SIGKILLed ({@code
 *       destroyForcibly}) at 10 seeded random moments: 6 anywhere in its run, 4 in the phase that
 *       writes the bundle (after its "Writing the bundle" line). After each kill {@code --out} is
 *       absent or a complete bundle that verifies (and equals a clean run's); the staging folders
 *       kills leave are removed by the next run; a final run writes the clean run's bytes.
 *   <li>T22: a second run on the same inputs writes nothing (every mtime unchanged), says "already
 *       complete" and exits as the first; a changed threshold in a copied rules folder gives a new
 *       run id, and is refused (exit 2, nothing written) where the first run's bundle is.
 * </ul>
 *
 * Seed: {@code -Drollaudit.kill.seed=N} (default 19), count: {@code -Drollaudit.kill.count=N}
 * (default 10; reliability.md asks 50 nightly). Each kill's moment and outcome is printed. A child
 * takes about 18 s on a 2-core machine (JVM and Spark start-up dominate), so the kills cost about
 * five runs' time.
 */
class AuditKillTest {
  /** Kills per run of the test: 10 in CI (T19's reduced cut), more with -Drollaudit.kill.count. */
  static final int KILLS = Integer.getInteger("rollaudit.kill.count", 10);

  @TempDir static Path dir;
  static Path store;
  static String baseline;
  static String current;
  static Path reference;
  static Launch.Run first;

  @BeforeAll
  static void storeAndCleanRun() throws IOException {
    GenerationResult g =
        SyntheticRoll.builder()
            .voters(10_000)
            .seed(11)
            .compression(Compression.NONE)
            .build()
            .generate(dir.resolve("raw"));
    store = dir.resolve("store");
    SnapshotStore s = SnapshotStore.open(TestSpark.session(), store.toString(), 4);
    for (int i = 0; i < 2; i++) {
      LocalDate asOf = g.snapshots().get(i).asOf();
      IngestJob.run(
          TestSpark.session(),
          new IngestJob.Options(
              LayoutRegistry.standard().resolveForIngest("nc-ncvoter"),
              asOf,
              s.root(),
              List.of(g.snapshots().get(i).path().toString()),
              false,
              0.001,
              null,
              null,
              null,
              dir.resolve("refusals"),
              IngestJob.DEFAULT_SPLIT_BYTES),
          line -> {});
    }
    baseline = g.snapshots().get(0).asOf().toString();
    current = g.snapshots().get(1).asOf().toString();
    reference = dir.resolve("reference");
    first = Launch.inJvm(audit(reference));
    assertTrue(BundleVerifier.verify(reference).intact());
    assertTrue(Files.list(reference.resolve("evidence")).findAny().isPresent(), "has findings");
  }

  static String[] audit(Path out, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "audit",
                "--store",
                store.toString(),
                "--baseline",
                baseline,
                "--current",
                current,
                "--out",
                out.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void aKilledRunLeavesNothingOrAVerifyingBundleAndTheRerunIsIdentical() throws Exception {
    Path scratch = dir.resolve("children");
    // C1 only and few shuffle partitions: the children run faster on a small machine, and their
    // bytes are compared with this JVM's (other partitions, C2) anyway.
    List<String> flags = List.of("-XX:TieredStopAtLevel=1", "-Dspark.sql.shuffle.partitions=2");

    // A clean child run: how long a run and its bundle-writing phase take here, and a bundle
    // written by another JVM.
    long t0 = System.nanoTime();
    Process clean =
        Launch.child(scratch, "clean", flags, audit(dir.resolve("child-clean"))).start();
    double writingAt = awaitWriting(clean, scratch.resolve("clean.err"), t0);
    assertTrue(clean.waitFor(10, TimeUnit.MINUTES));
    double runSeconds = (System.nanoTime() - t0) / 1e9;
    double writeSeconds = Math.max(0.5, runSeconds - writingAt);
    assertEquals(first.exit(), clean.exitValue(), "the child exits as the in-JVM run did");
    Bundles.assertSameBytes(reference, dir.resolve("child-clean"));

    long seed = Long.getLong("rollaudit.kill.seed", 19L);
    Random rnd = new Random(seed);
    Path out = dir.resolve("killed");
    // Most of a run is JVM and Spark start-up and the comparison, when nothing is written; the
    // bundle is written in the last second or two. So 60% of the kills fall anywhere in a run and
    // 40% in the writing phase, each group stratified (kill i at a random moment of its i-th
    // equal slice), the last slices a little beyond the end of the phase.
    int anywhere = KILLS - KILLS * 2 / 5;
    int absent = 0;
    int complete = 0;
    int stagingLeft = 0;
    for (int i = 0; i < KILLS; i++) {
      boolean inWriting = i >= anywhere;
      int slice = inWriting ? i - anywhere : i;
      int slices = inWriting ? KILLS - anywhere : anywhere;
      double span = inWriting ? writeSeconds * 1.1 : runSeconds;
      double delay = (slice + rnd.nextDouble()) / slices * span;
      long start = System.nanoTime();
      Process p = Launch.child(scratch, "kill-" + i, flags, audit(out)).start();
      double base = inWriting ? awaitWriting(p, scratch.resolve("kill-" + i + ".err"), start) : 0;
      boolean ended = p.waitFor((long) (delay * 1000), TimeUnit.MILLISECONDS);
      p.destroyForcibly();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the killed child is gone");
      double at = (System.nanoTime() - start) / 1e9;
      String stage = lastStage(scratch.resolve("kill-" + i + ".err"));
      boolean staging = !stagingOf(out).isEmpty();
      stagingLeft += staging ? 1 : 0;
      String what;
      if (Files.exists(out)) {
        VerificationReport v = BundleVerifier.verify(out);
        assertTrue(
            v.intact(),
            "kill " + i + " (seed " + seed + ") left an incomplete bundle: " + v.failures());
        Bundles.assertSameBytes(reference, out);
        complete++;
        what = "complete bundle";
        // Start the next kill from nothing again, so that it exercises the write path.
        Launch.deleteTree(out);
      } else {
        absent++;
        what = "nothing at --out";
      }
      System.out.printf(
          Locale.ROOT,
          "kill %d (seed %d) at %.1f s%s%s, after \"%s\": %s%s%n",
          i,
          seed,
          at,
          inWriting
              ? String.format(Locale.ROOT, " (%.2f s after writing began at %.1f s)", delay, base)
              : "",
          ended ? " (it had already ended)" : "",
          stage,
          what,
          staging ? ", staging left behind" : "");
    }
    System.out.printf(
        Locale.ROOT,
        "%d kills (clean run %.1f s, writing %.1f s): %d left nothing, %d a complete bundle;"
            + " %d left a staging folder%n",
        KILLS,
        runSeconds,
        writeSeconds,
        absent,
        complete,
        stagingLeft);

    // Stale staging of ours (a killed run's, or this fake one) goes; other names stay.
    Files.createDirectories(out.resolveSibling(".killed.staging-0123456789abcdef/evidence"));
    Files.writeString(
        out.resolveSibling(".killed.staging-0123456789abcdef/findings.json"), "{partial");
    Files.createDirectories(out.resolveSibling(".killed.keep"));
    Files.writeString(out.resolveSibling("killed.notes"), "not ours");
    Launch.Run rerun = Launch.inJvm(audit(out));
    assertEquals(first.exit(), rerun.exit());
    Bundles.assertSameBytes(reference, out);
    assertEquals(List.of(), stagingOf(out), "stale staging removed by the next run");
    assertTrue(Files.isDirectory(out.resolveSibling(".killed.keep")), "only our staging goes");
    assertTrue(Files.isRegularFile(out.resolveSibling("killed.notes")), "only our staging goes");
  }

  @Test
  void aSecondRunWritesNothingAndAChangedThresholdGetsANewRunId() throws Exception {
    Map<String, Long> before = Launch.mtimes(reference);
    List<String> siblings = Launch.names(dir);
    Launch.Run again = Launch.inJvm(audit(reference));
    assertEquals(first.exit(), again.exit(), "exits as the first run did");
    assertTrue(again.stdout().contains("already complete"), again.stdout());
    assertEquals(before, Launch.mtimes(reference), "no file or folder of the bundle was touched");
    assertEquals(siblings, Launch.names(dir), "no staging folder left beside it");

    // The same rules with one threshold changed: another run.
    Path rules = dir.resolve("rules-changed");
    Launch.copyTree(Launch.repo().resolve("rules"), rules);
    Path removals = rules.resolve("removals.yaml");
    String text = Files.readString(removals, StandardCharsets.UTF_8);
    String changed = text.replaceFirst("min_rate_ratio: 2\\.0\\n", "min_rate_ratio: 2.5\n");
    assertNotEquals(text, changed, "removals.yaml has a min_rate_ratio: 2.0 line to change");
    Files.writeString(removals, changed, StandardCharsets.UTF_8);

    Launch.Run refused = Launch.inJvm(audit(reference, "--rules", rules.toString()));
    assertEquals(2, refused.exit(), "another run's bundle in --out is refused");
    assertEquals(before, Launch.mtimes(reference), "and nothing was written");

    Path other = dir.resolve("changed-threshold");
    Launch.inJvm(audit(other, "--rules", rules.toString()));
    String runA = runId(reference);
    String runB = runId(other);
    assertNotEquals(runA, runB, "a changed threshold must change the run id");
    assertTrue(BundleVerifier.verify(other).intact());
  }

  private static String runId(Path bundle) {
    return BundleVerifier.verify(bundle).runId();
  }

  /**
   * Waits until a child prints the "Writing the bundle" progress line (or ends), polling its stderr
   * file; returns the seconds since {@code start}.
   */
  private static double awaitWriting(Process p, Path err, long start) throws Exception {
    while (p.isAlive()) {
      if (Files.exists(err)
          && Files.readString(err, StandardCharsets.UTF_8).contains("Writing the bundle")) {
        break;
      }
      Thread.sleep(20);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The last progress line a child printed before it died. */
  private static String lastStage(Path err) throws IOException {
    String last = "(none: Spark not started yet)";
    if (Files.exists(err)) {
      for (String l : Files.readAllLines(err, StandardCharsets.UTF_8)) {
        if (l.startsWith("[")) {
          last = l.replaceFirst("^\\[\\s*[0-9.]+s\\] ", "");
        }
      }
    }
    return last;
  }

  private static List<String> stagingOf(Path out) throws IOException {
    return Launch.names(out.getParent()).stream()
        .filter(n -> n.startsWith("." + out.getFileName() + ".staging-"))
        .toList();
  }
}
