package org.rollaudit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Column lists per vintage, and files written in each vintage. */
class NcVintageTest {
  @TempDir Path tmp;

  @Test
  void columnCountsAndOrder() {
    assertEquals(67, NcVintage.V2022.width());
    assertEquals(70, NcVintage.V2026.width());
    assertEquals(71, NcVintage.PRE_2022.width());
    assertEquals(NcVintage.V2022.columns(), NcVintage.V2026.columns().subList(0, 67));
    assertEquals(
        List.of("hava_id_req", "ssn", "no_dl_ssn_chkbx"),
        NcVintage.V2026.columns().subList(67, 70));
    assertEquals("vtd_desc", NcVintage.PRE_2022.columns().get(70));
    assertEquals("absent_ind", NcVintage.PRE_2022.columns().get(7));
    assertTrue(NcVintage.PRE_2022.columns().contains("birth_age"));
    assertTrue(!NcVintage.PRE_2022.columns().contains("age_at_year_end"));
    for (NcVintage v : NcVintage.values()) {
      assertEquals(v.width(), new HashSet<>(v.columns()).size(), "no duplicate names");
    }
    assertEquals(NcVintage.PRE_2022, NcVintage.fromLabel("PRE-2022"));
    assertThrows(IllegalArgumentException.class, () -> NcVintage.fromLabel("2018"));
  }

  @ParameterizedTest
  @EnumSource(NcVintage.class)
  void writesEveryVintage(NcVintage vintage) throws IOException {
    GenerationResult r =
        SyntheticRoll.builder()
            .voters(1_000)
            .seed(3)
            .snapshots(1)
            .vintage(vintage)
            .build()
            .generate(tmp);
    assertTrue(r.plants().isEmpty(), "one snapshot: nothing to plant");
    NcvoterFile f = NcvoterFile.read(r.snapshots().get(0).path());
    assertEquals(vintage.columns(), f.header);
    assertEquals(1_000, f.rows.size());
    String age = vintage == NcVintage.PRE_2022 ? "birth_age" : "age_at_year_end";
    for (String[] row : f.rows) {
      assertEquals(
          2024 - Integer.parseInt(row[f.col("birth_year")]), Integer.parseInt(row[f.col(age)]));
      if (vintage == NcVintage.V2026) {
        for (String flag : List.of("hava_id_req", "ssn", "no_dl_ssn_chkbx")) {
          assertTrue(Set.of("Y", "N").contains(row[f.col(flag)]), flag);
        }
        boolean noDl = row[f.col("drivers_lic")].equals("N");
        boolean noSsn = row[f.col("ssn")].equals("N");
        assertEquals(noDl && noSsn, row[f.col("no_dl_ssn_chkbx")].equals("Y"));
      }
    }
  }
}
