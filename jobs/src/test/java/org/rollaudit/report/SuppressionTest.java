package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rollaudit.report.Suppression.Mark.COMPLEMENT;
import static org.rollaudit.report.Suppression.Mark.SHOWN;
import static org.rollaudit.report.Suppression.Mark.SMALL;

import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class SuppressionTest {

  @Test
  void oneSmallCellGetsAComplement() {
    assertEquals(List.of(SHOWN, COMPLEMENT, SMALL), Suppression.partition(List.of(70L, 45L, 5L)));
  }

  @Test
  void zeroIsShownAndTwoSmallCellsNeedNoComplement() {
    assertEquals(
        List.of(SHOWN, SMALL, SMALL, SHOWN), Suppression.partition(List.of(0L, 3L, 7L, 50L)));
  }

  @Test
  void smallCellsForcedByTheirSumGetAComplement() {
    // 1 + 1: the reader would know both are 1.
    assertEquals(
        List.of(SMALL, SMALL, COMPLEMENT, SHOWN), Suppression.partition(List.of(1L, 1L, 20L, 30L)));
    // 10 + 10: both would be 10.
    assertEquals(List.of(SMALL, SMALL, COMPLEMENT), Suppression.partition(List.of(10L, 10L, 11L)));
  }

  @Test
  void pinnedCellsAreNeverTheComplement() {
    boolean[] pinned = {true, false, false};
    assertEquals(
        List.of(SHOWN, COMPLEMENT, SMALL), Suppression.partition(List.of(12L, 400L, 4L), pinned));
  }

  @Test
  void nothingToHideNothingHidden() {
    assertEquals(List.of(SHOWN, SHOWN), Suppression.partition(List.of(11L, 0L)));
    assertEquals("<11", Suppression.text(4, SMALL));
    assertEquals("\u2020", Suppression.text(400, COMPLEMENT));
    assertEquals("1,204", Suppression.text(1204, SHOWN));
  }

  @Test
  void publicReportTablesShowNoCountFromOneToTenAndMarkComplements() {
    Document doc = Jsoup.parse(HtmlReport.write(Fixtures.sample("public"), Optional.empty()));
    int small = 0;
    int complement = 0;
    for (Element td : doc.select("table.rates td.num, table.reasons td.num, table.counts td.num")) {
      String t = td.text().replace(",", "");
      if (t.matches("\\d+")) {
        long v = Long.parseLong(t);
        assertFalse(v >= 1 && v <= 10, "public cell of 1 to 10: " + td.outerHtml());
      }
      small += t.equals("<11") ? 1 : 0;
      complement += t.equals("\u2020") ? 1 : 0;
    }
    assertTrue(small > 0, "the fixture has small cells");
    assertTrue(complement > 0, "and complementary suppression");
    assertTrue(
        doc.text().contains("this count may be 11 or more"), "footnote for the complement marker");
    // Chart labels too: every SVG text that is a bare count is 0 or at least 11.
    for (Element text : doc.select("svg text")) {
      String t = text.text().replace(",", "");
      if (t.matches("\\d+")) {
        long v = Long.parseLong(t);
        assertFalse(v >= 1 && v <= 10, "chart label of 1 to 10: " + text.outerHtml());
      }
    }
  }

  @Test
  void restrictedReportShowsExactCounts() {
    Document doc = Jsoup.parse(HtmlReport.write(Fixtures.sample("restricted"), Optional.empty()));
    for (Element td : doc.select("table.rates td.num, table.reasons td.num")) {
      assertFalse(td.text().equals("<11") || td.text().equals("\u2020"), td.outerHtml());
    }
    assertTrue(doc.select(".running-header").text().startsWith("RESTRICTED"));
  }
}
