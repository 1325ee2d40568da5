package org.rollaudit.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.cli.Progress;
import org.rollaudit.generate.Compression;
import org.rollaudit.generate.GenerationResult;
import org.rollaudit.generate.SnapshotFile;
import org.rollaudit.generate.SyntheticRoll;
import org.rollaudit.ingest.IngestJob;
import org.rollaudit.layout.LayoutRegistry;
import org.rollaudit.pipeline.AuditPipeline;
import org.rollaudit.rules.RuleSet;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;

/**
 * One seed of the full-pipeline evaluation: generates synthetic NC rolls with {@link
 * SyntheticRoll}, ingests the files with the real {@link IngestJob} into a store, audits the last
 * pair with {@link AuditPipeline#run} (change set, metrics, every detector with the store's
 * history, evidence, bundle) and returns what the evaluation needs from the result.
 *
 * <ul>
 *   <li><b>Clean roll</b>: {@link #SNAPSHOTS} snapshots 28 days apart from {@link #CLEAN_START}, so
 *       the rules over history (notice-wait, reregistration-churn) have earlier snapshots to read.
 *       Every interval lies outside all quiet windows of rules/elections/nc.yaml (no federal
 *       election between 5 Nov 2024 and 3 Mar 2026): the generator removes for moves and inactivity
 *       all year, and inside a window those removals are reportable facts, not false alarms.
 *   <li><b>Planted roll</b> (with {@code planted}): the same seed and dates with {@link #PLANTS}.
 *       The generator draws the plants from their own random streams after the background churn, so
 *       the baseline file is byte-identical (checked) and is ingested once; the notice-wait plant
 *       puts its voters under notice in the middle snapshot, so the middle and last files are
 *       ingested again.
 *   <li><b>Quiet-period roll</b> (with {@code planted}): the {@code nvra-quiet-period} plant needs
 *       an interval inside a quiet window, so it gets its own two-snapshot roll at the generator's
 *       default dates (6 Jan to 3 Feb 2024, inside the 90 days before the 5 Mar 2024 primary).
 * </ul>
 */
final class PipelineAudits {
  private PipelineAudits() {}

  /** Snapshots per clean and planted roll; the audit is of the last pair. */
  static final int SNAPSHOTS = 3;

  /** First as-of date of the clean and planted rolls: 1 Mar, 29 Mar, 26 Apr 2025. */
  static final LocalDate CLEAN_START = LocalDate.of(2025, 3, 1);

  /** The planted roll's plants: all but nvra-quiet-period, which needs its own dates. */
  static final String PLANTS = "demo,notice-wait,reregistration-churn,duplicate-match-removal";

  /** The quiet-period roll: the generator's default dates, inside a quiet window. */
  static final String QUIET_PLANT = "nvra-quiet-period";

  static final LocalDate QUIET_START = LocalDate.of(2024, 1, 6);

  /**
   * Voters of the quiet-period roll: a third of the others. The rule counts one county's removals
   * against a calendar, so the roll's size changes nothing but the run time.
   */
  static int quietVoters(int voters) {
    return Math.max(10_000, voters / 3);
  }

  /** One finding as the evaluation sees it. */
  record Found(
      String id,
      String rule,
      String ruleName,
      String severity,
      SortedMap<String, String> unit,
      SortedMap<String, String> group,
      SortedMap<String, String> evidenceEquals,
      String changeKey,
      String changeValue,
      long affected,
      Map<String, Double> statistic,
      List<String> evidenceIds) {}

  /** One audit (clean or planted) of one seed. */
  record Audit(
      long seed,
      boolean planted,
      List<Found> findings,
      Metrics metrics,
      LinkedHashMap<String, Object> method,
      double seconds) {}

  /** Everything one seed produced. */
  record SeedRun(
      long seed,
      Audit clean,
      Audit planted,
      GenerationResult plantedRoll,
      Set<String> confidentialIds,
      Set<String> namesakes,
      Audit quiet,
      GenerationResult quietRoll,
      Set<String> quietConfidentialIds,
      double generateSeconds,
      double ingestSeconds) {}

  /**
   * @param quietRules the rules the quiet-period roll is audited with: only its own rule family
   *     (rules/legal.yaml, see {@link #legalOnly}), to keep the evaluation's run time down
   */
  static SeedRun run(
      SparkSession spark,
      RuleSet rules,
      RuleSet quietRules,
      Path work,
      long seed,
      int voters,
      boolean withPlants)
      throws IOException {
    Path dir = work.resolve("seed-" + seed);
    deleteTree(dir);
    Files.createDirectories(dir);
    try {
      long t0 = System.nanoTime();
      GenerationResult clean =
          generate(dir.resolve("clean"), seed, voters, "none", SNAPSHOTS, CLEAN_START);
      GenerationResult demo =
          withPlants
              ? generate(dir.resolve("demo"), seed, voters, PLANTS, SNAPSHOTS, CLEAN_START)
              : null;
      GenerationResult quiet =
          withPlants
              ? generate(
                  dir.resolve("quiet"), seed, quietVoters(voters), QUIET_PLANT, 2, QUIET_START)
              : null;
      SnapshotFile base = clean.snapshots().get(0);
      if (demo != null && !demo.snapshots().get(0).sha256().equals(base.sha256())) {
        throw new IllegalStateException(
            "seed " + seed + ": the planted roll's baseline differs from the clean one");
      }
      double genSeconds = (System.nanoTime() - t0) / 1e9;

      long t1 = System.nanoTime();
      SnapshotStore cleanStore = SnapshotStore.open(spark, dir.resolve("store-clean").toString());
      List<StoredSnapshot> cleanHistory = new ArrayList<>();
      for (SnapshotFile f : clean.snapshots()) {
        cleanHistory.add(ingest(spark, cleanStore, f, dir));
      }
      List<StoredSnapshot> demoHistory = null;
      List<StoredSnapshot> quietHistory = null;
      if (demo != null) {
        // the shared baseline from the clean store, the later files from the planted roll
        SnapshotStore demoStore = SnapshotStore.open(spark, dir.resolve("store-demo").toString());
        demoHistory = new ArrayList<>(List.of(cleanHistory.get(0)));
        for (SnapshotFile f : demo.snapshots().subList(1, SNAPSHOTS)) {
          demoHistory.add(ingest(spark, demoStore, f, dir));
        }
        SnapshotStore quietStore = SnapshotStore.open(spark, dir.resolve("store-quiet").toString());
        quietHistory = new ArrayList<>();
        for (SnapshotFile f : quiet.snapshots()) {
          quietHistory.add(ingest(spark, quietStore, f, dir));
        }
      }
      double ingestSeconds = (System.nanoTime() - t1) / 1e9;

      Audit cleanAudit = audit(rules, cleanHistory, dir.resolve("bundle-clean"), seed, false);
      Audit plantedAudit =
          demo == null ? null : audit(rules, demoHistory, dir.resolve("bundle-demo"), seed, true);
      Audit quietAudit =
          quiet == null
              ? null
              : audit(quietRules, quietHistory, dir.resolve("bundle-quiet"), seed, true);
      Set<String> confidential = demo == null ? Set.of() : confidentialIds(base.path());
      Set<String> namesakes =
          demo == null ? Set.of() : namesakes(demo.snapshots().get(SNAPSHOTS - 1).path(), demo);
      Set<String> quietConfidential =
          quiet == null ? Set.of() : confidentialIds(quiet.snapshots().get(0).path());
      return new SeedRun(
          seed,
          cleanAudit,
          plantedAudit,
          demo,
          confidential,
          namesakes,
          quietAudit,
          quiet,
          quietConfidential,
          genSeconds,
          ingestSeconds);
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * The legal-timing rules alone: rules/legal.yaml with the calendars and schemas, copied into
   * {@code work}. Their entries (hence their digests) are the shipped ones.
   */
  static RuleSet legalOnly(Path home, Path work) throws IOException {
    Path dir = work.resolve("rules-legal");
    deleteTree(dir);
    Path rules = home.resolve("rules");
    for (String sub : List.of("elections", "schema")) {
      Files.createDirectories(dir.resolve(sub));
      try (Stream<Path> s = Files.list(rules.resolve(sub))) {
        for (Path f : s.sorted().toList()) {
          Files.copy(f, dir.resolve(sub).resolve(f.getFileName()));
        }
      }
    }
    Files.copy(rules.resolve("legal.yaml"), dir.resolve("legal.yaml"));
    return RuleSet.load(dir);
  }

  private static GenerationResult generate(
      Path out, long seed, int voters, String plants, int snapshots, LocalDate start)
      throws IOException {
    return SyntheticRoll.builder()
        .voters(voters)
        .seed(seed)
        .snapshots(snapshots)
        .start(start)
        .compression(Compression.NONE)
        .plants(plants)
        .build()
        .generate(out);
  }

  private static StoredSnapshot ingest(
      SparkSession spark, SnapshotStore store, SnapshotFile file, Path dir) throws IOException {
    LocalDate asOf = file.asOf();
    IngestJob.Options o =
        new IngestJob.Options(
            LayoutRegistry.standard().resolveForIngest("nc-ncvoter"),
            asOf,
            store.root(),
            List.of(file.path().toString()),
            false,
            0.001,
            null,
            null,
            null,
            dir.resolve("refusals"),
            IngestJob.DEFAULT_SPLIT_BYTES);
    IngestJob.Result r = IngestJob.run(spark, o, line -> {});
    if (r.outcome() == IngestJob.Outcome.REFUSED) {
      throw new IllegalStateException("ingest refused " + file.path() + ": " + r.message());
    }
    return store.find(asOf).orElseThrow();
  }

  /** Audits the last pair of {@code history} (the store's snapshots in date order). */
  private static Audit audit(
      RuleSet rules, List<StoredSnapshot> history, Path out, long seed, boolean planted) {
    long t0 = System.nanoTime();
    AuditPipeline.Outcome o =
        AuditPipeline.run(
            history,
            history.get(history.size() - 2),
            history.get(history.size() - 1),
            new AuditPipeline.Options(
                rules, "public", Optional.empty(), null, out, List.of("rollaudit audit ...")),
            new Progress(System.err, true));
    double seconds = (System.nanoTime() - t0) / 1e9;
    AuditResult r = o.result();
    List<Found> found = new ArrayList<>();
    for (NumberedFinding f : r.findings()) {
      List<String> ids = new ArrayList<>(f.evidence().rows().size());
      f.evidence().rows().forEach(row -> ids.add(row.get(0)));
      found.add(
          new Found(
              f.id(),
              f.finding().rule(),
              f.finding().ruleName(),
              f.finding().severity().id(),
              f.finding().unit(),
              f.finding().group(),
              f.finding().evidence().equals(),
              f.finding().evidence().changeKey(),
              f.finding().evidence().changeValue(),
              f.finding().affected(),
              f.finding().statistic(),
              ids));
    }
    return new Audit(seed, planted, found, r.metrics(), r.method(), seconds);
  }

  /**
   * The ncids flagged confidential in a generated file. Evidence shows them as {@code CONFIDENTIAL}
   * in every disclosure mode, so recall and precision must allow for them.
   */
  static Set<String> confidentialIds(Path file) throws IOException {
    Set<String> out = new HashSet<>();
    try (BufferedReader in = latin1(file)) {
      List<String> header = fields(in.readLine());
      int id = header.indexOf("ncid");
      int conf = header.indexOf("confidential_ind");
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        List<String> f = fields(line);
        if (f.size() > Math.max(id, conf) && "Y".equals(f.get(conf))) {
          out.add(f.get(id));
        }
      }
    }
    return out;
  }

  /**
   * The duplicate-match-removal plant's removed voters who have a namesake on the current roll:
   * another record of status A, I or S with the same first and last name and birth year. The
   * matcher may take that record as the surviving one (rightly: nothing in the file tells the two
   * apart), which explains a planted voter missing from the evidence.
   */
  static Set<String> namesakes(Path current, GenerationResult roll) throws IOException {
    Set<String> planted = new HashSet<>();
    roll.plants().stream()
        .filter(t -> t.plant().id().equals("duplicate-match-removal"))
        .forEach(t -> planted.addAll(t.ncids()));
    if (planted.isEmpty()) {
      return Set.of();
    }
    Map<String, String> keyOf = new java.util.HashMap<>();
    Map<String, Integer> live = new java.util.HashMap<>();
    try (BufferedReader in = latin1(current)) {
      List<String> header = fields(in.readLine());
      int id = header.indexOf("ncid");
      int first = header.indexOf("first_name");
      int last = header.indexOf("last_name");
      int year = header.indexOf("birth_year");
      int status = header.indexOf("status_cd");
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        List<String> f = fields(line);
        String key = f.get(first) + "|" + f.get(last) + "|" + f.get(year);
        if (planted.contains(f.get(id))) {
          keyOf.put(f.get(id), key);
        } else if ("AIS".contains(f.get(status)) && !f.get(status).isEmpty()) {
          live.merge(key, 1, Integer::sum);
        }
      }
    }
    Set<String> out = new HashSet<>();
    keyOf.forEach(
        (id, key) -> {
          if (live.containsKey(key)) {
            out.add(id);
          }
        });
    return out;
  }

  /** A generated ncvoter file (Latin-1, as NC publishes it). */
  private static BufferedReader latin1(Path file) throws IOException {
    return new BufferedReader(
        new InputStreamReader(Files.newInputStream(file), StandardCharsets.ISO_8859_1), 1 << 20);
  }

  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    for (String s : line.split("\t", -1)) {
      out.add(
          s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
              ? s.substring(1, s.length() - 1)
              : s);
    }
    return out;
  }

  /** At-risk and removed voters per county, from the precinct cells. */
  static SortedMap<String, Counts> counties(Metrics m) {
    SortedMap<String, Counts> out = new TreeMap<>();
    for (Metrics.PrecinctCell p : m.precincts()) {
      if (!p.countyId().isEmpty()) {
        out.merge(p.countyId(), p.counts(), Counts::plus);
      }
    }
    return out;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
