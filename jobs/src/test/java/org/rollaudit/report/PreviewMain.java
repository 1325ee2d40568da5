package org.rollaudit.report;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes fixture bundles for a human to look at: {@code java ... PreviewMain OUT_DIR}. Not a test.
 */
public final class PreviewMain {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    long t0 = System.nanoTime();
    BundleWriter.write(Fixtures.sample("public"), root.resolve("public"), Optional.empty());
    long t1 = System.nanoTime();
    BundleWriter.write(Fixtures.sample("restricted"), root.resolve("restricted"), Optional.empty());
    long t2 = System.nanoTime();
    BundleWriter.write(DemoFixture.result(), root.resolve("demo"), Optional.empty());
    System.out.println(
        "public " + (t1 - t0) / 1_000_000 + " ms, restricted " + (t2 - t1) / 1_000_000 + " ms");
  }
}
