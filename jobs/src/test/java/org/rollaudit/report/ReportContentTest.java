package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.temporal.ChronoUnit;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.rules.ErrorRates;

/**
 * T9: every item reliability.md §6 asks of the report is there, in the HTML and on every PDF page.
 */
class ReportContentTest {

  @Test
  void everySectionIsPresent() {
    AuditResult r = Fixtures.sample("public");
    Document doc = Jsoup.parse(HtmlReport.write(r, Optional.of(Bundles.key().fingerprint())));
    for (String id :
        List.of(
            "compared",
            "found",
            "sure",
            "cannot",
            "F-0001",
            "F-0002",
            "F-0003",
            "F-0004",
            "overview",
            "method",
            "limitations",
            "error-rates",
            "inputs",
            "reproduce",
            "certification")) {
      assertNotNull(doc.getElementById(id), "section #" + id);
    }
    assertTrue(
        doc.select(".running-footer").text().contains(r.runId()), "run id in the running footer");
    assertTrue(
        doc.select("#F-0001 svg").size() == 1 && doc.select("#overview svg").size() >= 3, "charts");
    String reproduce = doc.getElementById("reproduce").text();
    assertTrue(reproduce.contains("sha256sum -c --strict SHA256SUMS"));
    assertTrue(
        reproduce.contains(
            "openssl pkeyutl -verify -pubin -inkey signer.pub -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig"));
    assertTrue(reproduce.contains(Bundles.key().fingerprint()));
    assertTrue(reproduce.contains(r.reproduce().get(0)));
    assertTrue(
        doc.getElementById("error-rates").parent().text().contains("Error rates not yet measured"));
    String cert = doc.getElementById("certification").text();
    assertTrue(
        cert.contains("902(13)")
            && cert.contains("The software does not sign it")
            && cert.contains(r.runId()));
    String inputs = doc.getElementById("inputs").text();
    assertTrue(inputs.contains(r.inputs().get(0).sha256()) && inputs.contains("BAD_DATE"));
    String method = doc.getElementById("method").text();
    assertTrue(method.contains("rate_ratio_min") && method.contains("csv-formula-guard/1"));
    assertFalse(doc.text().contains("unlawful violation"), "facts, not legal conclusions");
  }

  @Test
  void measuredErrorRatesAreShownWhenTheMethodHasThem() {
    AuditResult r = Fixtures.sample("public");
    LinkedHashMap<String, Object> method = new LinkedHashMap<>(r.method());
    method.put("error_rates", Map.of("false_positive_rate", 0.0041, "simulations", 1000));
    AuditResult withRates = withMethod(r, method);
    String text = Jsoup.parse(HtmlReport.write(withRates, Optional.empty())).text();
    assertTrue(text.contains("false_positive_rate 0.0041"), text);
    assertFalse(text.contains("Error rates not yet measured"));
  }

  /** The same result with another method.json content. */
  private static AuditResult withMethod(AuditResult r, LinkedHashMap<String, Object> method) {
    return new AuditResult(
        r.runId(),
        r.software(),
        r.disclosure(),
        r.baseline(),
        r.current(),
        r.counts(),
        r.findings(),
        r.inputs(),
        method,
        r.metrics(),
        r.reproduce());
  }

  @Test
  void firstPageSaysWhichRulesHaveMeasuredErrorRates() {
    AuditResult r = Fixtures.sample("public");
    LinkedHashMap<String, Object> method = new LinkedHashMap<>(r.method());
    LinkedHashMap<String, Object> byRule = new LinkedHashMap<>();
    byRule.put("mass-deletion-county", "yes: " + ErrorRates.MEASURED);
    byRule.put("removal-skew", "yes: " + ErrorRates.MEASURED);
    byRule.put("nvra-quiet-period", "no: " + ErrorRates.NOT_MEASURED);
    byRule.put(
        "same-day-batch-county", "no: measured with other parameters (entry digest a, this run b)");
    method.put("error_rates", Map.of("applies_by_rule", byRule));
    AuditResult withRates = withMethod(r, method);
    Document doc = Jsoup.parse(HtmlReport.write(withRates, Optional.empty()));
    String sure = doc.getElementById("sure").parent().text();
    assertTrue(
        sure.contains(
            "with exactly the parameters of this audit: mass-deletion-county, removal-skew."),
        sure);
    assertTrue(sure.contains("Not measured yet: nvra-quiet-period;"), sure);
    assertTrue(
        sure.contains("so the figures do not apply to this audit: same-day-batch-county."), sure);
  }

  @Test
  void firstPageSaysWhenTheAuditsIntervalIsNotTheMeasuredOne() {
    AuditResult r = Fixtures.sample("public");
    long days = ChronoUnit.DAYS.between(r.baseline().asOf(), r.current().asOf());
    for (long measured : List.of(days, 7 * days)) {
      String sure = howSure(r, measuredOn(r, measured));
      String caveat =
          "The false alarms were measured on "
              + measured
              + "-day intervals, and this audit\u2019s interval is "
              + days
              + " days long";
      assertEquals(measured != days, sure.contains(caveat), sure);
    }
    // A timeline: each interval's length, from method.json's timeline block.
    LinkedHashMap<String, Object> method = measuredOn(r, 28);
    method.put(
        "timeline",
        Map.of("intervals", List.of(Map.of("days", 7L), Map.of("days", 14L), Map.of("days", 7L))));
    String sure = howSure(r, method);
    assertTrue(sure.contains("this audit\u2019s intervals are 7, 14 days long"), sure);
  }

  /** The method of {@code r} with error rates measured on intervals of {@code days}. */
  private static LinkedHashMap<String, Object> measuredOn(AuditResult r, long days) {
    LinkedHashMap<String, Object> method = new LinkedHashMap<>(r.method());
    method.put(
        "error_rates",
        Map.of(
            "applies_by_rule",
            Map.of("mass-deletion-county", "yes: " + ErrorRates.MEASURED),
            "false_alarms_per_clean_audit",
            Map.of("interval_days", days)));
    return method;
  }

  /** The first page's "How sure we are" of {@code r} with another method. */
  private static String howSure(AuditResult r, LinkedHashMap<String, Object> method) {
    return Jsoup.parse(HtmlReport.write(withMethod(r, method), Optional.empty()))
        .getElementById("sure")
        .parent()
        .text();
  }

  @Test
  void everyPdfPageCarriesTheRunIdRestrictedMarkAndPageNumber() throws Exception {
    AuditResult r = Fixtures.sample("restricted");
    byte[] pdf =
        PdfRenderer.render(
            HtmlReport.write(r, Optional.empty()), r.runId(), r.current().asOf(), r.software());
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      int pages = doc.getNumberOfPages();
      assertTrue(pages > 5);
      PDFTextStripper text = new PDFTextStripper();
      for (int i = 1; i <= pages; i++) {
        text.setStartPage(i);
        text.setEndPage(i);
        String page = text.getText(doc);
        assertTrue(page.contains(r.runId()), "run id on page " + i);
        assertTrue(page.contains("RESTRICTED"), "RESTRICTED on page " + i);
        assertTrue(page.contains("Page " + i + " of " + pages), "page number on page " + i);
      }
      for (PDPage page : doc.getPages()) {
        for (COSName name : page.getResources().getFontNames()) {
          PDFont font = page.getResources().getFont(name);
          assertTrue(font.isEmbedded() && font.getName().contains("DejaVuSans"), font.getName());
        }
      }
      Calendar created = doc.getDocumentInformation().getCreationDate();
      created.setTimeZone(TimeZone.getTimeZone("UTC"));
      assertEquals(2024, created.get(Calendar.YEAR));
      assertEquals(Calendar.FEBRUARY, created.get(Calendar.MONTH));
      assertEquals(3, created.get(Calendar.DAY_OF_MONTH));
      assertEquals(0, created.get(Calendar.HOUR_OF_DAY));
      assertEquals(r.software(), doc.getDocumentInformation().getProducer());
      COSArray id = doc.getDocument().getTrailer().getCOSArray(COSName.ID);
      assertArrayEquals(((COSString) id.get(0)).getBytes(), ((COSString) id.get(1)).getBytes());
      assertEquals(16, ((COSString) id.get(0)).getBytes().length);
    }
  }
}
