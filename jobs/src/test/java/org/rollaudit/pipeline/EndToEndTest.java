package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.cli.Progress;
import org.rollaudit.generate.Compression;
import org.rollaudit.generate.GenerationResult;
import org.rollaudit.generate.SyntheticRoll;
import org.rollaudit.ingest.IngestJob;
import org.rollaudit.layout.LayoutRegistry;
import org.rollaudit.rules.RuleSet;
import org.rollaudit.spark.TestSpark;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;
import org.rollaudit.verify.BundleVerifier;

/**
 * Files in, bundle out, through the real ingest, store, compare, detectors and writer: the planted
 * anomalies are found, the bundle verifies, and the bytes do not depend on Spark partitioning,
 * adaptive execution, the store's bucket count, time zone, locale or input row order
 * (reliability.md T5, reduced cut for CI).
 */
class EndToEndTest {
  @TempDir static Path dir;
  static GenerationResult generated;
  static Path baselineFile;
  static Path currentFile;
  static Path reversedFile;

  @BeforeAll
  static void generate() throws IOException {
    generated =
        SyntheticRoll.builder()
            .voters(20000)
            .seed(7)
            .compression(Compression.NONE)
            .build()
            .generate(dir.resolve("raw"));
    baselineFile = generated.snapshots().get(0).path();
    currentFile = generated.snapshots().get(1).path();
    reversedFile = dir.resolve("reversed").resolve(currentFile.getFileName());
    Files.createDirectories(reversedFile.getParent());
    // Same records, data rows in reverse order: a publisher re-sorting its export.
    String text = new String(Files.readAllBytes(currentFile), StandardCharsets.ISO_8859_1);
    List<String> lines = new ArrayList<>(List.of(text.split("\r\n")));
    String header = lines.remove(0);
    Collections.reverse(lines);
    Files.write(
        reversedFile,
        (header + "\r\n" + String.join("\r\n", lines) + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
  }

  private static StoredSnapshot ingest(SnapshotStore store, Path file, LocalDate asOf)
      throws IOException {
    IngestJob.Options o =
        new IngestJob.Options(
            LayoutRegistry.standard().resolveForIngest("nc-ncvoter"),
            asOf,
            store.root(),
            List.of(file.toString()),
            false,
            0.001,
            null,
            null,
            null,
            dir.resolve("refusals"),
            IngestJob.DEFAULT_SPLIT_BYTES);
    IngestJob.run(TestSpark.session(), o, line -> {});
    return store.find(asOf).orElseThrow();
  }

  private static AuditPipeline.Outcome audit(String store, int buckets, Path current, Path out)
      throws IOException {
    SnapshotStore s =
        SnapshotStore.open(TestSpark.session(), dir.resolve(store).toString(), buckets);
    StoredSnapshot b = ingest(s, baselineFile, generated.snapshots().get(0).asOf());
    StoredSnapshot c = ingest(s, current, generated.snapshots().get(1).asOf());
    RuleSet rules = RuleSet.load(Home.rules(null));
    return AuditPipeline.run(
        b,
        c,
        new AuditPipeline.Options(
            rules, "public", Optional.empty(), null, out, List.of("rollaudit audit ...")),
        new Progress(System.err, true));
  }

  @Test
  void bundleBytesDoNotDependOnPartitioningZoneLocaleOrRowOrder() throws IOException {
    SparkSession spark = TestSpark.session();
    TimeZone zone = TimeZone.getDefault();
    Locale locale = Locale.getDefault();
    String adaptive = spark.conf().get("spark.sql.adaptive.enabled");
    AuditPipeline.Outcome first;
    AuditPipeline.Outcome second;
    try {
      spark.conf().set("spark.sql.shuffle.partitions", "1");
      spark.conf().set("spark.sql.adaptive.enabled", "true");
      first = audit("store-a", 4, currentFile, dir.resolve("bundle-a"));

      spark.conf().set("spark.sql.shuffle.partitions", "7");
      spark.conf().set("spark.sql.adaptive.enabled", "false");
      TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      second = audit("store-b", 3, currentFile, dir.resolve("bundle-b"));
    } finally {
      TimeZone.setDefault(zone);
      Locale.setDefault(locale);
      spark.conf().set("spark.sql.shuffle.partitions", "4");
      spark.conf().set("spark.sql.adaptive.enabled", adaptive);
    }
    assertTrue(BundleVerifier.verify(dir.resolve("bundle-a")).intact());
    assertTrue(first.result().findings().size() > 0, "the planted anomalies give findings");
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("bundle-a/SHA256SUMS")),
        Files.readAllBytes(dir.resolve("bundle-b/SHA256SUMS")),
        "same inputs must give the same bytes");
    assertEquals(first.result().runId(), second.result().runId());

    // Reversed rows: other input bytes (so another run id and inputs.json), same evidence.
    audit("store-c", 4, reversedFile, dir.resolve("bundle-c"));
    assertNotEquals(
        Files.readString(dir.resolve("bundle-a/inputs.json")),
        Files.readString(dir.resolve("bundle-c/inputs.json")));
    assertEquals(
        listing(dir.resolve("bundle-a/evidence")), listing(dir.resolve("bundle-c/evidence")));
    for (String f : listing(dir.resolve("bundle-a/evidence"))) {
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("bundle-a/evidence").resolve(f)),
          Files.readAllBytes(dir.resolve("bundle-c/evidence").resolve(f)),
          f);
    }
  }

  @Test
  void plantedAnomaliesAreFoundWithTheirVoters() throws IOException {
    AuditPipeline.Outcome o = audit("store-p", 4, currentFile, dir.resolve("bundle-p"));
    List<String> rules =
        o.result().findings().stream().map(f -> f.finding().rule()).distinct().sorted().toList();
    assertTrue(rules.contains("mass-deletion"), "found: " + rules);
    assertTrue(rules.contains("bulk-field-change"), "found: " + rules);
    String massCounty =
        String.valueOf(
            generated.plants().stream()
                .filter(p -> p.plant().id().equals("mass-deletion"))
                .findFirst()
                .orElseThrow()
                .countyId());
    NumberedFinding mass =
        o.result().findings().stream()
            .filter(f -> f.finding().rule().equals("mass-deletion"))
            .filter(f -> massCounty.equals(f.finding().unit().get("county_id")))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no mass-deletion finding for county " + massCounty));
    List<String> evidenceIds = mass.evidence().rows().stream().map(r -> r.get(0)).toList();
    List<String> planted =
        generated.plants().stream()
            .filter(p -> p.plant().id().equals("mass-deletion"))
            .findFirst()
            .orElseThrow()
            .ncids();
    long recalled = planted.stream().filter(evidenceIds::contains).count();
    assertTrue(
        recalled >= 0.95 * planted.size(), "evidence recall " + recalled + "/" + planted.size());

    // method.json quotes the rules folder's measured error rates, saying whether they apply
    RuleSet shipped = RuleSet.load(Home.rules(null));
    Object rates = o.result().method().get("error_rates");
    assertEquals(shipped.errorRates().isPresent(), rates != null);
    if (rates != null) {
      List<String> keys =
          List.copyOf(
              ((java.util.Map<?, ?>) rates).keySet().stream().map(String::valueOf).toList());
      assertEquals(List.of("applies_to_this_run", "applies_by_rule"), keys.subList(0, 2));
      assertEquals(
          List.copyOf(shipped.errorRates().orElseThrow().content().keySet()),
          keys.subList(2, keys.size()));
      List<String> methodKeys = List.copyOf(o.result().method().keySet());
      assertEquals("error_rates", methodKeys.get(methodKeys.size() - 1));
    }
  }

  private static List<String> listing(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
