package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rollaudit.ingest.NcText.NC;
import static org.rollaudit.ingest.NcText.file2022;
import static org.rollaudit.ingest.NcText.latin1;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.RollAuditException;

/** Whole-file cases: empty, binary formats renamed, missing, limits. */
class FileLevelCasesTest {
  @TempDir Path dir;

  @Test
  void emptyFile() throws Exception {
    Ingests.refused(NC, dir, "nc.txt", new byte[0], "nc.txt", "empty (0 bytes)");
  }

  @Test
  void pdfRenamedToTxt() throws Exception {
    Ingests.refused(NC, dir, "nc.txt", latin1("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), "a PDF document");
  }

  @Test
  void xlsxRenamedToTxt() throws Exception {
    byte[] xlsx = new ZipBytes().add("[Content_Types].xml", latin1("<Types/>")).bytes();
    Ingests.refused(NC, dir, "nc.txt", xlsx, "a ZIP archive (or an XLSX");
  }

  @Test
  void oldXlsRenamedToTxt() throws Exception {
    byte[] ole = {
      (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0
    };
    Ingests.refused(NC, dir, "nc.txt", ole, "OLE2");
  }

  @Test
  void gzipWithoutGzExtensionIsRefused() throws Exception {
    Ingests.refused(
        NC, dir, "nc.txt", ArchiveCasesTest.gzip(latin1(file2022(1))), "gzip-compressed");
  }

  @Test
  void missingFile() {
    RollAuditException e =
        assertThrows(
            RollAuditException.class,
            () ->
                LocalIngest.run(
                    NC, Ingests.AS_OF, List.of(dir.resolve("nope.txt").toString()), null, 1 << 20));
    assertEquals(RollAuditException.INPUT, e.exitCode());
    assertTrue(e.getMessage().contains("no such file"));
  }

  @Test
  void theSameFileTwiceIsAUsageError() throws Exception {
    Path p = NcText.write(dir, "nc.txt", latin1(file2022(1)));
    RollAuditException e =
        assertThrows(
            RollAuditException.class,
            () ->
                LocalIngest.run(
                    NC, Ingests.AS_OF, List.of(p.toString(), p.toString()), null, 1 << 20));
    assertEquals(RollAuditException.USAGE, e.exitCode());
  }

  @Test
  void truncatedMidRecordStillCountsTheFragment() throws Exception {
    String text = file2022(3);
    String cut = text.substring(0, text.length() - 40);
    LocalIngest.Result r = Ingests.run(NC, dir, "nc.txt", latin1(cut));
    Ingests.onlyReject(r, RejectReason.FIELD_COUNT, 4);
    assertTrue(r.files().get(0).warnings().containsKey("NO_FINAL_NEWLINE"));
  }

  @Test
  void binaryGarbageAfterHeaderIsRejectedRecordByRecord() throws Exception {
    byte[] junk = new byte[3000];
    new java.util.Random(7).nextBytes(junk);
    LocalIngest.Result r =
        Ingests.run(NC, dir, "nc.txt", EncodingCasesTest.concat(latin1(file2022(1)), junk));
    assertEquals(1, r.accepted().size());
    assertTrue(r.rejects().size() >= 1);
    assertTrue(r.files().get(0).flagged() <= r.rejects().size());
  }

  @Test
  void tooManyRecordsIsRefusedEarly() throws Exception {
    org.rollaudit.layout.Layout small =
        org.rollaudit.layout.LayoutRegistry.standard()
            .resolve(
                NcText.write(
                        dir,
                        "small.yaml",
                        latin1(
                            "extends: generic-csv\nid: small\nversion: 1\n"
                                + "key: K\nlimits: {max_records: 3}\n"))
                    .toString());
    Ingests.refused(small, dir, "s.csv", latin1("K\n1\n2\n3\n"), "more than 3 records");
  }
}
