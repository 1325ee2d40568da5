package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.EvidenceQuery;
import org.rollaudit.audit.EvidenceTable;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.audit.Severity;
import org.rollaudit.audit.SnapshotInfo;
import org.rollaudit.cli.Progress;
import org.rollaudit.compare.ChangeSet;
import org.rollaudit.compare.MetricsJob;
import org.rollaudit.generate.Compression;
import org.rollaudit.generate.GenerationResult;
import org.rollaudit.generate.Plant;
import org.rollaudit.generate.PlantTruth;
import org.rollaudit.generate.SyntheticRoll;
import org.rollaudit.history.MetricsStore;
import org.rollaudit.ingest.DyingRenameFs;
import org.rollaudit.ingest.IngestJob;
import org.rollaudit.layout.LayoutRegistry;
import org.rollaudit.rules.RuleSet;
import org.rollaudit.spark.TestSpark;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;
import org.rollaudit.verify.BundleVerifier;

/**
 * The metrics history and the timeline: kept metrics and evidence read back equal, a timeline after
 * one new snapshot compares only the new pair, queries only the new interval's evidence and gives
 * the same bytes as one that computed everything, and a mass deletion planted in the last interval
 * is found in that interval with the own history of the intervals before it.
 */
class TimelineTest {
  @TempDir static Path dir;
  static GenerationResult generated;
  static SnapshotStore store;
  static List<StoredSnapshot> all;
  static RuleSet rules;

  @BeforeAll
  static void generate() throws IOException {
    // Five weekly snapshots; the generator plants the deletion in the last (fourth) interval.
    generated =
        SyntheticRoll.builder()
            .voters(20000)
            .snapshots(5)
            .intervalDays(7)
            .plants("mass-deletion")
            .compression(Compression.NONE)
            .build()
            .generate(dir.resolve("raw"));
    store = SnapshotStore.open(TestSpark.session(), dir.resolve("store").toString(), 4);
    for (var f : generated.snapshots()) {
      ingest(store, f.path(), f.asOf());
    }
    all = store.list();
    assertEquals(5, all.size());
    // At 20,000 voters the planted county has about 115 active or inactive voters, below the
    // shipped min_at_risk (200, tuned for real counties); a copy of the rules tests it at 100.
    Path copy = dir.resolve("rules");
    try (Stream<Path> files = Files.walk(Home.rules(null))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path to = copy.resolve(Home.rules(null).relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    Path removals = copy.resolve("removals.yaml");
    String yaml = Files.readString(removals, StandardCharsets.UTF_8);
    assertTrue(yaml.contains("min_at_risk: 200"));
    Files.writeString(
        removals,
        yaml.replaceFirst("min_at_risk: 200", "min_at_risk: 100"),
        StandardCharsets.UTF_8);
    rules = RuleSet.load(copy);
  }

  private static void ingest(SnapshotStore s, Path file, LocalDate asOf) throws IOException {
    IngestJob.Options o =
        new IngestJob.Options(
            LayoutRegistry.standard().resolveForIngest("nc-ncvoter"),
            asOf,
            s.root(),
            List.of(file.toString()),
            false,
            0.001,
            null,
            null,
            null,
            dir.resolve("refusals"),
            IngestJob.DEFAULT_SPLIT_BYTES);
    IngestJob.run(TestSpark.session(), o, line -> {});
  }

  private static AuditPipeline.Options options(Path out) {
    return new AuditPipeline.Options(
        rules,
        "public",
        Optional.empty(),
        null,
        out,
        List.of("rollaudit timeline --store STORE --out BUNDLE"));
  }

  private static final Progress QUIET = new Progress(System.err, true);

  @Test
  void keptMetricsReadBackEqual() throws IOException {
    StoredSnapshot b = all.get(0);
    StoredSnapshot c = all.get(1);
    SnapshotInfo bi = Receipts.of(b, "baseline").info(b.asOf());
    SnapshotInfo ci = Receipts.of(c, "current").info(c.asOf());
    Dataset<Row> cs = ChangeSet.build(b.data(), c.data(), b.asOf()).cache();
    Metrics computed = MetricsJob.compute(cs, bi, ci, List.of());
    cs.unpersist();
    assertFalse(computed.demographic().isEmpty());
    assertFalse(computed.removalReasons().isEmpty());
    assertTrue(computed.total().removed() > 0);

    // a store of its own, so the test does not depend on what other tests kept
    SnapshotStore other =
        SnapshotStore.open(TestSpark.session(), dir.resolve("store-rt").toString(), 4);
    ingest(other, generated.snapshots().get(0).path(), b.asOf());
    ingest(other, generated.snapshots().get(1).path(), c.asOf());
    StoredSnapshot ob = other.find(b.asOf()).orElseThrow();
    StoredSnapshot oc = other.find(c.asOf()).orElseThrow();
    MetricsStore kept = MetricsStore.of(oc);
    assertTrue(kept.read(ob, oc, bi, ci).isEmpty());
    kept.write(ob, oc, computed);
    Metrics back = kept.read(ob, oc, bi, ci).orElseThrow();
    assertEquals(computed, back);
    assertEquals(computed.removalReasons(), back.removalReasons());
    assertEquals(computed.fieldChanges(), back.fieldChanges());
    // Absent values (no race, no precinct, no reason, no date) read back absent, not empty.
    Metrics.DemographicCell d = computed.demographic().get(0);
    Metrics.ReasonCell r = computed.removalReasons().get(0);
    Metrics withNulls =
        MetricsJob.assemble(
            ci,
            bi,
            computed.countyNames(),
            List.of(
                new Metrics.DemographicCell(
                    d.countyId(), null, d.ethnicity(), null, d.ageBand(), null, d.counts())),
            List.of(new Metrics.PrecinctCell(d.countyId(), null, d.counts())),
            List.of(new Metrics.ReasonCell(r.countyId(), null, null, null, r.removed())),
            List.of(new Metrics.FieldChangeCell(d.countyId(), null, "party", null, 3)),
            List.of());
    kept.write(oc, ob, withNulls);
    assertEquals(withNulls, kept.read(oc, ob, ci, bi).orElseThrow());
    // A keep whose rename died part-way (an object store copies file by file) has no pair.json:
    // never read, left alone while young (it may be a keep in progress), kept afresh a day after
    // its last file.
    try (AutoCloseable dying =
        DyingRenameFs.install(TestSpark.session().sparkContext().hadoopConfiguration())) {
      RollAuditException died =
          assertThrows(
              RollAuditException.class,
              () -> MetricsStore.of(ob).write(ob, ob, computed),
              "a pair of its own, kept through the dying file system");
      assertTrue(died.getMessage().contains("died while copying"), died.getMessage());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    Path deadPair =
        keptBy(dir.resolve("store-rt"))
            .resolve(ob.asOf() + "_" + ob.asOf())
            .resolve(MetricsStore.key(ob, ob).substring(0, 32));
    assertTrue(Files.isDirectory(deadPair.resolve("demographic")), "the dead keep copied parts");
    assertTrue(kept.read(ob, ob, bi, bi).isEmpty());
    kept.write(ob, ob, computed);
    assertTrue(kept.read(ob, ob, bi, bi).isEmpty(), "young: perhaps a keep in progress");
    DyingRenameFs.ageTwoDays(deadPair);
    kept.write(ob, ob, computed);
    assertEquals(computed, kept.read(ob, ob, bi, ci).orElseThrow());
    // nothing half-written is left beside the kept pair
    assertTrue(
        Stream.of(keptBy(dir.resolve("store-rt")).toFile().list())
            .noneMatch(n -> n.startsWith(".staging")));
  }

  @Test
  void timelineIsIncrementalReproducibleAndFindsThePlantInItsInterval() throws IOException {
    // Its own store holding the first four snapshots; the fifth comes later.
    SnapshotStore s =
        SnapshotStore.open(TestSpark.session(), dir.resolve("store-tl").toString(), 4);
    for (int i = 0; i < 4; i++) {
      ingest(s, generated.snapshots().get(i).path(), generated.snapshots().get(i).asOf());
    }
    TimelinePipeline.Outcome first =
        TimelinePipeline.run("store-tl", s.list(), options(dir.resolve("tl-4")), QUIET);
    assertEquals(3, first.pairsComputed());
    assertEquals(3, first.intervalsDetected());

    ingest(s, generated.snapshots().get(4).path(), generated.snapshots().get(4).asOf());
    TimelinePipeline.Outcome second =
        TimelinePipeline.run("store-tl", s.list(), options(dir.resolve("tl-5")), QUIET);
    assertEquals(1, second.pairsComputed(), "only the new pair is compared");
    assertEquals(1, second.intervalsDetected(), "only the new interval is detected");
    try (Stream<Path> pairs = Files.list(keptBy(dir.resolve("store-tl")))) {
      assertEquals(4, pairs.filter(p -> Files.isDirectory(p) && !isHidden(p)).count());
    }

    // The same store from scratch: every pair computed, the same bytes.
    TimelinePipeline.Outcome fresh =
        TimelinePipeline.run("store", all, options(dir.resolve("tl-fresh")), QUIET);
    TimelinePipeline.Outcome again =
        TimelinePipeline.run("store", all, options(dir.resolve("tl-again")), QUIET);
    assertEquals(0, again.pairsComputed());
    assertEquals(4, fresh.intervalsDetected());
    assertEquals(0, again.intervalsDetected(), "the last interval's method is kept too");
    // The planted interval has findings, so its evidence was queried once and then kept.
    assertTrue(fresh.evidenceCollected() > 0);
    assertEquals(0, again.evidenceCollected(), "every interval's evidence is read from the store");
    assertEquals(1, second.evidenceCollected(), "only the new interval's evidence is queried");
    String sums = Files.readString(dir.resolve("tl-fresh/SHA256SUMS"));
    assertEquals(sums, Files.readString(dir.resolve("tl-again/SHA256SUMS")));
    assertEquals(sums, Files.readString(dir.resolve("tl-5/SHA256SUMS")));
    assertTrue(sums.contains("tables/county_series.csv"));
    assertTrue(BundleVerifier.verify(dir.resolve("tl-5")).intact());

    // The planted deletion: a mass-deletion finding of its county in interval 4 only.
    PlantTruth plant =
        generated.plants().stream()
            .filter(p -> p.plant() == Plant.MASS_DELETION)
            .findFirst()
            .orElseThrow();
    String county = Integer.toString(plant.countyId());
    List<Integer> intervals = new ArrayList<>();
    for (NumberedFinding nf : second.outcome().result().findings()) {
      if (nf.finding().rule().equals("mass-deletion")
          && county.equals(nf.finding().unit().get("county_id"))) {
        intervals.add(nf.finding().statistic().get("interval").intValue());
        assertEquals(3.0, nf.finding().statistic().get("history_intervals"));
        assertTrue(nf.finding().explanation().startsWith("Interval 4 ("));
      }
    }
    assertEquals(List.of(4), intervals);

    JsonNode findings = new ObjectMapper().readTree(dir.resolve("tl-5/findings.json").toFile());
    assertEquals(all.get(0).asOf().toString(), findings.path("baseline").path("as_of").asText());
    assertEquals(all.get(4).asOf().toString(), findings.path("current").path("as_of").asText());
    String csv =
        Files.readString(dir.resolve("tl-5/tables/county_series.csv"), StandardCharsets.UTF_8);
    assertTrue(
        csv.startsWith(
            "county_id,county_desc,baseline_as_of,current_as_of,at_risk,removed,removal_rate,"
                + "fired\n"));
    String plantRow = county + "," + plant.countyDesc() + "," + all.get(3).asOf() + ",";
    assertTrue(
        csv.lines().anyMatch(l -> l.startsWith(plantRow) && l.endsWith(",1")),
        "the planted county is marked fired in interval 4");
    assertTrue(csv.lines().noneMatch(l -> l.matches(".*,[1-9],[^,]*,[01]$")), "1-10 shown as <11");
    String html = Files.readString(dir.resolve("tl-5/report.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("id=\"chart-timeline-state\""));
    assertTrue(html.contains("id=\"chart-timeline-1\""));
  }

  @Test
  void keptFindingsAndEvidenceReadBackAndEvidenceOnlyForTheSameFindings() {
    // As in a timeline, the pair's metrics are kept before its findings: the metrics are renamed
    // into the pair's folder only when it does not exist yet, whatever the order of the tests.
    new PairMetrics(QUIET).of(all.get(0), all.get(1));
    // A disclosure no run uses keeps this file apart from the timelines' own.
    IntervalKeep keep =
        new IntervalKeep(all.subList(0, 2), all.get(0), all.get(1), rules, "test-keep");
    List<Finding> findings = List.of(finding(2), finding(1));
    List<EvidenceTable> tables =
        List.of(
            new EvidenceTable(
                List.of("voter_id", "note"), List.of(List.of("A1", "x"), List.of("A2", "y"))),
            new EvidenceTable(List.of("voter_id", "note"), List.of(Arrays.asList("A3", null))));
    assertTrue(keep.kept().isEmpty());
    assertTrue(keep.evidence(findings).isEmpty());
    LinkedHashMap<String, Object> method = new LinkedHashMap<>(Map.of("m", 3));
    keep.put(findings, tables, method);
    PairAudit.Kept k = keep.kept().orElseThrow();
    assertEquals(new PairAudit.Kept(findings, tables, new LinkedHashMap<>(Map.of("m", 3L))), k);
    assertEquals(tables, keep.evidence(findings).orElseThrow());
    assertTrue(keep.evidence(List.of(finding(3), finding(1))).isEmpty(), "another count");
    assertTrue(keep.evidence(List.of(finding(2))).isEmpty(), "fewer findings");
    // Another rule set (here: another disclosure) has its own file.
    IntervalKeep other =
        new IntervalKeep(all.subList(0, 2), all.get(0), all.get(1), rules, "test-keep-2");
    assertTrue(other.kept().isEmpty());
    // A method that would not read back exactly is left out; the findings are still kept.
    other.put(List.of(), List.of(), new LinkedHashMap<>(Map.of("set", Set.of("a"))));
    assertEquals(new PairAudit.Kept(List.of(), List.of(), null), other.kept().orElseThrow());
  }

  private static Finding finding(long affected) {
    SortedMap<String, String> unit = new TreeMap<>(Map.of("county_id", "7"));
    return new Finding(
        "mass-deletion",
        "mass-deletion",
        Severity.HIGH,
        unit,
        new TreeMap<>(),
        affected,
        new LinkedHashMap<>(Map.of("observed_rate", 0.5)),
        "test",
        EvidenceQuery.of(List.of(ChangeClass.REMOVED), Map.of("county_id", "7")),
        "rest of state");
  }

  @Test
  void pairAuditReadsItsOwnHistoryFromTheStore() {
    AuditPipeline.Outcome o =
        AuditPipeline.run(all, all.get(3), all.get(4), options(dir.resolve("pair")), QUIET);
    boolean seen = false;
    for (NumberedFinding nf : o.result().findings()) {
      if (nf.finding().rule().equals("mass-deletion")) {
        assertEquals(3.0, nf.finding().statistic().get("history_intervals"));
        assertTrue(nf.finding().explanation().contains("Its own history had 3 earlier intervals"));
        seen = true;
      }
    }
    assertTrue(seen);
  }

  @Test
  void cliSaysWhatIsMissing() throws IOException {
    Launch.Run help = Launch.inJvm("timeline", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.stdout().contains("--store"));

    SnapshotStore one = SnapshotStore.open(TestSpark.session(), dir.resolve("one").toString(), 4);
    ingest(one, generated.snapshots().get(0).path(), generated.snapshots().get(0).asOf());
    Launch.Run r =
        Launch.inJvm(
            "timeline",
            "--store",
            dir.resolve("one").toString(),
            "--out",
            dir.resolve("one-out").toString());
    assertEquals(2, r.exit());
    assertFalse(Files.exists(dir.resolve("one-out")));

    Launch.Run missing =
        Launch.inJvm(
            "timeline",
            "--store",
            dir.resolve("nowhere").toString(),
            "--out",
            dir.resolve("x").toString());
    assertEquals(2, missing.exit());

    // audit from a mistyped store: a usage error, and no empty store left at the typo
    Launch.Run audit =
        Launch.inJvm(
            "audit",
            "--store",
            dir.resolve("nowhere-audit").toString(),
            "--baseline",
            "2024-01-06",
            "--current",
            "2024-02-03",
            "--out",
            dir.resolve("y").toString());
    assertEquals(2, audit.exit());
    assertFalse(Files.exists(dir.resolve("nowhere-audit")), "audit creates no store");
    assertFalse(Files.exists(dir.resolve("y")));
  }

  /** The store's folder of this build's kept results (the only build that used it). */
  private static Path keptBy(Path store) throws IOException {
    try (Stream<Path> builds = Files.list(store.resolve("metrics"))) {
      List<Path> b = builds.filter(p -> p.getFileName().toString().startsWith("b-")).toList();
      assertEquals(1, b.size(), b::toString);
      return b.get(0);
    }
  }

  private static boolean isHidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }
}
