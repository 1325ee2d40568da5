package org.rollaudit.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.RuntimeConfig;
import org.rollaudit.cli.RollAudit;
import org.rollaudit.spark.TestSpark;

/**
 * Runs {@code rollaudit} the ways a user does, for the bundle tests: in this JVM through the real
 * command tree (sharing the test SparkSession), or in a child JVM started like bin/rollaudit.
 */
final class Launch {
  private Launch() {}

  /** The checkout: the folder holding bin/rollaudit, rules/ and sample-data/. */
  static Path repo() {
    Path p =
        Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    for (Path q = p; q != null; q = q.getParent()) {
      if (Files.isRegularFile(q.resolve("bin/rollaudit"))
          && Files.isDirectory(q.resolve("rules"))) {
        return q;
      }
    }
    throw new IllegalStateException("Cannot find the checkout (bin/rollaudit) above " + p);
  }

  /** Exit code, standard output and standard error of one command. */
  record Run(int exit, String stdout, String stderr) {}

  /**
   * Runs a command in this JVM with {@code rollaudit.home} set to the checkout. The command's
   * {@code Sparks.session()} reuses the shared test session and sets its runtime options (shuffle
   * partitions, adaptive execution); they are put back afterwards so other tests see theirs.
   */
  static Run inJvm(String... args) {
    RuntimeConfig conf = TestSpark.session().conf();
    Map<String, String> saved = new LinkedHashMap<>();
    for (String k : List.of("spark.sql.shuffle.partitions", "spark.sql.adaptive.enabled")) {
      saved.put(k, conf.get(k));
    }
    String home = System.getProperty("rollaudit.home");
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
    System.setProperty("rollaudit.home", repo().toString());
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(errBuf, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = RollAudit.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
      if (home == null) {
        System.clearProperty("rollaudit.home");
      } else {
        System.setProperty("rollaudit.home", home);
      }
      saved.forEach(conf::set);
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    String errText = errBuf.toString(StandardCharsets.UTF_8);
    out.print(text);
    err.print(errText);
    return new Run(exit, text, errText);
  }

  /**
   * A child JVM running {@code org.rollaudit.cli.RollAudit} as bin/rollaudit starts it: the same
   * --add-opens flags (read from bin/rollaudit, so there is one list), the test classpath, the
   * checkout as rollaudit.home. Spark's scratch files go to {@code scratch} (a SIGKILLed child
   * leaves them behind), its log and the output streams to files in it.
   *
   * @param jvmFlags extra JVM flags, e.g. {@code -Dspark.master=local[1]}
   */
  static ProcessBuilder child(Path scratch, String name, List<String> jvmFlags, String... args)
      throws IOException {
    Files.createDirectories(scratch.resolve("tmp"));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(launcherFlags());
    cmd.add("-Xmx1g");
    cmd.add("-Dfile.encoding=UTF-8");
    cmd.add("-Drollaudit.home=" + repo());
    cmd.add("-Drollaudit.log=" + scratch.resolve(name + ".log"));
    cmd.add("-Djava.io.tmpdir=" + scratch.resolve("tmp"));
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    cmd.add(RollAudit.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectOutput(scratch.resolve(name + ".out").toFile())
        .redirectError(scratch.resolve(name + ".err").toFile());
  }

  /** The JVM flags of bin/rollaudit's {@code opens=( ... )} list. */
  static List<String> launcherFlags() throws IOException {
    List<String> flags = new ArrayList<>();
    boolean in = false;
    for (String line : Files.readAllLines(repo().resolve("bin/rollaudit"))) {
      String t = line.strip();
      if (t.startsWith("opens=(")) {
        in = true;
      } else if (in && t.startsWith(")")) {
        break;
      } else if (in && t.startsWith("-")) {
        flags.add(t);
      }
    }
    if (flags.isEmpty()) {
      throw new IllegalStateException("bin/rollaudit has no opens=( ... ) list any more");
    }
    return flags;
  }

  /** Last-modified times of {@code root} and everything under it, by relative path. */
  static Map<String, Long> mtimes(Path root) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        out.put(
            root.relativize(p).toString(),
            Files.getLastModifiedTime(p).to(java.util.concurrent.TimeUnit.NANOSECONDS));
      }
    }
    return out;
  }

  /** The names in a folder, sorted. */
  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** {@code path -> hash} of a SHA256SUMS file. */
  static Map<String, String> sums(Path sumsFile) throws IOException {
    Map<String, String> m = new TreeMap<>();
    for (String line : Files.readAllLines(sumsFile, StandardCharsets.UTF_8)) {
      if (line.length() > 66) {
        m.put(line.substring(66), line.substring(0, 64));
      }
    }
    return m;
  }

  /** The files whose hash differs between two SHA256SUMS, or that only one of them lists. */
  static String sumsDiff(Map<String, String> expected, Map<String, String> actual) {
    List<String> parts = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    expected.forEach(
        (f, h) -> {
          if (!actual.containsKey(f)) {
            missing.add(f);
          } else if (!actual.get(f).equals(h)) {
            changed.add(f);
          }
        });
    actual.keySet().stream().filter(f -> !expected.containsKey(f)).forEach(extra::add);
    if (!changed.isEmpty()) {
      parts.add("changed: " + String.join(", ", changed));
    }
    if (!missing.isEmpty()) {
      parts.add("missing: " + String.join(", ", missing));
    }
    if (!extra.isEmpty()) {
      parts.add("new: " + String.join(", ", extra));
    }
    return parts.isEmpty() ? "no file differs" : String.join("; ", parts);
  }

  /** Copies a folder tree. */
  static void copyTree(Path from, Path to) throws IOException {
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

  /** Deletes a folder tree, deepest first. */
  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
