package org.rollaudit.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.RollAuditException;

class HeaderMatcherTest {
  private static final Layout NC = LayoutRegistry.standard().byId("nc-ncvoter");

  private static List<String> cols(String vintage) {
    return new ArrayList<>(
        NC.vintages().stream()
            .filter(v -> v.name().equals(vintage))
            .findFirst()
            .orElseThrow()
            .columns());
  }

  private static RollAuditException refused(List<String> header, String... words) {
    RollAuditException e =
        assertThrows(RollAuditException.class, () -> HeaderMatcher.bind(NC, header, "f.txt"));
    assertEquals(RollAuditException.INPUT, e.exitCode());
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), () -> w + " not in " + e.getMessage());
    }
    return e;
  }

  @Test
  void eachVintageIsDetected() {
    for (String v : List.of("2026", "2022", "pre-2022", "2018")) {
      HeaderBinding b = HeaderMatcher.bind(NC, cols(v), "f.txt");
      assertEquals(v, b.vintage());
      assertEquals("exact", b.matchKind());
    }
  }

  @Test
  void aliasesBindByName() {
    HeaderBinding pre = HeaderMatcher.bind(NC, cols("pre-2022"), "f.txt");
    int age = NC.columns().indexOf(NC.column("age"));
    assertEquals(cols("pre-2022").indexOf("birth_age"), pre.columnIndex()[age]);
    HeaderBinding old = HeaderMatcher.bind(NC, cols("2018"), "f.txt");
    int mid = NC.columns().indexOf(NC.column("middle_name"));
    assertEquals(cols("2018").indexOf("midl_name"), old.columnIndex()[mid]);
    assertEquals(cols("2018").indexOf("Confidential_ind"), old.confidentialIndex());
  }

  @Test
  void extraColumnsAreListedAndIgnored() {
    List<String> h = cols("2022");
    h.add(5, "my_extra");
    HeaderBinding b = HeaderMatcher.bind(NC, h, "f.txt");
    assertEquals("2022", b.vintage());
    assertEquals(List.of("my_extra"), b.extras());
    assertEquals("extra-columns", b.matchKind());
  }

  @Test
  void reorderedIsAcceptedAndNoted() {
    List<String> h = cols("2022");
    Collections.swap(h, 0, 3);
    HeaderBinding b = HeaderMatcher.bind(NC, h, "f.txt");
    assertTrue(b.reordered());
    assertEquals(0, b.keyIndex());
  }

  @Test
  void missingColumnNamesItAndTheClosestName() {
    List<String> h = cols("2022");
    h.set(h.indexOf("ncid"), "NCID");
    refused(h, "Missing for vintage 2022", "ncid (closest header name: 'NCID')");
  }

  @Test
  void typoIsFound() {
    List<String> h = cols("2022");
    h.set(h.indexOf("registr_dt"), "registr_date");
    refused(h, "registr_dt (closest header name: 'registr_date')");
  }

  @Test
  void duplicateAndEmptyNamesAreRefused() {
    List<String> d = cols("2022");
    d.add("county_id");
    refused(d, "'county_id' appears twice", "columns 1 and 68");
    List<String> e = cols("2022");
    e.add("");
    refused(e, "column 68 has an empty name");
  }

  @Test
  void trailingSpaceIsNotTheSameName() {
    List<String> h = cols("2022");
    h.set(h.indexOf("status_cd"), "status_cd ");
    refused(h, "status_cd (closest header name: 'status_cd ')");
  }

  @Test
  void bothAliasesPresentIsAmbiguous() {
    List<String> h = cols("2022");
    h.add("midl_name");
    refused(h, "aliases of middle_name");
  }

  @Test
  void tooWideHeaderIsRefused() {
    List<String> h = cols("2022");
    for (int i = 0; i < 300; i++) {
      h.add("x" + i);
    }
    refused(h, "more than the layout");
  }

  @Test
  void neverExportPositionsAreKnown() {
    HeaderBinding b = HeaderMatcher.bind(NC, cols("2026"), "f.txt");
    assertEquals(4, b.neverExport().length);
    assertFalse(b.reordered());
  }
}
