package org.rollaudit.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Child process for {@link CrashSafetyTest}: writes the public fixture bundle to {@code args[0]}.
 * With a point in {@code args[1]}, it prints "AT point" when the writer reaches it and then waits
 * to be killed (SIGKILL: no finally block runs, as in a real crash). With a folder in {@code
 * args[2]}, it first copies the staging folder there (at "verified" that is the complete bundle
 * this JVM built: the test compares it with one built in its own JVM).
 */
public final class KillHarnessMain {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]).toAbsolutePath();
    String point = args.length > 1 ? args[1] : null;
    Path copy = args.length > 2 ? Path.of(args[2]) : null;
    BundleWriter.write(
        Fixtures.sample("public"),
        out,
        Optional.empty(),
        p -> {
          if (p.equals(point)) {
            if (copy != null) {
              copyStaging(out, copy);
            }
            System.out.println("AT " + p);
            System.out.flush();
            try {
              Thread.sleep(120_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    System.out.println("DONE");
  }

  private static void copyStaging(Path out, Path to) throws IOException {
    try (Stream<Path> s = Files.list(out.getParent())) {
      Path staging =
          s.filter(
                  p -> p.getFileName().toString().startsWith("." + out.getFileName() + ".staging-"))
              .findFirst()
              .orElseThrow();
      for (String f : Bundles.files(staging)) {
        Files.createDirectories(to.resolve(f).getParent());
        Files.copy(staging.resolve(f), to.resolve(f));
      }
    }
  }
}
