package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rollaudit.ingest.NcText.NC;
import static org.rollaudit.ingest.NcText.file2022;
import static org.rollaudit.ingest.NcText.goodLine;
import static org.rollaudit.ingest.NcText.latin1;
import static org.rollaudit.ingest.NcText.line;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.layout.Layout;

/** Encoding cases: each asserts the reason, the line and (through {@link Ingests}) the ledger. */
class EncodingCasesTest {
  @TempDir Path dir;

  static final Layout GENERIC = NcText.GENERIC;
  static final String GEN_HEADER =
      "VoterID,County,Status,Race,BirthYear,RegDate,LastName,FirstName,Address,Exempt,BirthDate";

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String genRow(String id) {
    return id + ",1,ACT,5,1980,2010-01-15,Tester,Alex,1 Fiction St,N,1980-02-03";
  }

  private LocalIngest.Result generic(byte[] bytes) throws Exception {
    return Ingests.run(GENERIC, dir, "g.csv", bytes);
  }

  @Test
  void invalidUtf8IsRejectedNotReplaced() throws Exception {
    byte[] b =
        concat(
            utf8(GEN_HEADER + "\n" + genRow("V1") + "\nV2,1,ACT,5,1980,2010-01-15,T"),
            new byte[] {(byte) 0xC3, 0x28},
            utf8(",Alex,1 St,N,x\n"));
    LocalIngest.Result r = generic(b);
    Reject x = Ingests.onlyReject(r, RejectReason.ENCODING, 3);
    assertEquals(7, x.column());
    assertEquals("LastName", x.columnName());
    assertTrue(x.raw().contains("\\xc3("), x.raw());
    assertEquals(1, r.accepted().size());
  }

  @Test
  void overlongUtf8FormIsInvalid() throws Exception {
    byte[] b =
        concat(
            utf8(GEN_HEADER + "\nV1,1,ACT,5,1980,2010-01-15,"),
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            utf8(",A,B,N,x\n"));
    Ingests.onlyReject(generic(b), RejectReason.ENCODING, 2);
  }

  @Test
  void encodedSurrogateIsInvalid() throws Exception {
    byte[] b =
        concat(
            utf8(GEN_HEADER + "\nV1,1,ACT,5,1980,2010-01-15,"),
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            utf8(",A,B,N,x\n"));
    Ingests.onlyReject(generic(b), RejectReason.ENCODING, 2);
  }

  @Test
  void truncatedMultibyteAtEndOfRecord() throws Exception {
    byte[] b =
        concat(
            utf8(GEN_HEADER + "\n" + genRow("V1")),
            new byte[] {(byte) 0xE2, (byte) 0x82},
            utf8("\n" + genRow("V2") + "\n"));
    Ingests.onlyReject(generic(b), RejectReason.ENCODING, 2);
  }

  @Test
  void validUtf8IsAcceptedAndNormalisedInFingerprints() throws Exception {
    LocalIngest.Result r =
        generic(
            utf8(
                GEN_HEADER
                    + "\nV1,1,ACT,5,1980,2010-01-15,Zoë,"
                    + "José,1 St,N,x\nV2,1,ACT,5,1980,2010-01-15,ZOE,JOSE,1 St,N,x\n"));
    assertEquals(2, r.accepted().size());
    assertEquals("Zoë", r.accepted().get(0).pii()[1]);
    assertEquals(r.accepted().get(0).data()[15], r.accepted().get(1).data()[15]);
  }

  @Test
  void utf8BomInUtf8LayoutIsStrippedAndRecorded() throws Exception {
    LocalIngest.Result r =
        generic(
            concat(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                utf8(GEN_HEADER + "\n" + genRow("V1") + "\n")));
    assertEquals("UTF-8", r.files().get(0).bom());
    assertEquals(1, r.accepted().size());
    assertEquals("V1", r.accepted().get(0).key());
  }

  @Test
  void bomInsideTheFileIsAnEncodingReject() throws Exception {
    // Two files concatenated with cat: the second BOM lands at the start of a record.
    byte[] b =
        concat(
            utf8(GEN_HEADER + "\n" + genRow("V1") + "\n"),
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            utf8(genRow("V2") + "\n"));
    Reject x = Ingests.onlyReject(generic(b), RejectReason.ENCODING, 3);
    assertEquals(1, x.column());
  }

  @Test
  void utf8BomInLatin1LayoutRefusesTheFile() throws Exception {
    byte[] b = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, latin1(file2022(2)));
    Ingests.refused(
        NC,
        dir,
        "nc.txt",
        b,
        "nc.txt",
        "UTF-8 text (byte-order mark)",
        "accepts only [ISO-8859-1]");
  }

  @Test
  void utf16BomInLatin1LayoutRefusesTheFile() throws Exception {
    byte[] b =
        concat(
            new byte[] {(byte) 0xFF, (byte) 0xFE}, file2022(1).getBytes(StandardCharsets.UTF_16LE));
    Ingests.refused(NC, dir, "nc.txt", b, "UTF-16LE text (byte-order mark)");
  }

  @Test
  void utf32BomIsRefused() throws Exception {
    byte[] b = concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, utf8(GEN_HEADER));
    Ingests.refused(GENERIC, dir, "g.csv", b, "UTF-32");
  }

  @Test
  void nulByteIsAControlChar() throws Exception {
    String bad = NcText.lineWith(2, "last_name", "TES\0TER");
    Reject x =
        Ingests.onlyReject(
            Ingests.run(
                NC, dir, "nc.txt", latin1(file2022(1) + bad + "\r\n" + goodLine(3) + "\r\n")),
            RejectReason.CONTROL_CHAR,
            3);
    assertEquals("last_name", x.columnName());
    assertTrue(x.message().contains("0x00"), x.message());
    assertTrue(x.raw().contains("TES\\x00TER"), x.raw());
  }

  @Test
  void c0ControlAndDelAreRejected() throws Exception {
    LocalIngest.Result r =
        Ingests.run(
            NC,
            dir,
            "nc.txt",
            latin1(
                file2022(1)
                    + NcText.lineWith(2, "first_name", "A\u0007B")
                    + "\r\n"
                    + NcText.lineWith(3, "first_name", "A\u007fB")
                    + "\r\n"));
    assertEquals(2, r.rejected(RejectReason.CONTROL_CHAR));
    assertEquals(3, r.rejects().get(0).line());
    assertEquals(4, r.rejects().get(1).line());
  }

  @Test
  void bareCarriageReturnIsAControlChar() throws Exception {
    Reject x =
        Ingests.onlyReject(
            Ingests.run(
                NC,
                dir,
                "nc.txt",
                latin1(file2022(1) + NcText.lineWith(2, "res_city_desc", "A\rB") + "\r\n")),
            RejectReason.CONTROL_CHAR,
            3);
    assertEquals("res_city_desc", x.columnName());
  }

  @Test
  void mixedLineEndingsAreAcceptedAndWarned() throws Exception {
    String text =
        line(NcText.cols2022())
            + "\r\n"
            + goodLine(1)
            + "\n"
            + goodLine(2)
            + "\r\n"
            + goodLine(3)
            + "\n";
    LocalIngest.Result r = Ingests.run(NC, dir, "nc.txt", latin1(text));
    assertEquals(3, r.accepted().size());
    CheckedFile.Warning w = r.files().get(0).warnings().get("MIXED_LINE_ENDINGS");
    assertEquals(4, w.count());
  }

  @Test
  void c1BytesAndMojibakeAreWarnedNotRejected() throws Exception {
    // "JOSÉ" written as UTF-8 bytes in a Latin-1 file: C3 89 (0x89 is a C1 byte).
    byte[] b =
        concat(latin1(file2022(1)), latin1(NcText.lineWith(2, "first_name", "JOS")), new byte[0]);
    String row = NcText.lineWith(2, "first_name", "JOS\u00c3\u0089");
    LocalIngest.Result r = Ingests.run(NC, dir, "nc.txt", latin1(file2022(1) + row + "\r\n"));
    assertEquals(2, r.accepted().size());
    CheckedFile f = r.files().get(0);
    assertEquals(1, f.warnings().get("C1_BYTES").count());
    assertEquals(3, f.warnings().get("C1_BYTES").firstLine());
    assertEquals(1, f.warnings().get("LIKELY_MOJIBAKE").count());
    assertTrue(b.length > 0);
  }

  @Test
  void latin1HighBytesAreNames() throws Exception {
    LocalIngest.Result r =
        Ingests.run(
            NC,
            dir,
            "nc.txt",
            latin1(file2022(0) + NcText.lineWith(1, "last_name", "NU\u00d1EZ \u00bd") + "\r\n"));
    assertEquals("NU\u00d1EZ \u00bd", r.accepted().get(0).pii()[1]);
    assertTrue(r.files().get(0).warnings().isEmpty(), r.files().get(0).warnings()::toString);
  }
}
