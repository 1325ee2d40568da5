package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.EvidenceTable;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.verify.BundleVerifier;

/** The bundle layout of interface.md §2 and the idempotence rules of reliability.md §9. */
class BundleWriterTest {

  @TempDir Path tmp;

  @Test
  void publicBundleHasExactlyTheContractFiles() throws Exception {
    Path out = Bundles.write(Fixtures.sample("public"), tmp.resolve("out"), Optional.empty());
    assertEquals(
        List.of(
            "SHA256SUMS",
            "evidence/F-0001.csv",
            "evidence/F-0002.csv",
            "evidence/F-0003.csv",
            "evidence/F-0004.csv",
            "findings.json",
            "inputs.json",
            "method.json",
            "report.html",
            "report.pdf",
            "tables/counties.csv",
            "tables/county_groups.csv"),
        Bundles.files(out));
    String sums = Files.readString(out.resolve("SHA256SUMS"));
    assertTrue(sums.startsWith("") && sums.endsWith("\n") && !sums.contains("\r"));
    assertEquals(11, sums.split("\n").length);
    String inputs = Files.readString(out.resolve("inputs.json"));
    assertFalse(inputs.contains("Jane Doe"), "the submitter stays in the store's receipt");
    assertFalse(inputs.contains("\"rejects\""), "public bundles carry reject counts only");
    String method = Files.readString(out.resolve("method.json"));
    assertTrue(method.contains("\"csv_formula_guard\": \"csv-formula-guard/1\""));
    assertTrue(method.contains("\"disclosure\": \"public\""));
    for (String f : Bundles.files(out)) {
      String text =
          new String(
              Files.readAllBytes(out.resolve(f)), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertFalse(text.contains(tmp.toString()), "no absolute path in " + f);
    }
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(out), s.toList(), "no staging folder left");
    }
  }

  @Test
  void secondWriteOfTheSameRunWritesNothing() throws Exception {
    AuditResult r = Fixtures.sample("public");
    Path out = Bundles.write(r, tmp.resolve("out"), Optional.empty());
    Map<String, FileTime> before = mtimes(out);
    FileTime parent = Files.getLastModifiedTime(tmp);
    BundleWriter.Result again = BundleWriter.write(r, out, Optional.empty());
    assertEquals(BundleWriter.Outcome.ALREADY_COMPLETE, again.outcome());
    assertEquals(before, mtimes(out));
    assertEquals(parent, Files.getLastModifiedTime(tmp));
  }

  @Test
  void aDifferentRunOrAForeignFileIsRefused() throws Exception {
    Path out = Bundles.write(Fixtures.sample("public"), tmp.resolve("out"), Optional.empty());
    assertThrows(
        OutputNotEmptyException.class,
        () -> BundleWriter.write(Fixtures.sample("public", 5, 30), out, Optional.empty()));
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("notes.txt"), "mine");
    OutputNotEmptyException e =
        assertThrows(
            OutputNotEmptyException.class,
            () -> BundleWriter.write(Fixtures.sample("public"), other, Optional.empty()));
    assertEquals(2, e.exitCode());
    assertEquals(List.of("notes.txt"), Bundles.files(other));
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertThrows(
        OutputNotEmptyException.class,
        () -> BundleWriter.write(Fixtures.sample("public"), file, Optional.empty()));
  }

  @Test
  void anEmptyFolderIsReplacedAndStaleStagingRemoved() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Path stale = Files.createDirectories(tmp.resolve(".out.staging-0123456789abcdef/evidence"));
    Files.writeString(stale.resolve("F-0001.csv"), "partial");
    Path unrelated = Files.createDirectories(tmp.resolve(".other.staging-0123456789abcdef"));
    BundleWriter.write(Fixtures.sample("public"), out, Optional.empty());
    assertTrue(BundleVerifier.verify(out).intact());
    assertFalse(Files.exists(stale.getParent()));
    assertTrue(Files.exists(unrelated), "only our own staging folders are removed");
  }

  @Test
  void evidenceRowsMustEqualAffected() throws Exception {
    AuditResult r = Fixtures.sample("public");
    List<NumberedFinding> findings = new ArrayList<>(r.findings());
    NumberedFinding f = findings.get(0);
    EvidenceTable shorter =
        new EvidenceTable(
            f.evidence().header(), f.evidence().rows().subList(1, f.evidence().rows().size()));
    findings.set(0, new NumberedFinding(f.id(), f.finding(), shorter));
    AuditResult bad =
        new AuditResult(
            r.runId(),
            r.software(),
            r.disclosure(),
            r.baseline(),
            r.current(),
            r.counts(),
            findings,
            r.inputs(),
            r.method(),
            r.metrics(),
            r.reproduce());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BundleWriter.write(bad, tmp.resolve("out"), Optional.empty()));
    assertTrue(e.getMessage().contains("F-0001"));
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  static Map<String, FileTime> mtimes(Path root) throws Exception {
    Map<String, FileTime> m = new HashMap<>();
    for (String f : Bundles.files(root)) {
      m.put(f, Files.getLastModifiedTime(root.resolve(f)));
    }
    m.put(".", Files.getLastModifiedTime(root));
    return m;
  }
}
