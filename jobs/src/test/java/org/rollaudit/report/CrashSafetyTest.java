package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.verify.BundleVerifier;

/**
 * P8 (T19 reduced): a failure or a kill at any point leaves nothing at --out or a complete bundle.
 */
class CrashSafetyTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(
      strings = {"staged", "evidence", "documents", "report", "sums", "signed", "verified"})
  void aFailureBeforeThePublishingMoveLeavesNothing(String point) throws Exception {
    Path out = tmp.resolve("out");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                BundleWriter.write(
                    Fixtures.sample("public"),
                    out,
                    Optional.of(Bundles.key()),
                    p -> {
                      if (p.equals(point)) {
                        throw new IOException("No space left on device (injected at " + p + ")");
                      }
                    }));
    assertTrue(e.getMessage().contains(point));
    assertFalse(Files.exists(out), "no partial bundle");
    assertEquals(List.of(), entries(tmp), "staging removed in finally");
  }

  @Test
  void aFailureAfterThePublishingMoveLeavesACompleteBundle() throws Exception {
    Path out = tmp.resolve("out");
    assertThrows(
        IOException.class,
        () ->
            BundleWriter.write(
                Fixtures.sample("public"),
                out,
                Optional.empty(),
                p -> {
                  if (p.equals("published")) {
                    throw new IOException("injected after the move");
                  }
                }));
    assertTrue(BundleVerifier.verify(out).intact());
    assertEquals(List.of("out"), entries(tmp));
  }

  @Test
  void aKilledWriterLeavesNoBundleAndTheRerunIsByteIdenticalToAnotherJvm() throws Exception {
    Path reference = tmp.resolve("reference");
    // The child killed just before the move first copies its finished staging folder: a bundle
    // built in another JVM, under another time zone and locale (cross-JVM reproducibility).
    Process early = child(List.of(tmp.resolve("out-documents").toString(), "documents"));
    Process late =
        child(
            List.of(tmp.resolve("out-verified").toString(), "verified", reference.toString()),
            "-Duser.timezone=America/Los_Angeles",
            "-Duser.language=tr",
            "-Duser.country=TR");
    for (Process p : List.of(early, late)) {
      awaitLine(p, p == early ? "AT documents" : "AT verified");
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    for (String point : List.of("documents", "verified")) {
      Path out = tmp.resolve("out-" + point);
      assertFalse(Files.exists(out), "killed at " + point + ": nothing at --out");
      assertTrue(
          entries(tmp).stream().anyMatch(n -> n.startsWith(".out-" + point + ".staging-")),
          "the kill left staging behind");
      AuditResult r = Fixtures.sample("public");
      assertEquals(
          BundleWriter.Outcome.WRITTEN, BundleWriter.write(r, out, Optional.empty()).outcome());
      assertFalse(
          entries(tmp).stream().anyMatch(n -> n.startsWith(".out-" + point + ".staging-")),
          "stale staging removed");
      Bundles.assertSameBytes(reference, out);
    }
  }

  private static Process child(List<String> args, String... jvmFlags) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmFlags));
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    cmd.add(KillHarnessMain.class.getName());
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static void awaitLine(Process p, String line) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String l; (l = r.readLine()) != null; ) {
      if (l.equals(line)) {
        return;
      }
    }
    throw new AssertionError(
        "child ended before printing '" + line + "' (exit " + p.exitValue() + ")");
  }

  private static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
