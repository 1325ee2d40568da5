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
 * One seed of the full-pipeline evaluation: generates a synthetic NC roll pair with {@link
 * SyntheticRoll}, ingests both files with the real {@link IngestJob} into a store, audits them with
 * {@link AuditPipeline#run} (change set, metrics, every detector, evidence, bundle) and returns
 * what the evaluation needs from the result. With {@code planted}, the same seed is also generated
 * with the {@code demo} plants: the generator draws the plants from their own random streams after
 * the background churn, so the baseline file is byte-identical and the current file differs only in
 * the planted voters. The baseline is then ingested once and both pairs are audited.
 */
final class PipelineAudits {
  private PipelineAudits() {}

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
      double generateSeconds,
      double ingestSeconds) {}

  static SeedRun run(
      SparkSession spark, RuleSet rules, Path work, long seed, int voters, boolean withPlants)
      throws IOException {
    Path dir = work.resolve("seed-" + seed);
    deleteTree(dir);
    Files.createDirectories(dir);
    try {
      long t0 = System.nanoTime();
      GenerationResult clean = generate(dir.resolve("clean"), seed, voters, "none");
      GenerationResult demo =
          withPlants ? generate(dir.resolve("demo"), seed, voters, "demo") : null;
      SnapshotFile base = clean.snapshots().get(0);
      if (demo != null && !demo.snapshots().get(0).sha256().equals(base.sha256())) {
        throw new IllegalStateException(
            "seed " + seed + ": the planted roll's baseline differs from the clean one");
      }
      double genSeconds = (System.nanoTime() - t0) / 1e9;

      long t1 = System.nanoTime();
      SnapshotStore cleanStore = SnapshotStore.open(spark, dir.resolve("store-clean").toString());
      StoredSnapshot b = ingest(spark, cleanStore, base, dir);
      StoredSnapshot c = ingest(spark, cleanStore, clean.snapshots().get(1), dir);
      StoredSnapshot p = null;
      if (demo != null) {
        SnapshotStore demoStore = SnapshotStore.open(spark, dir.resolve("store-demo").toString());
        p = ingest(spark, demoStore, demo.snapshots().get(1), dir);
      }
      double ingestSeconds = (System.nanoTime() - t1) / 1e9;

      Audit cleanAudit = audit(rules, b, c, dir.resolve("bundle-clean"), seed, false);
      Audit plantedAudit =
          p == null ? null : audit(rules, b, p, dir.resolve("bundle-demo"), seed, true);
      Set<String> confidential = demo == null ? Set.of() : confidentialIds(base.path());
      return new SeedRun(
          seed, cleanAudit, plantedAudit, demo, confidential, genSeconds, ingestSeconds);
    } finally {
      deleteTree(dir);
    }
  }

  private static GenerationResult generate(Path out, long seed, int voters, String plants)
      throws IOException {
    return SyntheticRoll.builder()
        .voters(voters)
        .seed(seed)
        .snapshots(2)
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

  private static Audit audit(
      RuleSet rules, StoredSnapshot b, StoredSnapshot c, Path out, long seed, boolean planted) {
    long t0 = System.nanoTime();
    AuditPipeline.Outcome o =
        AuditPipeline.run(
            b,
            c,
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
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(file), StandardCharsets.ISO_8859_1),
            1 << 20)) {
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
