package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rollaudit.ingest.EncodingCasesTest.GEN_HEADER;
import static org.rollaudit.ingest.EncodingCasesTest.concat;
import static org.rollaudit.ingest.EncodingCasesTest.genRow;
import static org.rollaudit.ingest.EncodingCasesTest.utf8;
import static org.rollaudit.ingest.NcText.VR;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NC VR_Snapshot (UTF-16 detection, as-of check, composed address) and a generic mapping. */
class LayoutCasesTest {
  @TempDir Path dir;

  private static final List<String> VR_COLS = NcText.columns(VR, "2021");

  /** VR text: tab-separated, unquoted, CRLF. */
  private static String vr(int rows, Map<String, String> last) {
    StringBuilder sb = new StringBuilder(String.join("\t", VR_COLS)).append("\r\n");
    for (int i = 1; i <= rows; i++) {
      sb.append(String.join("\t", NcText.row(VR_COLS, i, i == rows ? last : Map.of())))
          .append("\r\n");
    }
    return sb.toString();
  }

  private static byte[] utf16le(String s, boolean bom) {
    byte[] b = s.getBytes(StandardCharsets.UTF_16LE);
    return bom ? concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, b) : b;
  }

  @Test
  void vrSnapshotUtf16LeWithBom() throws Exception {
    LocalIngest.Result r =
        Ingests.run(
            VR,
            dir,
            "VR_Snapshot_20240106.txt",
            utf16le(
                vr(
                    3,
                    Map.of(
                        "cancellation_dt",
                        "2023-11-30",
                        "status_cd",
                        "R",
                        "last_name",
                        "M\u00dcLLER",
                        "unit_num",
                        "4B")),
                true));
    CheckedFile f = r.files().get(0);
    assertEquals("UTF-16LE", f.encoding());
    assertEquals("UTF-16LE", f.bom());
    assertTrue(f.staged());
    assertEquals(3, r.accepted().size());
    Object[] d = r.accepted().get(2).data();
    assertNull(d[11], "no birth_year in VR_Snapshot");
    assertEquals(44, d[12]);
    assertEquals(Date.valueOf("2023-11-30"), d[6]);
    Object[] p = r.accepted().get(2).pii();
    assertEquals("M\u00dcLLER", p[1]);
    assertEquals("1 FICTION ST 4B", p[5]);
  }

  @Test
  void vrSnapshotUtf16WithoutBomIsDetectedByPattern() throws Exception {
    LocalIngest.Result r = Ingests.run(VR, dir, "vr.txt", utf16le(vr(2, Map.of()), false));
    assertEquals("UTF-16LE", r.files().get(0).encoding());
    assertEquals("none", r.files().get(0).bom());
    assertEquals(2, r.accepted().size());
  }

  @Test
  void vrSnapshotBigEndian() throws Exception {
    byte[] b =
        concat(
            new byte[] {(byte) 0xFE, (byte) 0xFF},
            vr(2, Map.of()).getBytes(StandardCharsets.UTF_16BE));
    assertEquals(2, Ingests.run(VR, dir, "vr.txt", b).accepted().size());
  }

  @Test
  void vrSnapshotWithoutBomFallsBackToLatin1() throws Exception {
    LocalIngest.Result r =
        Ingests.run(VR, dir, "vr.txt", vr(2, Map.of()).getBytes(StandardCharsets.ISO_8859_1));
    assertEquals("ISO-8859-1", r.files().get(0).encoding());
    assertEquals(2, r.accepted().size());
  }

  @Test
  void vrSnapshotDateMustEqualAsOf() throws Exception {
    Reject x =
        Ingests.onlyReject(
            Ingests.run(
                VR, dir, "vr.txt", utf16le(vr(3, Map.of("snapshot_dt", "2024-01-13")), true)),
            RejectReason.AS_OF_MISMATCH,
            4);
    assertEquals("snapshot_dt", x.columnName());
  }

  @Test
  void vrSnapshotAcceptsBothDateForms() throws Exception {
    LocalIngest.Result r =
        Ingests.run(
            VR,
            dir,
            "vr.txt",
            utf16le(vr(2, Map.of("snapshot_dt", "01/06/2024", "registr_dt", "2010-01-15")), true));
    assertEquals(2, r.accepted().size());
  }

  @Test
  void malformedUtf16BecomesOneEncodingReject() throws Exception {
    String text = vr(3, Map.of());
    int at = text.indexOf("TST2");
    byte[] a = utf16le(text.substring(0, at), true);
    byte[] lone = {0x00, (byte) 0xD8}; // an unpaired high surrogate (LE)
    byte[] b = utf16le(text.substring(at), false);
    LocalIngest.Result r = Ingests.run(VR, dir, "vr.txt", concat(a, lone, b));
    Ingests.onlyReject(r, RejectReason.ENCODING, 3);
    assertEquals(1, r.files().get(0).warnings().get("UTF16_MALFORMED").count());
  }

  @Test
  void oddTrailingByteInUtf16() throws Exception {
    LocalIngest.Result r =
        Ingests.run(VR, dir, "vr.txt", concat(utf16le(vr(2, Map.of()), true), new byte[] {0x41}));
    Ingests.onlyReject(r, RejectReason.ENCODING, 4);
  }

  @Test
  void genericMappingAppliesCodeMapsAndChecks() throws Exception {
    LocalIngest.Result r =
        Ingests.run(
            NcText.GENERIC,
            dir,
            "g.csv",
            utf8(
                GEN_HEADER
                    + "\r\n"
                    + genRow("V1")
                    + "\r\n"
                    + "V2,7,INA,3,1990,2011-02-28,\"Doe, Jr\",Sam,\"2 \"\"Quoted\"\" Rd\",Y,x\r\n"
                    + "V3,7,ACT,8,1990,2011-02-28,Roe,Ann,3 Rd,N,x\r\n"
                    + "V4,7,DEL,3,1990,2011-02-28,Roe,Ann,3 Rd,N,x\r\n"));
    assertEquals(3, r.accepted().size());
    Object[] d1 = r.accepted().get(0).data();
    assertEquals("W", d1[7]);
    assertEquals(Date.valueOf("2010-01-15"), d1[13]);
    Object[] d2 = r.accepted().get(1).data();
    assertEquals("B", d2[7]);
    assertEquals(true, d2[14]);
    assertEquals("Doe, Jr", r.accepted().get(1).pii()[1]);
    assertEquals("2 \"Quoted\" Rd", r.accepted().get(1).pii()[5]);
    assertEquals("8", r.accepted().get(2).data()[7]);
    assertEquals(1L, r.tallies().get(0).warnings().get("UNKNOWN_CODE Race=8"));
    Reject x = Ingests.onlyReject(r, RejectReason.BAD_CODE, 5);
    assertEquals("Status", x.columnName());
  }

  @Test
  void genericMappingNeedsItsColumns() throws Exception {
    Ingests.refused(
        NcText.GENERIC,
        dir,
        "g.csv",
        utf8("VoterID,County\r\nV1,1\r\n"),
        "Missing for its mapping",
        "Status");
  }
}
