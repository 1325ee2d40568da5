package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rollaudit.ingest.NcText.NC;
import static org.rollaudit.ingest.NcText.file2022;
import static org.rollaudit.ingest.NcText.goodLine;
import static org.rollaudit.ingest.NcText.latin1;
import static org.rollaudit.ingest.NcText.lineWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key cases: empty, whitespace-only, duplicates within and across files. */
class KeyCasesTest {
  @TempDir Path dir;

  private LocalIngest.Result nc(String text) throws Exception {
    return Ingests.run(NC, dir, "nc.txt", latin1(text));
  }

  @Test
  void emptyKey() throws Exception {
    Reject x =
        Ingests.onlyReject(
            nc(file2022(1) + lineWith(2, "ncid", "") + "\r\n"), RejectReason.EMPTY_KEY, 3);
    assertEquals(4, x.column());
    assertEquals("ncid", x.columnName());
  }

  @Test
  void whitespaceOnlyKey() throws Exception {
    Ingests.onlyReject(
        nc(file2022(1) + lineWith(2, "ncid", "   ") + "\r\n"), RejectReason.WHITESPACE_ONLY_KEY, 3);
  }

  @Test
  void tabOnlyKey() throws Exception {
    Ingests.onlyReject(
        nc(file2022(1) + lineWith(2, "ncid", "\t") + "\r\n"), RejectReason.WHITESPACE_ONLY_KEY, 3);
  }

  @Test
  void paddedKeyIsTrimmed() throws Exception {
    assertEquals(
        "TST9", nc(file2022(0) + lineWith(1, "ncid", " TST9 ") + "\r\n").accepted().get(0).key());
  }

  @Test
  void duplicateKeysRejectEveryCopy() throws Exception {
    LocalIngest.Result r = nc(file2022(3) + goodLine(2) + "\r\n");
    assertEquals(2, r.accepted().size());
    assertEquals(2, r.rejects().size());
    for (Reject x : r.rejects()) {
      assertEquals(RejectReason.DUPLICATE_KEY, x.reason());
      assertEquals("TST2", x.key());
      assertTrue(x.message().contains("2 times"), x.message());
      assertTrue(x.raw().contains("TST2"), x.raw());
    }
    assertEquals(List.of(3L, 5L), r.rejects().stream().map(Reject::line).toList());
    assertEquals(2L, r.ledger().get(0).rejectsByReason().get("DUPLICATE_KEY"));
  }

  @Test
  void keysDifferingOnlyByPaddingAreDuplicates() throws Exception {
    LocalIngest.Result r = nc(file2022(1) + lineWith(1, "ncid", "TST1 ") + "\r\n");
    assertEquals(2, r.rejected(RejectReason.DUPLICATE_KEY));
  }

  @Test
  void keysDifferingByCaseAreNotDuplicates() throws Exception {
    assertEquals(
        2,
        nc(file2022(0) + lineWith(1, "ncid", "tst1") + "\r\n" + goodLine(1) + "\r\n")
            .accepted()
            .size());
  }

  @Test
  void duplicateOfARejectedRecordStillFlagsTheAcceptedCopy() throws Exception {
    // TST2 once with a bad date, once fine: no arbitrary choice, the fine copy is rejected too.
    LocalIngest.Result r =
        nc(
            file2022(2)
                + NcText.line(NcText.row(NcText.cols2022(), 2, Map.of("registr_dt", "02/30/2020")))
                + "\r\n");
    assertEquals(1, r.rejected(RejectReason.BAD_DATE));
    assertEquals(1, r.rejected(RejectReason.DUPLICATE_KEY));
    assertEquals(1, r.accepted().size());
  }

  @Test
  void tripleDuplicateAcrossTwoFiles() throws Exception {
    Path a = NcText.write(dir, "a.txt", latin1(file2022(3) + goodLine(3) + "\r\n"));
    Path b =
        NcText.write(
            dir, "b.txt", latin1(file2022(0) + goodLine(3) + "\r\n" + goodLine(7) + "\r\n"));
    LocalIngest.Result r =
        LocalIngest.run(
            NC,
            Ingests.AS_OF,
            List.of(b.toString(), a.toString()),
            dir.resolve("st").toUri().toString(),
            1 << 20);
    Ingests.assertLedger(r);
    assertEquals(3, r.rejected(RejectReason.DUPLICATE_KEY));
    assertTrue(r.rejects().stream().allMatch(x -> x.message().contains("3 times")));
    // Files are indexed by name, whatever the command-line order.
    assertEquals("a.txt", r.files().get(0).name());
    assertEquals(2, r.ledger().get(0).rejected());
    assertEquals(1, r.ledger().get(1).rejected());
    assertEquals(3, r.accepted().size());
    assertTrue(Files.exists(a));
  }
}
