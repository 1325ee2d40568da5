package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.cli.Progress;
import org.rollaudit.generate.Compression;
import org.rollaudit.generate.GenerationResult;
import org.rollaudit.generate.SyntheticRoll;
import org.rollaudit.layout.LayoutRegistry;
import org.rollaudit.pipeline.AuditPipeline;
import org.rollaudit.pipeline.Home;
import org.rollaudit.report.KeyPairs;
import org.rollaudit.report.SigningKey;
import org.rollaudit.rules.RuleSet;
import org.rollaudit.spark.TestSpark;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;
import org.rollaudit.verify.BundleVerifier;
import org.rollaudit.verify.VerificationReport;

/**
 * A civil-society submission end to end: provenance into the receipt, the run id and the bundle;
 * receipt.html and receipt.json beside the snapshot, deterministic and signed; warnings for a
 * county that vanished or shrank against the previous snapshot; a receipt for a refused file; and
 * the bundle's tables/ checked by verify.
 */
class SubmissionReceiptTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static GenerationResult generated;
  static Path baseline;
  static Path current;
  static LocalDate b;
  static LocalDate c;
  static String goneCounty;
  static String shrunkCounty;
  static Path rules;
  static SigningKey key;

  @BeforeAll
  static void generate() throws IOException {
    generated =
        SyntheticRoll.builder()
            .voters(6000)
            .seed(11)
            .compression(Compression.NONE)
            .build()
            .generate(dir.resolve("raw"));
    baseline = generated.snapshots().get(0).path();
    b = generated.snapshots().get(0).asOf();
    c = generated.snapshots().get(1).asOf();
    // The current file without one county and with half of another: what a submission with a
    // missing or truncated county file looks like.
    String text =
        new String(
            Files.readAllBytes(generated.snapshots().get(1).path()), StandardCharsets.ISO_8859_1);
    List<String> lines = new ArrayList<>(List.of(text.split("\r\n")));
    String header = lines.remove(0);
    int col = List.of(header.split("\t", -1)).indexOf("\"county_id\"");
    assertTrue(col >= 0, "generated header has county_id: " + header);
    Map<String, Integer> sizes = new HashMap<>();
    lines.forEach(l -> sizes.merge(l.split("\t", -1)[col], 1, Integer::sum));
    List<String> bySize = new ArrayList<>(sizes.keySet());
    bySize.sort((x, y) -> sizes.get(y) - sizes.get(x));
    shrunkCounty = bySize.get(0);
    goneCounty = bySize.get(1);
    List<String> kept = new ArrayList<>(List.of(header));
    int seen = 0;
    for (String l : lines) {
      String county = l.split("\t", -1)[col];
      if (county.equals(goneCounty) || (county.equals(shrunkCounty) && seen++ % 2 == 0)) {
        continue;
      }
      kept.add(l);
    }
    current = dir.resolve("cut").resolve(generated.snapshots().get(1).path().getFileName());
    Files.createDirectories(current.getParent());
    Files.write(
        current, (String.join("\r\n", kept) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    // Rules whose size check reaches the small counties of a 6,000-voter roll.
    rules = dir.resolve("rules");
    Files.createDirectories(rules.resolve("ingest"));
    Files.writeString(
        rules.resolve("ingest/receipt.yaml"),
        "schema: rollaudit/receipt-checks/v1\ncounty_size_change: 0.10\n"
            + "county_size_min_records: 20\n");
    key = KeyPairs.generate(dir.resolve("key.pem"), dir.resolve("key.pub"));
  }

  static IngestJob.Options opts(String store, Path file, LocalDate asOf, String source) {
    IngestJob.ReceiptSigner signer = IngestJob.ReceiptSigner.of(key::sign, key.publicKeyPem());
    return new IngestJob.Options(
        LayoutRegistry.standard().resolveForIngest("nc-ncvoter"),
        asOf,
        dir.resolve(store).toString(),
        List.of(file.toString()),
        false,
        0.001,
        source,
        LocalDate.of(2024, 3, 1),
        "Voter Rights Group",
        dir.resolve("refusals"),
        IngestJob.DEFAULT_SPLIT_BYTES,
        rules,
        signer);
  }

  static StoredSnapshot ingest(String store, Path file, LocalDate asOf, String source)
      throws IOException {
    IngestJob.Result r =
        IngestJob.run(TestSpark.session(), opts(store, file, asOf, source), x -> {});
    assertEquals(IngestJob.Outcome.STORED, r.outcome(), r.message());
    return SnapshotStore.open(TestSpark.session(), dir.resolve(store).toString())
        .find(asOf)
        .orElseThrow();
  }

  static Path folder(StoredSnapshot s) {
    return Path.of(java.net.URI.create(s.location()));
  }

  @Test
  void receiptIsReadableDeterministicSignedAndWarnsAboutCounties() throws Exception {
    StoredSnapshot first = ingest("store-a", baseline, b, "State board download page");
    StoredSnapshot again = ingest("store-b", baseline, b, "State board download page");
    Path fa = folder(first);
    Path fb = folder(again);
    for (String f :
        List.of("receipt.json", "receipt.html", "receipt.sha256", "receipt.sha256.sig")) {
      assertArrayEquals(
          Files.readAllBytes(fa.resolve(f)),
          Files.readAllBytes(fb.resolve(f)),
          f + ": same submission, same bytes (no clock)");
    }
    JsonNode r = JSON.readTree(fa.resolve("receipt.json").toFile());
    assertEquals("rollaudit/receipt/v2", r.path("schema").asText());
    assertFalse(r.has("received_at"));
    assertEquals("Voter Rights Group", r.path("provenance").path("submitter").asText());
    long sum = 0;
    for (JsonNode county : r.path("counties")) {
      sum += county.path("records").asLong();
    }
    assertEquals(r.path("totals").path("accepted").asLong(), sum, "counties add up to accepted");
    assertTrue(r.path("previous").isNull());

    String html = Files.readString(fa.resolve("receipt.html"));
    assertTrue(html.contains(r.path("inputs").get(0).path("sha256").asText()), "file hash shown");
    assertTrue(html.contains("Voter Rights Group") && html.contains("State board download page"));
    assertFalse(html.contains("<script"), "self-contained, no script");

    byte[] sums = Files.readAllBytes(fa.resolve("receipt.sha256"));
    Signature v = Signature.getInstance("Ed25519");
    v.initVerify(key.publicKey());
    v.update(sums);
    assertTrue(v.verify(Files.readAllBytes(fa.resolve("receipt.sha256.sig"))));
    assertTrue(
        new String(sums, StandardCharsets.US_ASCII)
            .contains(
                Hex.of(
                        java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(fa.resolve("receipt.json"))))
                    + "  receipt.json"));

    StoredSnapshot cut = ingest("store-a", current, c, "State board download page");
    JsonNode w = JSON.readTree(folder(cut).resolve("receipt.json").toFile());
    assertEquals(b.toString(), w.path("previous").path("as_of").asText());
    String missing = w.path("warnings").path("MISSING_COUNTIES_VS_PREVIOUS").asText();
    String changed = w.path("warnings").path("COUNTY_SIZE_CHANGE").asText();
    // The file quotes every field; the receipt names counties by their values.
    String gone = "(" + goneCounty.replace("\"", "") + ")";
    String shrunk = "(" + shrunkCounty.replace("\"", "") + ")";
    assertTrue(missing.contains(gone), missing);
    assertTrue(changed.contains(shrunk), changed);
    assertFalse(changed.contains(gone), "a missing county is not also resized");
    assertTrue(
        Files.readString(folder(cut).resolve("receipt.html")).contains("COUNTY_SIZE_CHANGE"));
  }

  @Test
  void refusedFileGetsAReceiptSayingWhatToFix() throws Exception {
    Path bad = dir.resolve("bad.txt");
    Files.writeString(bad, "not,a,voter,file\r\n1,2,3,4\r\n");
    RollAuditException e =
        assertThrows(
            RollAuditException.class,
            () -> IngestJob.run(TestSpark.session(), opts("store-r", bad, b, "email"), x -> {}));
    assertEquals(RollAuditException.INPUT, e.exitCode());
    assertTrue(e.getMessage().contains("refusal receipt"), e.getMessage());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir.resolve("refusals"))) {
      files = s.sorted().toList();
    }
    Path json =
        files.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    Path html = Path.of(json.toString().replaceFirst("\\.json$", ".html"));
    JsonNode r = JSON.readTree(json.toFile());
    assertEquals("refused", r.path("status").asText());
    assertFalse(r.path("what_to_fix").asText().isEmpty());
    String page = Files.readString(html);
    assertTrue(page.contains("REFUSED") && page.contains("What to do"), page);
  }

  @Test
  void provenanceIsPartOfTheRunIdAndTheBundleCarriesCheckedTables() throws Exception {
    Path one = audit("store-p1", "Board of Elections portal", dir.resolve("bundle-1"));
    Path two = audit("store-p2", "Public records request", dir.resolve("bundle-2"));
    String id1 = JSON.readTree(one.resolve("findings.json").toFile()).path("run_id").asText();
    String id2 = JSON.readTree(two.resolve("findings.json").toFile()).path("run_id").asText();
    assertNotEquals(id1, id2, "other provenance, other bundle bytes, so another run id");
    assertTrue(Files.readString(two.resolve("inputs.json")).contains("Public records request"));
    assertFalse(Files.readString(two.resolve("inputs.json")).contains("Voter Rights Group"));
    assertTrue(Files.readString(two.resolve("report.html")).contains("Obtained from"));

    VerificationReport ok = BundleVerifier.verify(two);
    assertTrue(ok.intact(), () -> String.join("\n", ok.failures()));
    String counties = Files.readString(two.resolve("tables/counties.csv"));
    assertTrue(counties.startsWith("county_id,county_desc,baseline_voters,"), counties);
    assertTrue(Files.readString(two.resolve("tables/county_groups.csv")).contains(",race,"));

    // A leaked small cell, and a table taken away: the tables check fails on its own.
    Path copy = dir.resolve("bundle-2-copy");
    copyTree(two, copy);
    List<String> lines = new ArrayList<>(Files.readAllLines(copy.resolve("tables/counties.csv")));
    String[] cells = lines.get(1).split(",", -1);
    cells[5] = "7";
    lines.set(1, String.join(",", cells));
    Files.writeString(copy.resolve("tables/counties.csv"), String.join("\n", lines) + "\n");
    assertTrue(tablesFailure(copy).contains("removed 7"), tablesFailure(copy));
    Files.delete(copy.resolve("tables/county_groups.csv"));
    assertTrue(tablesFailure(copy).contains("county_groups.csv listed"), tablesFailure(copy));
  }

  private static String tablesFailure(Path bundle) {
    return BundleVerifier.verify(bundle).checks().stream()
        .filter(x -> x.id().equals("tables") && !x.passed())
        .map(VerificationReport.Check::detail)
        .findFirst()
        .orElse("(tables passed)");
  }

  private static Path audit(String store, String source, Path out) throws IOException {
    StoredSnapshot bs = ingest(store, baseline, b, source);
    StoredSnapshot cs = ingest(store, generated.snapshots().get(1).path(), c, source);
    AuditPipeline.run(
        bs,
        cs,
        new AuditPipeline.Options(
            RuleSet.load(Home.rules(null)),
            "public",
            Optional.empty(),
            null,
            out,
            List.of("rollaudit audit ...")),
        new Progress(System.err, true));
    return out;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
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
