package org.rollaudit.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.rollaudit.audit.AuditResult;

/**
 * Times bundle writes of 10 findings x 500 evidence rows (5,000 rows): the first write in a fresh
 * JVM, then warm ones. {@code java ... TimingMain TMP_DIR}. Not a test.
 */
public final class TimingMain {
  public static void main(String[] args) throws Exception {
    Path root = Files.createDirectories(Path.of(args[0]));
    AuditResult r = Fixtures.sample("public", 10, 500);
    for (int i = 0; i < 6; i++) {
      long t0 = System.nanoTime();
      StringBuilder stages = new StringBuilder();
      long[] last = {t0};
      BundleWriter.write(
          r,
          root.resolve("b" + i),
          Optional.of(Bundles.key()),
          point -> {
            long now = System.nanoTime();
            stages.append(' ').append(point).append(' ').append((now - last[0]) / 1_000_000);
            last[0] = now;
          });
      long t1 = System.nanoTime();
      System.out.printf(
          java.util.Locale.ROOT,
          "%s write: %d ms (ms per stage:%s)%n",
          i == 0 ? "cold" : "warm",
          (t1 - t0) / 1_000_000,
          stages);
    }
  }
}
