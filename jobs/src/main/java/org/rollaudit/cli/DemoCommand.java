package org.rollaudit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.pipeline.AuditPipeline;
import org.rollaudit.pipeline.Home;
import org.rollaudit.rules.RuleSet;
import org.rollaudit.spark.Sparks;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rollaudit demo}: ingests the committed synthetic pair in sample-data/, audits it with the
 * default rules and writes the bundle (default out/demo). A previous demo bundle at that place is
 * replaced; the demo store (beside it) is reused, since ingest is idempotent.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole audit on the synthetic sample-data/ pair.",
      "Needs nothing but Java 17 and the build. Prints where report.html is and a summary."
    })
public final class DemoCommand implements Callable<Integer> {
  static final String LAYOUT = "nc-ncvoter";

  @Option(
      names = "--out",
      defaultValue = "out/demo",
      paramLabel = "DIR",
      description = "Bundle folder (default: out/demo).")
  Path out;

  @Option(names = "--stacktrace", description = "Print the stack trace of an internal error.")
  boolean stacktrace;

  @Override
  public Integer call() {
    List<Path> files = sampleFiles(Home.sampleData());
    RuleSet rules = RuleSet.load(Home.rules(null));
    Progress progress = Progress.stderr();
    replacePreviousDemo(out, progress);
    SparkSession spark = Sparks.session();
    Path storeDir = out.toAbsolutePath().normalize().resolveSibling(out.getFileName() + "-store");
    SnapshotStore store = SnapshotStore.open(spark, storeDir.toString());
    List<StoredSnapshot> snaps = new ArrayList<>();
    for (Path f : files) {
      LocalDate asOf = SnapshotResolver.dateFromName(f.getFileName().toString());
      progress.stage(
          "Ingesting " + Home.home().relativize(f.toAbsolutePath()) + " (as of " + asOf + ")");
      snaps.add(
          Ingests.ingest(
              spark, store, LAYOUT, asOf, List.of(f.toString()), 0.001, false, progress));
    }
    // The same lines as 'audit' on these snapshots writes: the demo bundle is that bundle.
    List<String> reproduce = Reproduce.lines(snaps.get(0), snaps.get(1), "");
    AuditPipeline.Outcome outcome =
        AuditPipeline.run(
            snaps.get(0),
            snaps.get(1),
            new AuditPipeline.Options(rules, "public", Optional.empty(), null, out, reproduce),
            progress);
    Summary.print(outcome, BundleTarget.local(out), System.out);
    return 0;
  }

  /** The two snapshot files of sample-data/, oldest first. */
  static List<Path> sampleFiles(Path dir) {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(
              p ->
                  p.getFileName()
                      .toString()
                      .matches("ncvoter_\\d{8}\\.txt(\\.gz)?|ncvoter_\\d{8}\\.zip"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .forEach(files::add);
    } catch (IOException e) {
      throw RollAuditException.usage(
          "Cannot run the demo: no sample-data/ folder at "
              + dir
              + " ("
              + e.getMessage()
              + ")."
              + " Run bin/rollaudit from a checkout of rollaudit.");
    }
    if (files.size() < 2) {
      throw RollAuditException.usage(
          "Cannot run the demo: "
              + dir
              + " holds "
              + files.size()
              + " ncvoter snapshot file(s),"
              + " 2 are needed. Restore sample-data/ from git.");
    }
    return files.subList(files.size() - 2, files.size());
  }

  private static void replacePreviousDemo(Path out, Progress progress) {
    if (!Files.isRegularFile(out.resolve("SHA256SUMS"))
        || !Files.isRegularFile(out.resolve("findings.json"))) {
      return;
    }
    progress.stage("Replacing the previous demo bundle in " + out);
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
