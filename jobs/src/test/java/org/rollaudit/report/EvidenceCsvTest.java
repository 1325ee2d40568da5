package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.EvidenceTable;

class EvidenceCsvTest {

  @Test
  void everyFormulaTriggerIsNeutralisedAndTheGuardCanBeUndone() throws Exception {
    List<List<String>> rows = new ArrayList<>();
    int k = 0;
    for (String t : Fixtures.TRIGGERS) {
      rows.add(List.of(String.format(java.util.Locale.ROOT, "ID%03d", k++), t));
    }
    List<String> harmless = List.of("O'Brien", "plain", "", "5", "a=b", " x", "\u3000y");
    for (String h : harmless) {
      rows.add(List.of(String.format(java.util.Locale.ROOT, "ID%03d", k++), h));
    }
    StringWriter out = new StringWriter();
    EvidenceCsv.write("F-0001", new EvidenceTable(List.of("voter_id", "note"), rows), out);
    String text = out.toString();
    assertFalse(text.contains("\r\n"), "LF line ends");
    assertTrue(text.endsWith("\n"));
    assertFalse(text.startsWith("\uFEFF"));
    List<String[]> read = parse(text);
    assertEquals(rows.size() + 1, read.size());
    for (int i = 0; i < Fixtures.TRIGGERS.size(); i++) {
      String cell = read.get(i + 1)[1];
      assertTrue(cell.startsWith("'"), "guarded: " + cell);
      assertEquals(
          Fixtures.TRIGGERS.get(i), cell.substring(1), "one apostrophe added, nothing else");
      assertTrue(safe(cell), "a spreadsheet sees text: " + cell);
    }
    for (int i = 0; i < harmless.size(); i++) {
      assertEquals(harmless.get(i), read.get(Fixtures.TRIGGERS.size() + i + 1)[1]);
    }
  }

  @Test
  void rowsMustBeSortedAndOfTheHeadersWidth() {
    EvidenceTable unsorted =
        new EvidenceTable(List.of("voter_id"), List.of(List.of("B"), List.of("A")));
    assertThrows(
        IllegalArgumentException.class,
        () -> EvidenceCsv.write("F-0002", unsorted, new StringWriter()));
    EvidenceTable ragged = new EvidenceTable(List.of("voter_id", "x"), List.of(List.of("A")));
    assertThrows(
        IllegalArgumentException.class,
        () -> EvidenceCsv.write("F-0003", ragged, new StringWriter()));
  }

  @Test
  void fixtureEvidenceFilesAreGuardedInEveryCell() throws Exception {
    StringWriter out = new StringWriter();
    EvidenceCsv.write("F-0001", Fixtures.evidence(0, 60, true), out);
    for (String[] row : parse(out.toString())) {
      for (String cell : row) {
        assertTrue(safe(cell), "unguarded cell: " + cell);
      }
    }
  }

  /** A written cell is safe when, after whitespace, it does not start with a formula trigger. */
  static boolean safe(String cell) {
    String t = cell.stripLeading();
    if (t.isEmpty() || t.startsWith("'")) {
      return true;
    }
    return "=+-@\t\r\0\uFF1D\uFF0B\uFF0D\uFF20".indexOf(t.charAt(0)) < 0
        && !cell.startsWith("\t")
        && !cell.startsWith("\r");
  }

  static List<String[]> parse(String text) throws Exception {
    try (CSVReader r =
        new CSVReaderBuilder(new StringReader(text))
            .withCSVParser(new RFC4180ParserBuilder().build())
            .withKeepCarriageReturn(true)
            .build()) {
      return r.readAll();
    }
  }
}
