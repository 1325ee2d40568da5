package org.rollaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.audit.Severity;
import org.rollaudit.pipeline.AuditPipeline;
import org.rollaudit.rules.RuleSet;
import org.rollaudit.spark.Sparks;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollaudit run}: the scheduled run (issue 8). Ingests every new file set of the inbox in
 * date order, audits every stored snapshot that has an older one and no bundle yet against the one
 * before it, writes {@code OUT/<as-of>/} and {@code OUT/latest.json}, and exits with the contract's
 * codes so that cron or Airflow can alert.
 *
 * <p>Every decision is read from the store and OUT, never remembered: a snapshot is ingested when
 * the store lacks it, audited when OUT lacks its bundle, reported when latest.json does not name it
 * or a newer one. Each step is atomic on its own (the store's staging and rename, the bundle's
 * staging and move, latest.json's rename), so a run killed anywhere is completed by the next one
 * with nothing lost or done twice. A lock on the store keeps two runs from working at once.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "The scheduled run, safe under cron, systemd or Airflow: ingests every new file set of"
          + " --inbox into --store (oldest first), audits each new snapshot against the one"
          + " before it into a bundle in OUT/<as-of>/, and sums up the newest bundle in"
          + " OUT/latest.json for the scheduler.",
      "",
      "Inbox: a file's as-of date comes from its name (ncvoter_20240106.txt.gz,"
          + " ncvoter_2024-01-06.zip) or from a side-car NAME.json or YYYY-MM-DD.json such as"
          + " {\"as_of\": \"2024-01-06\", \"layout\": \"nc-ncvoter\", \"source\": \"...\","
          + " \"obtained\": \"2024-01-08\", \"submitter\": \"...\"}. Files of one date are"
          + " one snapshot. Files still being written wait for a later run: hidden names, names"
          + " ending .part .partial .tmp .crdownload .filepart or ~, and files modified less"
          + " than --min-age seconds ago; later dates wait for them. A file whose date cannot"
          + " be told stops the run (exit 3) before any ingest.",
      "",
      "A refused snapshot stops the ingests at its date (exit 3; its refusal receipt is in"
          + " OUT/refused/): later dates wait until it is fixed or moved out, earlier ones are"
          + " still audited and reported. Exit 3 wins over 1. Exit 1 when a bundle this run"
          + " reports has a finding at or above --fail-on; nothing new: exit 0. While another"
          + " run holds the store's lock this one waits up to --wait seconds, then exits 2"
          + " naming it (pid, host, start time)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done; no new bundle has a finding at or above --fail-on (or nothing new)",
      "1:a bundle reported by this run has a finding at or above --fail-on",
      "2:usage error, or another run holds the lock; nothing was read",
      "3:input rejected (bad inbox name or side-car, refused snapshot)",
      "4:internal error (stack trace with --stacktrace)"
    })
public final class RunCommand implements Callable<Integer> {
  @Option(
      names = "--inbox",
      required = true,
      paramLabel = "DIR",
      description = "Folder new snapshot files arrive in (read only, one level deep).")
  Path inbox;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder of the bundles (OUT/<as-of>/) and the summary (OUT/latest.json).")
  Path out;

  @Option(
      names = "--min-age",
      defaultValue = "60",
      paramLabel = "SECONDS",
      description =
          "Files modified less than this long ago are still being written (default:"
              + " ${DEFAULT-VALUE}).")
  long minAge;

  @ArgGroup(exclusive = true)
  Waiting waiting = new Waiting();

  @Mixin SnapshotOptions snapshots;

  @Mixin AuditCommand.AuditOptions audit;

  /** How long to wait for another run's lock. */
  static final class Waiting {
    @Option(
        names = "--wait",
        defaultValue = "1800",
        paramLabel = "SECONDS",
        description = "Wait this long for another run on the store to end (default: 1800).")
    long seconds = 1800;

    @Option(names = "--no-wait", description = "Exit 2 at once when another run holds the lock.")
    boolean noWait;

    long seconds() {
      return noWait ? 0 : seconds;
    }
  }

  @Override
  public Integer call() {
    RuleSet rules = audit.loadRules();
    Severity failOn = audit.severity();
    if (snapshots.store == null) {
      throw RollAuditException.usage("Cannot run: give --store DIR, the snapshot store.");
    }
    // A URI given as a Path has lost a slash ("hdfs:/nn/x"), and would become a local folder.
    if (out.toString().matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*")) {
      throw RollAuditException.usage(
          "Cannot run: --out must be a local folder ("
              + out
              + " looks like a URI): the run keeps its lock and latest.json there. Copy the"
              + " bundles to HDFS or S3 afterwards, or use 'rollaudit audit --out URI'.");
    }
    if (minAge < 0 || waiting.seconds() < 0) {
      throw RollAuditException.usage("Cannot run: --min-age and --wait must be 0 or more.");
    }
    Progress progress = Progress.stderr();
    Inbox.Listing listing = Inbox.read(inbox, Instant.now(), minAge);
    for (Inbox.FileSet s : listing.ready()) {
      if (s.layout() == null && snapshots.layout == null) {
        throw RollAuditException.usage(
            "Cannot run: no layout for "
                + s.files().get(0)
                + ". Give --layout ID (see 'rollaudit layouts') or a side-car with \"layout\".");
      }
    }
    listing.notes().forEach(n -> progress.stage("inbox: " + n));
    if (!listing.waiting().isEmpty()) {
      progress.stage("inbox: " + listing.waiting());
    }

    try (RunLock lock = RunLock.acquire(lockFile(), waiting.seconds(), progress)) {
      return runLocked(listing, rules, failOn, progress);
    }
  }

  private int runLocked(Inbox.Listing listing, RuleSet rules, Severity failOn, Progress progress) {
    SparkSession spark = Sparks.session();
    SnapshotStore store = SnapshotStore.open(spark, snapshots.store);
    RunOutput output = new RunOutput(out);

    // 1. Ingest, oldest first; a refused date stops the ingests so snapshots stay in order.
    List<LocalDate> ingested = new ArrayList<>();
    String refused = null;
    for (Inbox.FileSet set : listing.ready()) {
      if (store.find(set.asOf()).map(s -> sameFiles(s, set)).orElse(false)) {
        continue;
      }
      progress.stage("Ingesting " + set.asOf() + " from " + set.files().size() + " file(s)");
      try {
        Ingests.ingest(
            spark,
            store,
            set.layout() != null ? set.layout() : snapshots.layout,
            set.asOf(),
            set.files().stream().map(Path::toString).toList(),
            snapshots.maxRejectRate,
            false,
            set.provenance(),
            out.resolve("refused"),
            progress);
        ingested.add(set.asOf());
      } catch (RollAuditException e) {
        if (e.exitCode() != RollAuditException.INPUT) {
          throw e;
        }
        refused = e.getMessage();
        progress.stage("refused " + set.asOf() + "; later dates wait until it is fixed");
        break;
      }
    }

    // 2. Audit every stored snapshot that has an older one and no bundle in OUT.
    List<StoredSnapshot> all = store.list();
    List<LocalDate> audited = new ArrayList<>();
    for (int i = 1; i < all.size(); i++) {
      StoredSnapshot b = all.get(i - 1);
      StoredSnapshot c = all.get(i);
      if (output.hasBundle(c.asOf())) {
        continue;
      }
      createDirectories(out);
      Path dir = output.bundleDir(c.asOf());
      List<String> reproduce = Reproduce.lines(b, c, audit.reproduceFlags(rules));
      AuditPipeline.Outcome o =
          AuditPipeline.run(
              all.subList(0, i + 1), b, c, audit.options(rules, dir, reproduce), progress);
      Summary.print(o, BundleTarget.local(dir), System.out);
      audited.add(c.asOf());
    }

    // 3. Report the bundles the scheduler has not heard of, then commit latest.json.
    List<RunOutput.Bundle> bundles = output.bundles();
    LocalDate reported = output.reported().orElse(LocalDate.MIN);
    int exit = 0;
    List<RunOutput.Bundle> fresh = new ArrayList<>();
    for (RunOutput.Bundle b : bundles) {
      if (audited.contains(b.asOf()) || b.asOf().isAfter(reported)) {
        fresh.add(b);
        exit = Math.max(exit, b.exitCode(failOn));
      }
      String expected = baselineOf(all, b.asOf());
      if (expected != null && !expected.equals(b.baseline())) {
        progress.stage(
            "note: bundle "
                + output.bundleDir(b.asOf())
                + " compares with "
                + b.baseline()
                + ", but the store now holds "
                + expected
                + " just before it (it arrived later). Delete that folder and run again to"
                + " audit it against "
                + expected
                + ".");
      }
    }
    if (!bundles.isEmpty()) {
      RunOutput.Bundle newest = bundles.get(bundles.size() - 1);
      output.writeLatest(RunOutput.latestJson(newest, audit.failOn));
    }
    for (RunOutput.Bundle b : fresh) {
      System.out.println("bundle " + b.describe(failOn));
    }
    if (ingested.isEmpty() && fresh.isEmpty() && refused == null) {
      System.out.println(nothingNew(all, bundles, listing.waiting()));
    } else if (all.size() == 1 && !ingested.isEmpty()) {
      System.out.println(
          "stored "
              + all.get(0).asOf()
              + ", the store's first snapshot: the next one will be audited against it.");
    }
    if (!bundles.isEmpty()) {
      System.out.println("latest: " + out.resolve(RunOutput.LATEST));
    }
    if (refused != null) {
      throw RollAuditException.input(refused);
    }
    return exit;
  }

  private String nothingNew(
      List<StoredSnapshot> all, List<RunOutput.Bundle> bundles, String waiting) {
    return "nothing new in "
        + inbox
        + ": "
        + all.size()
        + " snapshot(s) in the store, "
        + bundles.size()
        + " bundle(s) in "
        + out
        + (bundles.isEmpty() ? "" : ", the newest of " + bundles.get(bundles.size() - 1).asOf())
        + (waiting.isEmpty() ? "." : "; " + waiting + ".");
  }

  /** The as-of date stored just before {@code asOf}, or null. */
  private static String baselineOf(List<StoredSnapshot> all, LocalDate asOf) {
    String prev = null;
    for (StoredSnapshot s : all) {
      if (!s.asOf().isBefore(asOf)) {
        break;
      }
      prev = s.asOf().toString();
    }
    return prev;
  }

  /**
   * True when the stored snapshot came from files of the same names and sizes: no need to hash them
   * again each run (an inbox keeps growing). Any other difference goes to ingest, which hashes and
   * either finds the same bytes or refuses other bytes for a stored date.
   */
  static boolean sameFiles(StoredSnapshot s, Inbox.FileSet set) {
    Set<String> stored = new TreeSet<>();
    for (JsonNode f : s.receipt().path("inputs")) {
      stored.add(f.path("name").asText() + "\u0000" + f.path("bytes").asLong());
    }
    Set<String> offered = new TreeSet<>();
    for (Path f : set.files()) {
      try {
        offered.add(f.getFileName() + "\u0000" + Files.size(f));
      } catch (IOException e) {
        return false;
      }
    }
    return stored.equals(offered);
  }

  /**
   * The store's own lock file; for a store on HDFS or S3 (no OS lock there) the lock is taken in
   * OUT instead, which every run on that store shares by convention.
   */
  private Path lockFile() {
    String s = snapshots.store;
    if (s.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
      URI u = URI.create(s);
      if (!"file".equals(u.getScheme())) {
        return out.resolve("." + RunLock.FILE_NAME);
      }
      return Path.of(u).resolve(RunLock.FILE_NAME);
    }
    return Path.of(s).resolve(RunLock.FILE_NAME);
  }

  private static void createDirectories(Path p) {
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
