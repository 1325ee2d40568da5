package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rollaudit.ingest.EncodingCasesTest.GEN_HEADER;
import static org.rollaudit.ingest.EncodingCasesTest.genRow;
import static org.rollaudit.ingest.EncodingCasesTest.utf8;
import static org.rollaudit.ingest.NcText.NC;
import static org.rollaudit.ingest.NcText.file2022;
import static org.rollaudit.ingest.NcText.goodLine;
import static org.rollaudit.ingest.NcText.latin1;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Structure cases: quotes, widths, newlines, delimiters, lengths, blank lines. */
class StructureCasesTest {
  @TempDir Path dir;

  private LocalIngest.Result nc(String text) throws Exception {
    return Ingests.run(NC, dir, "nc.txt", latin1(text));
  }

  /** A 2022 row with one raw (unquoted-by-us) field text substituted at {@code col}. */
  private static String rawField(int n, String col, String raw) {
    List<String> v = NcText.row(NcText.cols2022(), n, Map.of());
    String l = NcText.line(v);
    String[] parts = l.split("\t", -1);
    parts[NcText.cols2022().indexOf(col)] = raw;
    return String.join("\t", parts);
  }

  @Test
  void quoteNeverClosed() throws Exception {
    Reject x =
        Ingests.onlyReject(
            nc(file2022(1) + rawField(2, "vtd_desc", "\"X") + "\r\n" + goodLine(3) + "\r\n"),
            RejectReason.UNBALANCED_QUOTE,
            3);
    assertEquals("vtd_desc", x.columnName());
    assertTrue(x.message().contains("never closed"), x.message());
  }

  @Test
  void openQuoteSwallowingTheNextDelimiter() throws Exception {
    // "TESTER<tab>"ALEX": the next field's opening quote closes this one, then text follows.
    Reject x =
        Ingests.onlyReject(
            nc(file2022(1) + rawField(2, "last_name", "\"TESTER") + "\r\n"),
            RejectReason.UNBALANCED_QUOTE,
            3);
    assertEquals("last_name", x.columnName());
  }

  @Test
  void textAfterClosingQuote() throws Exception {
    Reject x =
        Ingests.onlyReject(
            nc(file2022(1) + rawField(2, "first_name", "\"AL\"EX\"") + "\r\n"),
            RejectReason.UNBALANCED_QUOTE,
            3);
    assertTrue(x.message().contains("follows the closing quote"), x.message());
  }

  @Test
  void quoteInsideUnquotedField() throws Exception {
    Reject x =
        Ingests.onlyReject(
            nc(file2022(1) + rawField(2, "first_name", "AL\"EX") + "\r\n"),
            RejectReason.UNBALANCED_QUOTE,
            3);
    assertTrue(x.message().contains("unquoted"), x.message());
  }

  @Test
  void doubledQuotesAreOneQuote() throws Exception {
    LocalIngest.Result r = nc(file2022(0) + NcText.lineWith(1, "last_name", "O\"NEIL") + "\r\n");
    assertEquals("O\"NEIL", r.accepted().get(0).pii()[1]);
  }

  @Test
  void trailingBackslashDoesNotEscapeTheQuote() throws Exception {
    // With escape = quote (RFC 4180), a backslash is data; Spark's default escape='\\' would
    // swallow the closing quote and merge two fields.
    LocalIngest.Result r = nc(file2022(0) + NcText.lineWith(1, "last_name", "TESTER\\") + "\r\n");
    assertEquals(1, r.accepted().size());
    assertEquals("TESTER\\", r.accepted().get(0).pii()[1]);
  }

  @Test
  void tooFewFields() throws Exception {
    String l = goodLine(2);
    String cut = l.substring(0, l.lastIndexOf('\t'));
    Reject x = Ingests.onlyReject(nc(file2022(1) + cut + "\r\n"), RejectReason.FIELD_COUNT, 3);
    assertEquals(67, x.column());
    assertEquals("vtd_desc", x.columnName());
    assertEquals("expected 67 fields, found 66", x.message());
  }

  @Test
  void tooManyFields() throws Exception {
    Reject x =
        Ingests.onlyReject(
            nc(file2022(1) + goodLine(2) + "\t\"X\"\r\n"), RejectReason.FIELD_COUNT, 3);
    assertEquals(68, x.column());
    assertEquals("expected 67 fields, found 68", x.message());
  }

  @Test
  void trailingDelimiterIsOneMoreField() throws Exception {
    Ingests.onlyReject(nc(file2022(1) + goodLine(2) + "\t\r\n"), RejectReason.FIELD_COUNT, 3);
  }

  @Test
  void hugeFieldCountStopsAtTheLimit() throws Exception {
    String many = goodLine(2) + "\t\"\"".repeat(400);
    Reject x = Ingests.onlyReject(nc(file2022(1) + many + "\r\n"), RejectReason.FIELD_COUNT, 3);
    assertTrue(x.message().contains("more than 256"), x.message());
  }

  @Test
  void embeddedNewlineInNonMultilineLayoutBreaksTwoRecords() throws Exception {
    // NC is one record per line: a quoted newline leaves two halves, both rejected, both counted.
    String row = NcText.lineWith(2, "res_street_address", "1 FICTION\nST");
    LocalIngest.Result r = nc(file2022(1) + row + "\r\n" + goodLine(3) + "\r\n");
    assertEquals(2, r.rejects().size());
    assertEquals(RejectReason.UNBALANCED_QUOTE, r.rejects().get(0).reason());
    assertEquals(3, r.rejects().get(0).line());
    assertEquals(RejectReason.UNBALANCED_QUOTE, r.rejects().get(1).reason());
    assertEquals(4, r.rejects().get(1).line());
    assertEquals(5, r.ledger().get(0).records());
    assertEquals(2, r.accepted().size());
  }

  @Test
  void embeddedNewlineInMultilineLayoutIsOneRecord() throws Exception {
    LocalIngest.Result r =
        Ingests.run(
            NcText.GENERIC,
            dir,
            "g.csv",
            utf8(
                GEN_HEADER
                    + "\n"
                    + "V1,1,ACT,5,1980,2010-01-15,Tester,Alex,\"1 Fiction St\r\nApt 2\",N,x\n"
                    + genRow("V2")
                    + "\n"));
    assertEquals(2, r.accepted().size());
    assertEquals("1 Fiction St Apt 2", r.accepted().get(0).pii()[5]);
    assertEquals(4, r.accepted().get(1).line());
    assertEquals(3, r.files().get(0).records());
  }

  @Test
  void unbalancedQuoteInMultilineLayoutIsCutAtTheRecordLimit() throws Exception {
    StringBuilder sb = new StringBuilder(GEN_HEADER + "\n");
    sb.append("V1,1,ACT,5,1980,2010-01-15,\"Tester,Alex,1 St,N,x\n");
    for (int i = 2; i < 3000; i++) {
      sb.append(genRow("V" + i)).append('\n');
    }
    LocalIngest.Result r = Ingests.run(NcText.GENERIC, dir, "g.csv", utf8(sb.toString()));
    Reject first = r.rejects().get(0);
    assertEquals(RejectReason.RECORD_TOO_LONG, first.reason());
    assertEquals(2, first.line());
    assertTrue(first.raw().endsWith("[truncated]"));
    // The swallowed records are in the one reject; the rest resynchronise at the next line.
    assertEquals(1, r.rejects().size());
    assertTrue(r.accepted().size() > 2000);
  }

  @Test
  void wrongDelimiterFailsTheHeader() throws Exception {
    String csv = String.join(",", NcText.cols2022()) + "\r\n";
    Ingests.refused(NC, dir, "nc.txt", latin1(csv), "Missing for vintage");
  }

  @Test
  void recordTooLong() throws Exception {
    String big =
        NcText.lineWith(2, "mail_addr1", "X".repeat(4000))
            .replace("\"\t\"", "\"\t\"" + "Y".repeat(0));
    String longRow =
        NcText.line(
            NcText.row(
                NcText.cols2022(),
                2,
                Map.of(
                    "mail_addr1",
                    "A".repeat(4000),
                    "mail_addr2",
                    "B".repeat(4000),
                    "mail_addr3",
                    "C".repeat(4000),
                    "mail_addr4",
                    "D".repeat(4000))));
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      rows.add(longRow);
    }
    String huge = String.join("", rows); // one line of ~272 KB
    LocalIngest.Result r = nc(file2022(1) + huge + "\r\n" + goodLine(3) + "\r\n");
    Reject x = Ingests.onlyReject(r, RejectReason.RECORD_TOO_LONG, 3);
    assertTrue(x.message().contains("exceeds the layout limit of 65536"), x.message());
    assertTrue(big.length() > 4000);
  }

  @Test
  void fieldTooLong() throws Exception {
    Reject x =
        Ingests.onlyReject(
            nc(file2022(1) + NcText.lineWith(2, "mail_addr1", "A".repeat(4095)) + "\r\n"),
            RejectReason.FIELD_TOO_LONG,
            3);
    assertEquals("mail_addr1", x.columnName());
    assertTrue(x.message().contains("4097 bytes"), x.message());
  }

  @Test
  void fieldAtTheLimitIsAccepted() throws Exception {
    assertEquals(
        2,
        nc(file2022(1) + NcText.lineWith(2, "mail_addr1", "A".repeat(4094)) + "\r\n")
            .accepted()
            .size());
  }

  @Test
  void blankLinesAreCounted() throws Exception {
    LocalIngest.Result r = nc(file2022(1) + "\r\n\r\n" + goodLine(2) + "\r\n\r\n");
    assertEquals(2, r.accepted().size());
    assertEquals(3, r.ledger().get(0).blank());
    assertEquals(6, r.ledger().get(0).records());
    assertEquals(5, r.accepted().get(1).line());
  }

  @Test
  void whitespaceOnlyLineIsNotBlank() throws Exception {
    Ingests.onlyReject(nc(file2022(1) + "   \r\n"), RejectReason.FIELD_COUNT, 3);
  }

  @Test
  void missingFinalNewlineStillCounts() throws Exception {
    LocalIngest.Result r = nc(file2022(1) + goodLine(2));
    assertEquals(2, r.accepted().size());
    assertTrue(r.files().get(0).warnings().containsKey("NO_FINAL_NEWLINE"));
  }

  @Test
  void lfOnlyFileIsFine() throws Exception {
    assertEquals(3, nc(file2022(3).replace("\r\n", "\n")).accepted().size());
  }

  @Test
  void recordsSpanningManySplitsAreCountedOnce() throws Exception {
    LocalIngest.Result r = Ingests.run(NC, dir, "nc.txt", latin1(file2022(500)), 997);
    assertEquals(500, r.accepted().size());
    assertTrue(r.files().get(0).splits().size() > 100);
    assertEquals(501, r.accepted().get(499).line());
  }
}
