package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.report.Checksums;

/**
 * {@code audit --baseline FILE --current FILE} without --store ingests into {@code out/store} of
 * the working folder, a cache. A later audit of other files with the same dates (a corrected
 * re-export, another county's extract) must audit those files, not refuse because the cache holds
 * the earlier bytes for the date.
 */
class AuditOnFilesTest {
  @TempDir Path dir;

  @Test
  void otherFilesOfTheSameDatesReplaceTheCachedSnapshots() throws Exception {
    Path first = generate("first", "1");
    Path second = generate("second", "2");
    Path work = dir.resolve("work");
    Files.createDirectories(work);

    Path out1 = audit(first, work, "audit-1");
    Path out2 = audit(second, work, "audit-2");

    String inputs1 = Files.readString(out1.resolve("inputs.json"));
    String inputs2 = Files.readString(out2.resolve("inputs.json"));
    assertNotEquals(inputs1, inputs2, "the second audit read the second pair's files");
    for (String f : List.of("ncvoter_20240106.txt", "ncvoter_20240203.txt")) {
      String sha = Checksums.sha256(second.resolve(f));
      assertTrue(inputs2.contains(sha), "inputs.json of the second audit names " + f + " " + sha);
    }
    assertTrue(Files.isDirectory(work.resolve("out/store/replaced")), "the old snapshots are kept");
  }

  private Path generate(String name, String seed) {
    Path out = dir.resolve(name);
    Launch.Run r =
        Launch.inJvm(
            "generate", "--voters", "2000", "--seed", seed, "--out", out.toString(), "--quiet");
    assertEquals(0, r.exit(), "generate exit code");
    return out;
  }

  private Path audit(Path files, Path work, String name) throws Exception {
    Path out = dir.resolve(name);
    Process p =
        Launch.child(
                dir.resolve("child"),
                name,
                List.of(),
                "audit",
                "--layout",
                "nc-ncvoter",
                "--baseline",
                files.resolve("ncvoter_20240106.txt").toString(),
                "--current",
                files.resolve("ncvoter_20240203.txt").toString(),
                "--fail-on",
                "never",
                "--out",
                out.toString())
            .directory(work.toFile())
            .start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), name + " finished");
    String err = Files.readString(dir.resolve("child/" + name + ".err"));
    assertEquals(0, p.exitValue(), name + " exit code; its stderr:\n" + err);
    return out;
  }
}
