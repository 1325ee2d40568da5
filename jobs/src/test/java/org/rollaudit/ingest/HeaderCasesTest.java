package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rollaudit.ingest.NcText.NC;
import static org.rollaudit.ingest.NcText.latin1;
import static org.rollaudit.ingest.NcText.line;
import static org.rollaudit.ingest.NcText.row;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Header cases through the whole pre-pass and parser. */
class HeaderCasesTest {
  @TempDir Path dir;

  private static String file(List<String> header, int rows) {
    StringBuilder sb = new StringBuilder(line(header)).append("\r\n");
    for (int i = 1; i <= rows; i++) {
      sb.append(line(row(header, i, Map.of()))).append("\r\n");
    }
    return sb.toString();
  }

  private static List<String> cols(String v) {
    return new ArrayList<>(NcText.columns(NC, v));
  }

  private LocalIngest.Result run(String text) throws Exception {
    return Ingests.run(NC, dir, "nc.txt", latin1(text));
  }

  @Test
  void missingColumnRefusesWithClosestName() throws Exception {
    List<String> h = cols("2022");
    h.remove("registr_dt");
    Ingests.refused(
        NC, dir, "nc.txt", latin1(file(h, 1)), "nc.txt", "Missing for vintage 2022", "registr_dt");
  }

  @Test
  void extraColumnIsIgnoredAndListed() throws Exception {
    List<String> h = cols("2022");
    h.add(10, "future_col");
    LocalIngest.Result r = run(file(h, 2));
    assertEquals(2, r.accepted().size());
    assertEquals(List.of("future_col"), r.files().get(0).binding().extras());
    assertTrue(r.files().get(0).warnings().get("EXTRA_COLUMNS").detail().contains("future_col"));
  }

  @Test
  void duplicateNameRefuses() throws Exception {
    List<String> h = cols("2022");
    h.add("ncid");
    Ingests.refused(NC, dir, "nc.txt", latin1(file(h, 1)), "'ncid' appears twice");
  }

  @Test
  void emptyNameRefuses() throws Exception {
    List<String> h = cols("2022");
    h.add(3, "");
    Ingests.refused(NC, dir, "nc.txt", latin1(file(h, 1)), "column 4 has an empty name");
  }

  @Test
  void reorderedHeaderReadsByName() throws Exception {
    List<String> h = cols("2022");
    Collections.reverse(h);
    LocalIngest.Result r = run(file(h, 3));
    assertEquals(3, r.accepted().size());
    assertEquals("TST1", r.accepted().get(0).key());
    assertEquals("A", r.accepted().get(0).data()[4]);
    assertTrue(r.files().get(0).warnings().containsKey("HEADER_REORDERED"));
  }

  @Test
  void wrongCaseRefuses() throws Exception {
    List<String> h = cols("2022");
    h.set(h.indexOf("status_cd"), "STATUS_CD");
    Ingests.refused(
        NC, dir, "nc.txt", latin1(file(h, 1)), "status_cd (closest header name: 'STATUS_CD')");
  }

  @Test
  void headerOnlyFileBalances() throws Exception {
    LocalIngest.Result r = run(line(cols("2022")) + "\r\n");
    assertEquals(1, r.ledger().get(0).records());
    assertEquals(1, r.ledger().get(0).header());
    assertEquals(0, r.accepted().size());
    assertTrue(r.files().get(0).warnings().containsKey("NO_DATA_RECORDS"));
  }

  @Test
  void headerWithoutNewlineAtAll() throws Exception {
    LocalIngest.Result r = run(line(cols("2022")));
    assertEquals(1, r.ledger().get(0).records());
  }

  @Test
  void firstLineEmptyRefuses() throws Exception {
    Ingests.refused(NC, dir, "nc.txt", latin1("\r\n" + file(cols("2022"), 1)), "line 1 is empty");
  }

  @Test
  void unquotedHeaderIsTheSameNames() throws Exception {
    String text = String.join("\t", cols("2022")) + "\r\n" + NcText.goodLine(1) + "\r\n";
    assertEquals(1, run(text).accepted().size());
  }

  @Test
  void malformedHeaderRefuses() throws Exception {
    String text = "\"county_id\t" + String.join("\t", cols("2022").subList(1, 67)) + "\r\n";
    Ingests.refused(NC, dir, "nc.txt", latin1(text), "header (line 1) is malformed");
  }

  @Test
  void headerWithNoLineBreakWithinTheLimit() throws Exception {
    Ingests.refused(NC, dir, "nc.txt", latin1("x".repeat(200_000)), "no line break");
  }

  @Test
  void vintagesAreDetectedFromTheHeader() throws Exception {
    for (String v : List.of("2026", "2022", "pre-2022", "2018")) {
      LocalIngest.Result r = Ingests.run(NC, dir, "nc-" + v + ".txt", latin1(file(cols(v), 2)));
      assertEquals(v, r.files().get(0).binding().vintage());
      assertEquals(2, r.accepted().size(), v);
      Object[] d = r.accepted().get(0).data();
      assertEquals(44, d[12], "age via alias in " + v);
      assertEquals(1980, d[11]);
      assertEquals("Q", r.accepted().get(0).pii()[3], "middle name via alias in " + v);
    }
  }

  @Test
  void aHeaderRepeatedInsideTheFileIsRejected() throws Exception {
    String h = line(cols("2022"));
    LocalIngest.Result r =
        run(h + "\r\n" + NcText.goodLine(1) + "\r\n" + h + "\r\n" + NcText.goodLine(2) + "\r\n");
    Ingests.onlyReject(r, RejectReason.REPEATED_HEADER, 3);
    assertEquals(2, r.accepted().size());
  }
}
