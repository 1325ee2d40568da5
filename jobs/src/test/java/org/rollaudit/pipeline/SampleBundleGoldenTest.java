package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.verify.BundleVerifier;

/**
 * The sample bundle, byte for byte. {@code rollaudit demo} (ingest both files of sample-data/ with
 * layout nc-ncvoter into a fresh store, audit with the default rules, public disclosure) runs in
 * this JVM on the shared local[2] session; its SHA256SUMS (and so every file) must equal the
 * committed golden copy in {@code src/test/resources/golden/sample-bundle/}, which also holds
 * findings.json so that a change reads as a diff.
 *
 * <p>A change to the report, the rules, the detectors or a dependency that changes a byte fails
 * here on purpose. If the change is intended, regenerate and commit the golden files:
 *
 * <pre>
 * mvn -B test -Dtest=SampleBundleGoldenTest -Drollaudit.golden.update=true
 * </pre>
 *
 * Then {@code rollaudit audit} of the same stored snapshots runs in a child JVM on {@code local[1]}
 * (one core instead of two, other shuffle partitions, another time zone and locale): the same bytes
 * again (reliability.md T5, cores).
 */
class SampleBundleGoldenTest {
  static final String UPDATE = "rollaudit.golden.update";
  static final List<String> GOLDEN_FILES = List.of("SHA256SUMS", "findings.json");

  @TempDir static Path dir;
  static Path bundle;

  @BeforeAll
  static void demo() {
    bundle = dir.resolve("demo");
    Launch.Run r = Launch.inJvm("demo", "--out", bundle.toString());
    assertEquals(0, r.exit(), "rollaudit demo exit code");
    assertTrue(BundleVerifier.verify(bundle).intact(), "the demo bundle verifies");
  }

  static Path golden() {
    return Launch.repo().resolve("jobs/src/test/resources/golden/sample-bundle");
  }

  @Test
  void sampleBundleEqualsTheGoldenCopy() throws IOException {
    Path golden = golden();
    if (Boolean.getBoolean(UPDATE)) {
      Files.createDirectories(golden);
      for (String f : GOLDEN_FILES) {
        Files.copy(bundle.resolve(f), golden.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
      System.out.println("Golden files rewritten in " + golden + " (-D" + UPDATE + "=true)");
      return;
    }
    if (!Files.isRegularFile(golden.resolve("SHA256SUMS"))
        || !Files.isRegularFile(golden.resolve("findings.json"))) {
      fail(
          "No golden copy of the sample bundle in "
              + golden
              + ". Make it with: mvn -B test -Dtest=SampleBundleGoldenTest -D"
              + UPDATE
              + "=true");
    }
    Map<String, String> expected = Launch.sums(golden.resolve("SHA256SUMS"));
    Map<String, String> actual = Launch.sums(bundle.resolve("SHA256SUMS"));
    boolean sumsSame =
        java.util.Arrays.equals(
            Files.readAllBytes(golden.resolve("SHA256SUMS")),
            Files.readAllBytes(bundle.resolve("SHA256SUMS")));
    boolean findingsSame =
        java.util.Arrays.equals(
            Files.readAllBytes(golden.resolve("findings.json")),
            Files.readAllBytes(bundle.resolve("findings.json")));
    if (sumsSame && findingsSame) {
      return;
    }
    Path kept = keepActual();
    fail(
        "The sample bundle differs from the golden copy in "
            + Launch.repo().relativize(golden)
            + ": "
            + Launch.sumsDiff(expected, actual)
            + (findingsSame ? "" : firstDifference(golden, "findings.json"))
            + ".\nThe bundle this run wrote is kept in "
            + kept
            + " (compare it with the golden files)."
            + "\nIf the change is intended (report, rules, detectors or a dependency changed), regenerate"
            + " the golden files and commit them with the change:\n  mvn -B test"
            + " -Dtest=SampleBundleGoldenTest -D"
            + UPDATE
            + "=true\n(README, \"Golden files\").");
  }

  @Test
  void oneCoreInAChildJvmGivesTheSameBytes() throws Exception {
    Path out = dir.resolve("local-1");
    Process p =
        Launch.child(
                dir.resolve("child"),
                "local-1",
                List.of(
                    "-Dspark.master=local[1]",
                    "-Duser.timezone=America/Los_Angeles",
                    "-Duser.language=de",
                    "-Duser.country=DE"),
                "audit",
                "--store",
                dir.resolve("demo-store").toString(),
                "--baseline",
                "2024-01-06",
                "--current",
                "2024-02-03",
                "--out",
                out.toString())
            .start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the local[1] audit finished");
    String err = Files.readString(dir.resolve("child/local-1.err"));
    // Exit 1: the sample has a high finding and --fail-on defaults to high.
    assertEquals(1, p.exitValue(), "exit code of the local[1] audit; its stderr:\n" + err);
    Map<String, String> expected = Launch.sums(bundle.resolve("SHA256SUMS"));
    Map<String, String> actual = Launch.sums(out.resolve("SHA256SUMS"));
    assertEquals(
        expected,
        actual,
        "local[1] in a child JVM and local[2] here must write the same bytes: "
            + Launch.sumsDiff(expected, actual));
    assertTrue(
        java.util.Arrays.equals(
            Files.readAllBytes(bundle.resolve("SHA256SUMS")),
            Files.readAllBytes(out.resolve("SHA256SUMS"))));
  }

  /** Copies the bundle this run wrote to target/golden-actual/sample-bundle. */
  private static Path keepActual() throws IOException {
    Path to = Launch.repo().resolve("jobs/target/golden-actual/sample-bundle");
    if (Files.exists(to)) {
      try (Stream<Path> s = Files.walk(to)) {
        for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
    }
    try (Stream<Path> s = Files.walk(bundle)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(bundle.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }

  private static String firstDifference(Path golden, String file) throws IOException {
    List<String> a = Files.readAllLines(golden.resolve(file), StandardCharsets.UTF_8);
    List<String> b = Files.readAllLines(bundle.resolve(file), StandardCharsets.UTF_8);
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? a.get(i) : "(end of file)";
      String y = i < b.size() ? b.get(i) : "(end of file)";
      if (!x.equals(y)) {
        return "; "
            + file
            + " first differs at line "
            + (i + 1)
            + ":\n  golden: "
            + x.strip()
            + "\n  now:    "
            + y.strip();
      }
    }
    return "";
  }
}
