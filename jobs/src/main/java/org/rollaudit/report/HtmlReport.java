package org.rollaudit.report;

import static org.rollaudit.report.Markup.p;
import static org.rollaudit.report.Markup.raw;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.InputFile;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.audit.Severity;

/**
 * Builds report.html: self-contained (inline CSS and SVG, no scripts, no external URL, no fonts
 * fetched), every data value escaped. The same text is rendered to report.pdf.
 *
 * <p>Sections, in order: (1) a first page for a non-specialist: what was compared, what was found,
 * how sure we are, what the audit cannot tell; (2) one section per finding; (3) overview charts by
 * county, reason and group; (4) method, limitations and error rates; (5) inputs and custody; (6)
 * how to reproduce and verify; (7) appendix: a draft FRE 902(13)/(14) certification. The run id is
 * in the running footer of every page, and RESTRICTED in the running header of every page of a
 * restricted report.
 */
public final class HtmlReport {

  private HtmlReport() {}

  /**
   * The report's text.
   *
   * @param signerFingerprint the signing key's fingerprint when the bundle will be signed
   */
  public static String write(AuditResult r, Optional<String> signerFingerprint) {
    return write(r, signerFingerprint, Optional.empty());
  }

  /**
   * The report of a pair, or of a timeline: then the first page describes the series, a timeline
   * section follows it, and each finding's section compares within the finding's own interval.
   */
  public static String write(
      AuditResult r, Optional<String> signerFingerprint, Optional<Timeline> timeline) {
    if (!r.runId().matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "Cannot write report: run id is not 64 lower-case hex digits");
    }
    ReportContext ctx = ReportContext.of(r, signerFingerprint);
    StringBuilder sb = new StringBuilder(64 * 1024);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\" />\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
        .append("<title>rollaudit report, run ")
        .append(r.runId(), 0, 16)
        .append("</title>\n")
        .append("<style>\n")
        .append(ReportCss.CSS)
        .append("</style>\n</head>\n<body>\n");
    sb.append(runningHeader(r)).append(runningFooter(r));
    sb.append(firstPage(ctx, timeline));
    if (timeline.isPresent()) {
      sb.append(TimelineSection.write(ctx, timeline.get()));
    }
    // One context per interval, not per finding: a context sums its interval's cells into county
    // counts on first use, and a statewide timeline's 700 findings did that 700 times (15 of the
    // bundle's 25 s at 9M voters).
    Map<Metrics, ReportContext> intervals = new IdentityHashMap<>();
    for (NumberedFinding nf : r.findings()) {
      ReportContext fc =
          timeline.isPresent()
              ? intervals.computeIfAbsent(timeline.get().findingMetrics().get(nf.id()), ctx::within)
              : ctx;
      sb.append(FindingSection.write(fc, nf));
    }
    sb.append(OverviewSection.write(ctx));
    sb.append(ReferenceSections.method(ctx));
    sb.append(ReferenceSections.inputs(ctx));
    sb.append(ReferenceSections.reproduce(ctx));
    sb.append(ReferenceSections.certification(ctx));
    sb.append("<div class=\"screen-footer\">").append(footerText(r)).append("</div>\n");
    return sb.append("</body>\n</html>\n").toString();
  }

  private static String runningHeader(AuditResult r) {
    if (r.restricted()) {
      return "<div class=\"running-header restricted\">RESTRICTED \u2014 contains voters\u2019 names and"
          + " addresses; for election officials and courts only</div>\n";
    }
    return "<div class=\"running-header\">Voter-roll audit report \u00b7 public disclosure: counts of 1 to"
        + " 10 voters are shown as &lt;11</div>\n";
  }

  private static String runningFooter(AuditResult r) {
    return "<div class=\"running-footer\">" + footerText(r) + "</div>\n";
  }

  private static String footerText(AuditResult r) {
    return "Run id "
        + r.runId()
        + " \u00b7 "
        + Html.text(r.software())
        + " \u00b7 "
        + (r.restricted() ? "RESTRICTED" : "public")
        + " disclosure";
  }

  private static String firstPage(ReportContext ctx, Optional<Timeline> timeline) {
    AuditResult r = ctx.result();
    StringBuilder sb = new StringBuilder("<div class=\"first\">\n");
    if (r.restricted()) {
      sb.append(
          "<div class=\"restricted-banner\">RESTRICTED. This report and its evidence files contain"
              + " voters\u2019 names and addresses. Do not publish.</div>\n");
    }
    sb.append("<p class=\"kicker\">rollaudit \u00b7 voter-roll audit report</p>\n");
    sb.append("<h1>Changes to the voter roll of ")
        .append(Html.text(ctx.jurisdiction()))
        .append(" between <span class=\"nowrap\">")
        .append(r.baseline().asOf())
        .append("</span> and <span class=\"nowrap\">")
        .append(r.current().asOf())
        .append("</span></h1>\n");
    sb.append("<p class=\"meta\">Run id ")
        .append(r.runId())
        .append(" \u00b7 ")
        .append(Html.text(r.software()))
        .append(" \u00b7 ")
        .append(r.restricted() ? "restricted" : "public")
        .append(" disclosure</p>\n");

    sb.append("<div class=\"box\">\n<h2 id=\"compared\">What was compared</h2>\n");
    if (timeline.isPresent()) {
      sb.append(p(TimelineSection.compared(ctx, timeline.get())));
    } else {
      sb.append(
          p(
              "Two snapshots of the voter registration list: the baseline as of "
                  + r.baseline().asOf()
                  + " ("
                  + NumberText.count(r.baseline().voters())
                  + " records) and the current one as of "
                  + r.current().asOf()
                  + " ("
                  + NumberText.count(r.current().voters())
                  + " records), matched by statewide voter number. The input files"
                  + " and their SHA-256 fingerprints (any change to a file changes its fingerprint):"));
    }
    List<List<Object>> files = new ArrayList<>();
    for (InputFile f : r.inputs()) {
      files.add(
          List.of(
              f.role(),
              fileName(f),
              raw("<span class=\"hash\">" + Html.text(f.sha256()) + "</span>")));
    }
    sb.append(Markup.table("files", List.of("Snapshot", "File", "SHA-256"), files));
    sb.append("</div>\n");

    sb.append("<div class=\"box long\">\n<h2 id=\"found\">What was found</h2>\n");
    sb.append(changeCounts(r));
    sb.append(findingList(ctx));
    sb.append("</div>\n");

    sb.append("<div class=\"box\">\n<h2 id=\"sure\">How sure we are</h2>\n");
    sb.append(
        p(
            "A finding needs a difference too large to be chance and large enough to matter. Its q-value is"
                + " the expected share of false alarms among findings at least as strong (0.01: about 1 in 100). Every"
                + " rate comes with a 95% interval, the range of rates consistent with the data."));
    sb.append(p(ReferenceSections.errorRateSentence(ctx)));
    sb.append("</div>\n");

    sb.append("<div class=\"box\">\n<h2 id=\"cannot\">What this audit cannot tell you</h2>\n");
    sb.append(Markup.ul(ReferenceSections.CANNOT_TELL_SHORT));
    sb.append("</div>\n</div>\n");
    return sb.toString();
  }

  /**
   * The six jurisdiction-wide counts in one row. findings.json carries them exactly (the schema
   * fixes integers); the report still shows 1 to 10 as {@code <11} in public mode, so that every
   * table of the report follows one rule. No complement is needed: the exact values are public.
   */
  private static String changeCounts(AuditResult r) {
    Map<String, Long> c = r.counts();
    List<Object> values = new ArrayList<>();
    boolean small = false;
    for (String k : FindingsJson.COUNT_KEYS) {
      long v = c.get(k);
      boolean hide = !r.restricted() && v >= 1 && v < Suppression.MIN_SHOWN;
      small |= hide;
      values.add(hide ? "<11" : NumberText.count(v));
    }
    return Markup.table(
            "counts",
            List.of("#Removed", "#Added", "#Reactivated", "#Changed", "#Unchanged", "#Aged out"),
            List.of(values))
        + "<p class=\"note\">Voters, whole jurisdiction"
        + (small
            ? " (&lt;11: 1 to 10; findings.json carries the" + " exact jurisdiction-wide totals)"
            : "")
        + ". Aged out: records the publisher dropped under its retention"
        + " rule; not removals.</p>\n";
  }

  private static String findingList(ReportContext ctx) {
    AuditResult r = ctx.result();
    int n = r.findings().size();
    StringBuilder sb = new StringBuilder();
    if (n == 0) {
      sb.append(
          p(
              "No rule raised a finding. This does not show that every removal was lawful or correct;"
                  + " see \u201cWhat this audit cannot tell you\u201d."));
      return sb.toString();
    }
    sb.append(
        p(
            n
                + (n == 1 ? " finding: " : " findings: ")
                + ctx.count(Severity.HIGH)
                + " high, "
                + ctx.count(Severity.MEDIUM)
                + " medium, "
                + ctx.count(Severity.LOW)
                + " low severity."));
    List<List<Object>> rows = new ArrayList<>();
    for (NumberedFinding nf : r.findings()) {
      Double q = nf.finding().statistic().get("q_value");
      rows.add(
          List.of(
              raw("<a class=\"id\" href=\"#" + nf.id() + "\">" + nf.id() + "</a>"),
              severity(nf.finding().severity()),
              nf.finding().explanation(),
              NumberText.count(nf.finding().affected()),
              q == null ? "\u2014" : pValue(q)));
    }
    sb.append(
        Markup.table(
            "findings", List.of("Id", "Severity", "What we found", "#Voters", "#q-value"), rows));
    return sb.toString();
  }

  static Markup.Raw severity(Severity s) {
    return raw(
        "<span class=\"sev sev-"
            + s.id()
            + "\">"
            + s.id().toUpperCase(java.util.Locale.ROOT)
            + "</span>");
  }

  /** p- and q-values: "< 0.0001" below that, else three significant digits. */
  static String pValue(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    if (v == 0) {
      // Too small for a double: the computation underflowed.
      return "< 0.0001 (below 1e-300)";
    }
    return v < 1e-4 ? "< 0.0001 (" + NumberText.display(v) + ")" : NumberText.display(v);
  }

  static String fileName(InputFile f) {
    return f.entry() == null || f.entry().isEmpty() ? f.name() : f.name() + " \u203a " + f.entry();
  }
}
