package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.InputFile;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.NumberedFinding;

/** T16: XSS payloads in every data field reach the report inert (parsed with jsoup, DOM walked). */
class HtmlSafetyTest {

  static final List<String> PAYLOADS =
      List.of(
          "<script>alert(1)</script>",
          "<img src=x onerror=alert(1)>",
          "<svg onload=alert(1)>",
          "\"><script>alert(1)</script>",
          "'><script>alert(1)</script>",
          "\" onmouseover=\"alert(1)",
          "' onfocus='alert(1)' autofocus='",
          "javascript:alert(1)",
          "JaVaScRiPt:alert(1)",
          "<a href=\"javascript:alert(1)\">x</a>",
          "<iframe src=\"javascript:alert(1)\"></iframe>",
          "<body onload=alert(1)>",
          "<input autofocus onfocus=alert(1)>",
          "<details open ontoggle=alert(1)>",
          "<math><mtext></mtext><script>alert(1)</script></math>",
          "</title><script>alert(1)</script>",
          "</style><script>alert(1)</script>",
          "</textarea><script>alert(1)</script>",
          "<!--<script>alert(1)</script>-->",
          "<![CDATA[<script>alert(1)</script>]]>",
          "&lt;script&gt;alert(1)&lt;/script&gt;",
          "&#60;script&#62;alert(1)&#60;/script&#62;",
          "%3Cscript%3Ealert(1)%3C/script%3E",
          "<scr<script>ipt>alert(1)</script>",
          "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
          "<link rel=stylesheet href=http://evil.example/x.css>",
          "<style>@import 'http://evil.example/x.css';</style>",
          "<div style=\"background:url(javascript:alert(1))\">",
          "<object data=\"javascript:alert(1)\">",
          "<embed src=\"javascript:alert(1)\">",
          "<form action=\"javascript:alert(1)\"><button>x</button></form>",
          "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
          "<base href=\"http://evil.example/\">",
          "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
          "<svg><script>alert(1)</script></svg>",
          "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
          "<video><source onerror=alert(1)>",
          "<audio src=x onerror=alert(1)>",
          "<marquee onstart=alert(1)>",
          "<isindex action=javascript:alert(1) type=image>",
          "<img \"\"\"><script>alert(1)</script>\">",
          "<IMG SRC=javascript:alert('XSS')>",
          "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
          "<a href=\" &#14;  javascript:alert(1)\">x</a>",
          "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
          "<x onclick=alert(1)>click",
          "\" autofocus onfocus=alert(1) x=\"",
          "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
          "vbscript:msgbox(1)",
          "<<script>alert(1);//<</script>",
          "<img src=x:alert(alt) onerror=eval(src) alt=0>",
          "<template><script>alert(1)</script></template>",
          "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
          "\u0000<script>alert(1)</script>",
          "\u2028<script>alert(1)</script>\u0007",
          "caf\u00e9 <b>bold</b> \ud83d\ude00");

  static final Set<String> ALLOWED_TAGS =
      Set.of(
          "html",
          "head",
          "meta",
          "title",
          "style",
          "body",
          "div",
          "p",
          "h1",
          "h2",
          "h3",
          "h4",
          "span",
          "strong",
          "a",
          "table",
          "thead",
          "tbody",
          "tr",
          "th",
          "td",
          "ul",
          "ol",
          "li",
          "pre",
          "section",
          "figure",
          "figcaption",
          "svg",
          "rect",
          "line",
          "polyline",
          "circle",
          "text");

  @Test
  void payloadsInEveryFieldStayInert() throws Exception {
    AuditResult r = hostile(Fixtures.sample("restricted"));
    String html = HtmlReport.write(r, Optional.of("sha256:" + "0".repeat(64)));
    assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "no <script in the raw text");
    assertFalse(
        html.toLowerCase(Locale.ROOT).matches("(?s).*<[^>]*\\son[a-z]+\\s*=.*"),
        "no on*= inside any tag");
    Document doc = Jsoup.parse(html);
    for (Element e : doc.getAllElements()) {
      if (e == doc) {
        continue;
      }
      assertTrue(
          ALLOWED_TAGS.contains(e.normalName()), "unexpected element <" + e.normalName() + ">");
      for (Attribute a : e.attributes()) {
        String name = a.getKey().toLowerCase(Locale.ROOT);
        String value = a.getValue().toLowerCase(Locale.ROOT).replaceAll("[\\s\\u0000-\\u001f]", "");
        assertFalse(
            name.startsWith("on"), "event attribute " + name + " on <" + e.normalName() + ">");
        assertFalse(
            value.contains("javascript:") || value.contains("vbscript:") || value.contains("data:"),
            "script URL in " + name + "=" + a.getValue());
        if (name.equals("href")) {
          assertTrue(a.getValue().startsWith("#"), "only in-page links: " + a.getValue());
        }
        if (!name.equals("xmlns")) {
          assertFalse(
              value.contains("http:") || value.contains("https:") || value.startsWith("//"),
              "external URL in " + name + "=" + a.getValue());
        }
      }
    }
    assertEquals(0, doc.select("script").size());
    assertEquals(1, doc.select("style").size());
    String css = doc.select("style").first().data();
    assertFalse(
        css.contains("alert") || css.contains("evil") || css.contains(r.runId()),
        "no data in <style>");
    String text = doc.text();
    assertTrue(text.contains("<script>alert(1)</script>"), "payloads show as text");
    assertTrue(text.contains("<img src=x onerror=alert(1)>"));
    for (Element t : doc.select("svg text")) {
      assertTrue(t.children().isEmpty(), "SVG text holds text only: " + t.outerHtml());
    }
    // The same HTML is well-formed XML for the PDF renderer, whatever the data.
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    f.newDocumentBuilder()
        .parse(
            new ByteArrayInputStream(
                Html.toXml(html).replace("<!DOCTYPE html>", "").getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void payloadCountMeetsT16() {
    assertTrue(PAYLOADS.size() >= 50);
  }

  /**
   * The sample with payloads in county names, reasons, precincts, groups, explanations, rules,
   * inputs.
   */
  static AuditResult hostile(AuditResult r) {
    Metrics m = r.metrics();
    TreeMap<String, String> names = new TreeMap<>();
    int i = 0;
    for (String county : m.countyNames().keySet()) {
      names.put(county, PAYLOADS.get(i++));
    }
    List<Metrics.ReasonCell> reasons = new ArrayList<>(m.removalReasons());
    List<Metrics.DemographicCell> demo = new ArrayList<>(m.demographic());
    for (String p : PAYLOADS) {
      reasons.add(new Metrics.ReasonCell("41", p, p, LocalDate.of(2024, 1, 21), 20));
      demo.add(new Metrics.DemographicCell("41", p, p, p, p, p, Fixtures.counts(300, 30)));
    }
    Metrics hm =
        new Metrics(
            m.baseline(),
            m.current(),
            names,
            demo,
            m.precincts(),
            reasons,
            m.fieldChanges(),
            m.total(),
            m.history());
    List<NumberedFinding> findings = new ArrayList<>();
    for (NumberedFinding nf : r.findings()) {
      Finding f = nf.finding();
      String p = PAYLOADS.get(i++ % PAYLOADS.size());
      TreeMap<String, String> unit = new TreeMap<>(f.unit());
      if (unit.containsKey("precinct")) {
        unit.put("precinct", p);
      }
      TreeMap<String, String> group = new TreeMap<>();
      f.group().forEach((k, v) -> group.put(k, p));
      LinkedHashMap<String, Double> stat = new LinkedHashMap<>(f.statistic());
      stat.put(p, 0.5);
      findings.add(
          new NumberedFinding(
              nf.id(),
              new Finding(
                  f.rule(),
                  p,
                  f.severity(),
                  unit,
                  group,
                  f.affected(),
                  stat,
                  String.join(" ", PAYLOADS),
                  f.evidence(),
                  p),
              nf.evidence()));
    }
    List<InputFile> inputs = new ArrayList<>();
    for (InputFile f : r.inputs()) {
      inputs.add(
          new InputFile(
              f.role(),
              PAYLOADS.get(i++ % PAYLOADS.size()),
              f.bytes(),
              f.sha256(),
              PAYLOADS.get(2),
              PAYLOADS.get(3),
              PAYLOADS.get(4),
              f.records(),
              f.header(),
              f.blank(),
              f.accepted(),
              f.rejected(),
              new TreeMap<>(Map.of(PAYLOADS.get(5), f.rejected())),
              new TreeMap<>(Map.of("source", PAYLOADS.get(6))),
              f.rejectSamples()));
    }
    LinkedHashMap<String, Object> method = new LinkedHashMap<>(r.method());
    method.put("jurisdiction", PAYLOADS.get(7));
    method.put("payloads", PAYLOADS);
    method.put("limitations", List.of(PAYLOADS.get(8)));
    method.put("error_rates", Map.of(PAYLOADS.get(9), PAYLOADS.get(10)));
    return new AuditResult(
        r.runId(),
        r.software() + PAYLOADS.get(11),
        r.disclosure(),
        r.baseline(),
        r.current(),
        r.counts(),
        findings,
        inputs,
        method,
        hm,
        PAYLOADS);
  }
}
