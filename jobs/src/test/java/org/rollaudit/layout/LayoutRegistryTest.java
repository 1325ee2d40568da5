package org.rollaudit.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.RollAuditException;

class LayoutRegistryTest {
  @TempDir Path dir;

  private final LayoutRegistry reg = LayoutRegistry.standard();

  @Test
  void loadsTheShippedLayouts() {
    assertEquals(List.of("generic-csv", "nc-ncvoter", "nc-vr-snapshot"), reg.ids());
    Layout nc = reg.byId("nc-ncvoter");
    assertEquals("ncid", nc.key());
    assertEquals('\t', nc.format().delimiter());
    assertEquals("ISO-8859-1", nc.format().encoding());
    assertEquals(
        List.of("2026", "2022", "pre-2022", "2018"),
        nc.vintages().stream().map(Layout.Vintage::name).toList());
    assertEquals(
        List.of(70, 67, 71, 71), nc.vintages().stream().map(v -> v.columns().size()).toList());
    assertEquals(List.of("age_at_year_end", "birth_age"), nc.column("age").from());
    assertTrue(
        nc.sensitive()
            .neverExport()
            .containsAll(List.of("ssn", "no_dl_ssn_chkbx", "drivers_lic", "full_phone_number")));
    assertEquals(10, nc.retention().years());
    assertTrue(nc.column("status").rejectUnknown());
    assertFalse(nc.column("race").rejectUnknown());
    Layout vr = reg.byId("nc-vr-snapshot");
    assertEquals(90, vr.vintages().get(0).columns().size());
    assertEquals("snapshot_dt", vr.asOfFrom());
    assertNull(vr.column("birth_year"));
    assertEquals("cancellation_dt", vr.column("status_date").from().get(0));
    assertTrue(reg.byId("generic-csv").isAbstract());
  }

  @Test
  void layoutsSerialiseForSparkExecutors() throws IOException {
    ObjectOutputStream o = new ObjectOutputStream(new ByteArrayOutputStream());
    o.writeObject(reg.byId("nc-ncvoter"));
    o.writeObject(reg.byId("nc-vr-snapshot"));
  }

  @Test
  void genericBaseCannotIngestAlone() {
    RollAuditException e =
        assertThrows(RollAuditException.class, () -> reg.resolveForIngest("generic-csv"));
    assertEquals(RollAuditException.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("extends: generic-csv"));
  }

  @Test
  void mappingFileExtendsTheBase() {
    Layout l = reg.resolveForIngest(mapping().toString());
    assertEquals("test-generic", l.id());
    assertEquals(',', l.format().delimiter());
    assertTrue(l.format().multiline());
    assertEquals("VoterID", l.key());
    assertEquals("I", l.column("race").map().get("1"));
    assertEquals(List.of("uuuu-MM-dd"), l.column("registr_dt").patterns());
    assertFalse(l.keyPublic());
  }

  static Path mapping() {
    return Path.of("src/test/resources/org/rollaudit/ingest/generic-mapping.yaml");
  }

  private RollAuditException bad(String yaml) throws IOException {
    Path p = dir.resolve("bad.yaml");
    Files.writeString(p, yaml);
    RollAuditException e = assertThrows(RollAuditException.class, () -> reg.resolve(p.toString()));
    assertEquals(RollAuditException.USAGE, e.exitCode());
    return e;
  }

  private static final String OK_HEAD = "extends: generic-csv\nid: t\nversion: 1\nkey: K\n";

  @Test
  void unknownKeyNamesFileAndLine() throws IOException {
    RollAuditException e = bad(OK_HEAD + "columns:\n  status: {from: S}\n  staus: {from: X}\n");
    assertTrue(e.getMessage().contains("bad.yaml:7"), e.getMessage());
    assertTrue(e.getMessage().contains("staus"), e.getMessage());
  }

  @Test
  void unknownTopLevelKeyAndDuplicateKey() throws IOException {
    assertTrue(bad(OK_HEAD + "delimeter: ','\n").getMessage().contains("bad.yaml:5"));
    assertTrue(bad(OK_HEAD + "key: L\n").getMessage().contains("bad.yaml:5"));
  }

  @Test
  void badEnumValueNamesLine() throws IOException {
    RollAuditException e = bad(OK_HEAD + "columns:\n  status: {from: S, unknown: maybe}\n");
    assertTrue(e.getMessage().contains("bad.yaml:6"), e.getMessage());
  }

  @Test
  void yyyyPatternIsRefused() throws IOException {
    RollAuditException e = bad(OK_HEAD + "date_pattern: MM/dd/yyyy\n");
    assertTrue(e.getMessage().contains("uuuu"), e.getMessage());
    assertTrue(e.getMessage().contains("near line 5"), e.getMessage());
  }

  @Test
  void semanticErrors() throws IOException {
    assertTrue(
        bad(OK_HEAD + "columns:\n  birth_year: {from: B, codes: [X]}\n")
            .getMessage()
            .contains("only for text columns"));
    assertTrue(
        bad(OK_HEAD + "columns:\n  status: {from: S, join: [A]}\n")
            .getMessage()
            .contains("exactly one of"));
    assertTrue(bad("extends: nope\nid: t\nversion: 1\n").getMessage().contains("unknown layout"));
    assertTrue(bad(OK_HEAD + "format: {delimiter: ',,'}\n").getMessage().contains("delimiter"));
    assertTrue(bad("id: t\nversion: 1\n").getMessage().contains("format"));
  }

  @Test
  void vintageColumnsAreChecked() throws IOException {
    String base =
        "id: t\nversion: 1\nformat: {delimiter: ',', quote: '\"', encoding: UTF-8,"
            + " header: true}\nlimits: {max_field_bytes: 10, max_record_bytes: 100, max_columns: 5,"
            + " max_records: 10, max_input_bytes: 100, max_inflated_bytes: 100,"
            + " max_inflate_ratio: 10, max_zip_entries: 1}\nkey: K\n";
    assertTrue(
        bad(base
                + "columns: {status: {from: STATUS}}\nvintages:\n  - name: a\n"
                + "    columns: [K, S]\n")
            .getMessage()
            .contains("'STATUS' appears in no vintage"));
    assertTrue(
        bad(base + "vintages:\n  - name: a\n    columns: [K, K]\n").getMessage().contains("twice"));
    assertTrue(
        bad(base
                + "columns: {status: {from: S}}\nvintages:\n  - name: a\n"
                + "    columns: [K, S]\n  - name: b\n    columns: [K]\n")
            .getMessage()
            .contains("vintage 'b' lacks"));
    assertTrue(bad(base + "columns: {registr_dt: {from: D}}\n").getMessage().contains("is a date"));
  }

  @Test
  void unknownIdListsKnownOnes() {
    RollAuditException e = assertThrows(RollAuditException.class, () -> reg.resolve("nc-voter"));
    assertTrue(e.getMessage().contains("nc-ncvoter"), e.getMessage());
  }

  @Test
  void yamlKeepsCodesAsWritten() {
    // YAML 1.1 would read Y/N as booleans and 01 as 1: Jackson keeps the text, and we rely on it.
    Layout nc = reg.byId("nc-ncvoter");
    assertTrue(nc.confidential().flagged().contains("Y"));
    assertTrue(nc.confidential().notFlagged().contains("N"));
    assertNotNull(nc.column("reason").codes());
    assertTrue(nc.column("reason").codes().contains("A1"));
  }
}
