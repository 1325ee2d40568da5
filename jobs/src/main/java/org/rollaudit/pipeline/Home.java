package org.rollaudit.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.report.StagingDirectory;

/**
 * Where the checkout's folders are: {@code rollaudit.home} (set by bin/rollaudit), else the working
 * directory. Under spark-submit there is no checkout, so the default rules come from the copy
 * inside the jar, unpacked once to a temporary folder that is deleted when the JVM exits.
 */
public final class Home {
  private static Path unpackedRules;

  private Home() {}

  public static Path home() {
    String h = System.getProperty("rollaudit.home");
    return h != null ? Path.of(h) : Path.of("").toAbsolutePath();
  }

  /** The rules folder: the option if given, else home/rules, else the jar's copy. */
  public static Path rules(String option) {
    if (option != null) {
      Path p = Path.of(option);
      if (!Files.isDirectory(p)) {
        throw RollAuditException.usage(
            "Cannot read rules: "
                + option
                + " is not a folder. Give --rules the folder that"
                + " holds the rule YAML files (default: rules/).");
      }
      return p;
    }
    Path p = home().resolve("rules");
    if (Files.isDirectory(p)) {
      return p;
    }
    return bundledRules();
  }

  /** The sample-data folder of the checkout. */
  public static Path sampleData() {
    return home().resolve("sample-data");
  }

  private static synchronized Path bundledRules() {
    if (unpackedRules != null) {
      return unpackedRules;
    }
    URL url = Home.class.getResource("/org/rollaudit/rules-default");
    if (url == null) {
      throw RollAuditException.usage(
          "Cannot find the default rules: no rules/ folder here and none inside the jar. Pass"
              + " --rules DIR.");
    }
    try {
      Path tmp = Files.createTempDirectory("rollaudit-rules");
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
          copyTree(fs.getPath("/org/rollaudit/rules-default"), tmp);
        }
      } else {
        copyTree(Path.of(uri), tmp);
      }
      unpackedRules = tmp;
      // A scheduled job under spark-submit runs this every week: leave no folder behind in /tmp.
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> deleteQuietly(tmp), "rollaudit-rules-cleanup"));
      return tmp;
    } catch (IOException | URISyntaxException e) {
      throw new UncheckedIOException(new IOException("Cannot unpack the bundled rules", e));
    }
  }

  private static void deleteQuietly(Path root) {
    try {
      StagingDirectory.deleteTree(root);
    } catch (IOException e) {
      // best effort at exit: a leftover temporary folder is harmless
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
