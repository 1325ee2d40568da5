package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clean file gives exactly the expected canonical rows, whatever the split size. */
class SmokeTest {
  @TempDir Path dir;

  @Test
  void goodFileAllAcceptedWithCanonicalValues() throws Exception {
    LocalIngest.Result r =
        Ingests.run(NcText.NC, dir, "a.txt", NcText.latin1(NcText.file2022(50)), 2000);
    assertEquals(50, r.accepted().size());
    assertEquals(0, r.rejects().size());
    assertTrue(r.files().get(0).splits().size() > 5);
    Object[] d = r.accepted().get(0).data();
    assertArrayEquals(
        new Object[] {
          "TST1",
          "1",
          "ALAMANCE",
          "01",
          "A",
          "AV",
          null,
          "W",
          "NL",
          "F",
          "DEM",
          1980,
          44,
          Date.valueOf("2010-01-15"),
          false
        },
        java.util.Arrays.copyOf(d, 15));
    assertEquals(0, d[17]);
    assertEquals(2L, d[18]);
    assertArrayEquals(
        new Object[] {
          "TST1", "TESTER", "ALEX", "Q", null, "1 FICTION ST", "NOWHERE", "27000", null
        },
        r.accepted().get(0).pii());
  }
}
