package org.rollaudit.report;

import static org.rollaudit.report.Markup.p;
import static org.rollaudit.report.Markup.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.InputFile;

/**
 * The reference part of the report: method (rules and every parameter), limitations, error rates,
 * inputs and custody, how to reproduce and verify, and the draft certification.
 */
final class ReferenceSections {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What the data cannot show; on the first page and under Limitations. */
  static final List<String> CANNOT_TELL =
      List.of(
          "Whether a removal was lawful. Lawful list maintenance causes removal waves: mailings that confirm"
              + " addresses, death records, the removal of voters inactive through two federal general elections."
              + " A finding says a pattern is unusual, not that it is unlawful.",
          "Why anything happened, or anyone\u2019s intent. The data show counts, dates and codes only.",
          "Records that leave the file under the publisher\u2019s own retention rule (\u201caged out\u201d) are counted"
              + " separately and are not removals. A voter removed after more than ten years without voting can"
              + " leave the file at once, without ever showing as removed.",
          "When a voter was sent a confirmation notice: notice dates are not public, so timing rules use the"
              + " safest bound and may miss early removals.",
          "The exact day of a change, unless the file carries a status date: otherwise it lies somewhere between"
              + " the two snapshot dates.",
          "Errors made before publication: a record the publisher exported wrongly looks the same as a real change.",
          "Voters matched across a change of voter number: a voter re-registered under a new number looks like a"
              + " removal plus an addition.");

  /** The same limits in one line each, for the first page. */
  static final List<String> CANNOT_TELL_SHORT =
      List.of(
          "Whether a removal was lawful: mailings, death records and the two-election rule cause lawful removal waves.",
          "Why anything happened, or anyone\u2019s intent: the data show counts, dates and codes only.",
          "Records aged out under the publisher\u2019s retention rule are counted apart, not as removals.",
          "When notices were mailed (not public), or the exact day of a change without a status date.",
          "Errors made before publication, or voters re-registered under a new voter number.");

  private static final List<String> DEFINITIONS =
      List.of(
          "At risk: voters with status active (A) or inactive (I) in the baseline snapshot; the denominator of every removal rate.",
          "Removed: at-risk voters missing from the current snapshot, or carrying a removed status there.",
          "Aged out: removed records missing from the current snapshot because of the publisher\u2019s retention"
              + " rule; not a removal.",
          "Rate ratio: a unit\u2019s removal rate divided by the rate of its comparison (the rest of the state, the"
              + " rest of its county, or its own history, as each finding says).",
          "Intervals: 95% Wilson score intervals for rates.");

  /** Readable names of the provenance keys of {@link ManifestJson#PROVENANCE_KEYS}. */
  private static final Map<String, String> PROVENANCE_LABELS =
      Map.of(
          "source", "Obtained from",
          "obtained", "Obtained on",
          "publisher", "Publisher",
          "url", "Address");

  private ReferenceSections() {}

  static String method(ReportContext ctx) {
    JsonNode method = tree(ManifestJson.method(ctx.result()));
    StringBuilder sb =
        new StringBuilder("<section class=\"page-break\" id=\"method\">\n<h2>Method</h2>\n");
    sb.append("<h3>Definitions</h3>\n").append(Markup.ul(DEFINITIONS));
    sb.append("<h3>Rules, parameters and settings</h3>\n");
    sb.append(p("Everything below is also in method.json, in the same order."));
    com.fasterxml.jackson.databind.node.ObjectNode shown = method.deepCopy();
    shown.remove("error_rates");
    shown.remove("limitations");
    sb.append(node(shown, 0));

    sb.append("<h2 id=\"limitations\">Limitations</h2>\n");
    List<String> limits = new ArrayList<>(CANNOT_TELL);
    JsonNode extra = method.get("limitations");
    if (extra != null && extra.isArray()) {
      extra.forEach(n -> limits.add(n.asText()));
    }
    sb.append(Markup.ul(limits));

    sb.append("<h2 id=\"error-rates\">Error rates</h2>\n");
    JsonNode rates = method.get("error_rates");
    if (rates != null && !rates.isNull()) {
      sb.append(node(rates, 0));
    } else {
      sb.append(p(errorRateSentence(ctx)));
    }
    return sb.append("</section>\n").toString();
  }

  /**
   * "How sure we are" on the first page: which rule entries of this run have measured error rates
   * for exactly their parameters (method.json error_rates.applies_by_rule), and which do not.
   */
  static String errorRateSentence(ReportContext ctx) {
    Object rates = ctx.result().method().get("error_rates");
    if (rates == null) {
      return "Error rates not yet measured: the simulation study of false alarms and power has not"
          + " been run for this software version. Until it is, the q-values are the only stated"
          + " error control.";
    }
    List<String> measured = new ArrayList<>();
    List<String> notYet = new ArrayList<>();
    List<String> other = new ArrayList<>();
    if (rates instanceof Map<?, ?> m && m.get("applies_by_rule") instanceof Map<?, ?> byRule) {
      byRule.forEach(
          (name, status) -> {
            String st = String.valueOf(status);
            if (st.startsWith("yes")) {
              measured.add(String.valueOf(name));
            } else if (st.contains("not measured yet")) {
              notYet.add(String.valueOf(name));
            } else {
              other.add(String.valueOf(name));
            }
          });
    }
    StringBuilder b = new StringBuilder();
    if (!measured.isEmpty()) {
      b.append("Measured error rates (false alarms on simulated rolls without any anomaly,")
          .append(" detection of planted anomalies, power to detect a stated effect; see")
          .append(" \u201cError rates\u201d) apply to these rules with exactly the parameters of")
          .append(" this audit: ")
          .append(String.join(", ", measured))
          .append(". ");
      b.append(intervalCaveat(rates, ctx.result()));
    }
    if (!notYet.isEmpty()) {
      b.append("Not measured yet: ")
          .append(String.join(", ", notYet))
          .append("; for their findings the q-values are the only stated error control. ");
    }
    if (!other.isEmpty()) {
      b.append("Measured only with other parameters or another software version, so the figures")
          .append(" do not apply to this audit: ")
          .append(String.join(", ", other))
          .append(". ");
    }
    if (b.length() == 0) {
      b.append("Error rates are given under \u201cError rates\u201d; no rule of this audit ran.");
    }
    return b.toString().trim();
  }

  /**
   * Says so when this audit's interval length differs from the one the false alarms were measured
   * on (error-rates.yaml false_alarms_per_clean_audit.interval_days): how often a lawful burst,
   * such as a county's list-maintenance batch, stands out depends on how many ordinary removals the
   * interval holds. "" when they agree or the file gives no length.
   */
  private static String intervalCaveat(Object rates, AuditResult r) {
    if (!(rates instanceof Map<?, ?> m
        && m.get("false_alarms_per_clean_audit") instanceof Map<?, ?> fa
        && fa.get("interval_days") instanceof Number measuredDays)) {
      return "";
    }
    SortedSet<Long> days = intervalDays(r);
    if (days.isEmpty() || days.equals(Set.of(measuredDays.longValue()))) {
      return "";
    }
    List<String> shown = days.stream().map(String::valueOf).toList();
    return "The false alarms were measured on "
        + measuredDays.longValue()
        + "-day intervals, and this audit\u2019s "
        + (days.size() == 1 ? "interval is " : "intervals are ")
        + String.join(", ", shown)
        + " days long, so the measured figures may not hold for this audit. ";
  }

  /** The interval lengths of the audit in days: the pair's, or each of a timeline's intervals. */
  private static SortedSet<Long> intervalDays(AuditResult r) {
    SortedSet<Long> days = new TreeSet<>();
    if (r.method().get("timeline") instanceof Map<?, ?> t) {
      if (t.get("intervals") instanceof List<?> intervals) {
        for (Object o : intervals) {
          if (o instanceof Map<?, ?> e && e.get("days") instanceof Number n) {
            days.add(n.longValue());
          }
        }
      }
      return days;
    }
    days.add(ChronoUnit.DAYS.between(r.baseline().asOf(), r.current().asOf()));
    return days;
  }

  static String inputs(ReportContext ctx) {
    AuditResult r = ctx.result();
    StringBuilder sb =
        new StringBuilder(
            "<section class=\"page-break\" id=\"inputs\">\n<h2>Inputs and custody</h2>\n");
    sb.append(
        p(
            "Every input file as received, identified by its SHA-256 fingerprint at receipt. Every physical"
                + " record of a file is accounted for: records = accepted + rejected + header + blank lines."));
    boolean allBalanced = true;
    for (InputFile f : r.inputs()) {
      boolean balanced = f.records() == f.accepted() + f.rejected() + f.header() + f.blank();
      allBalanced &= balanced;
      List<List<Object>> kv = new ArrayList<>();
      kv.add(List.of("Snapshot", f.role()));
      kv.add(List.of("File", HtmlReport.fileName(f)));
      kv.add(
          List.of(
              "SHA-256 at receipt",
              raw("<span class=\"hash\">" + Html.text(f.sha256()) + "</span>")));
      kv.add(List.of("Size", NumberText.count(f.bytes()) + " bytes"));
      kv.add(
          List.of(
              "Layout",
              f.layout() + (f.vintage() == null ? "" : " (vintage " + f.vintage() + ")")));
      kv.add(
          List.of(
              "Records",
              NumberText.count(f.records())
                  + " = "
                  + NumberText.count(f.accepted())
                  + " accepted + "
                  + NumberText.count(f.rejected())
                  + " rejected + "
                  + NumberText.count(f.header())
                  + " header + "
                  + NumberText.count(f.blank())
                  + " blank"
                  + (balanced ? "" : " \u2014 DOES NOT BALANCE")));
      Map<String, String> prov = ManifestJson.provenance(f);
      if (prov.isEmpty()) {
        kv.add(List.of("Provenance", "none given at ingest (--source, --obtained)"));
      }
      prov.forEach((k, v) -> kv.add(List.of(PROVENANCE_LABELS.getOrDefault(k, k), v)));
      sb.append(Markup.keyValues(kv));
    }
    sb.append(
        p(
            allBalanced
                ? "The ledger balances for every file."
                : "The ledger does NOT balance for a file marked NO."));
    List<List<Object>> reasons = new ArrayList<>();
    for (InputFile f : r.inputs()) {
      (f.rejectsByReason() == null ? Map.<String, Long>of() : f.rejectsByReason())
          .forEach(
              (reason, n) ->
                  reasons.add(List.of(HtmlReport.fileName(f), reason, NumberText.count(n))));
    }
    sb.append("<h3>Rejected records by reason</h3>\n");
    sb.append(
        reasons.isEmpty()
            ? p("No record was rejected.")
            : Markup.table("rejects", List.of("File", "Reason", "#Records"), reasons));
    sb.append(
        p(
            r.restricted()
                ? "The rejected records themselves (line, byte offset, column, reason) are in rejects/, one file per input."
                : "A public bundle carries only the counts of rejected records, not the records."));
    return sb.append("</section>\n").toString();
  }

  static String reproduce(ReportContext ctx) {
    AuditResult r = ctx.result();
    StringBuilder sb =
        new StringBuilder("<section id=\"reproduce\">\n<h2>Reproduce and verify</h2>\n");
    sb.append(
        p(
            "The same input files, rules and software version give a byte-identical bundle. To rerun the audit:"));
    sb.append("<pre>").append(Html.text(String.join("\n", r.reproduce()))).append("</pre>\n");
    sb.append(
        p(
            "To check that no file of this bundle has changed, run in the bundle folder (the second line needs"
                + " only standard tools):"));
    List<String> check =
        new ArrayList<>(List.of("rollaudit verify .", "sha256sum -c --strict SHA256SUMS"));
    if (ctx.signer().isPresent()) {
      check.add(
          "openssl pkeyutl -verify -pubin -inkey signer.pub -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig");
    }
    sb.append("<pre>").append(Html.text(String.join("\n", check))).append("</pre>\n");
    sb.append(
        p(
            ctx.signer()
                .map(
                    fp ->
                        "SHA256SUMS is signed (Ed25519). The signing key\u2019s public-key fingerprint (SHA-256 of"
                            + " its DER encoding) is "
                            + fp
                            + ". signer.pub in the bundle proves only that the files are"
                            + " consistent; compare the fingerprint with one published by the signer, or run"
                            + " rollaudit verify . --public-key FILE with their published key.")
                .orElse(
                    "This bundle is not signed: the checksums show that files are unchanged copies of each other,"
                        + " not who produced them.")));
    return sb.append("</section>\n").toString();
  }

  static String certification(ReportContext ctx) {
    AuditResult r = ctx.result();
    StringBuilder sb = new StringBuilder("<section class=\"page-break\" id=\"certification\">\n");
    sb.append("<h2>Appendix: draft certification (Fed. R. Evid. 902(13) and 902(14))</h2>\n");
    sb.append(
        p(
            "A draft for a qualified person to review, complete and sign. The software does not sign it and"
                + " it has no effect unsigned. Statements in brackets are for that person to complete or strike."));
    sb.append("<div class=\"draft\">\n");
    sb.append(
        p(
            "CERTIFICATION OF RECORDS GENERATED BY AN ELECTRONIC PROCESS AND OF DATA COPIED FROM ELECTRONIC FILES"));
    sb.append(p("I, ______________________, declare:"));
    List<String> items =
        List.of(
            "I am [title] at [organisation]. By [training and experience] I am qualified to describe the process below.",
            "The audit bundle with run id "
                + r.runId()
                + " was produced by "
                + r.software()
                + " from the input files"
                + " listed under \u201cInputs and custody\u201d of this report, whose SHA-256 fingerprints at receipt are"
                + " stated there and in inputs.json.",
            "The process compares two snapshots of the voter registration list as of "
                + r.baseline().asOf()
                + " and "
                + r.current().asOf()
                + ", applies the rules and parameters listed under \u201cMethod\u201d and in"
                + " method.json, and writes the results to findings.json and the evidence files. Run again on the same"
                + " inputs with the same software, it produces the same bytes.",
            "On [date] I ran \u201crollaudit verify\u201d and \u201csha256sum -c --strict SHA256SUMS\u201d on this bundle and"
                + " both reported every file intact. [The signature was checked against the key with fingerprint ____.]",
            "The input files were obtained from [source] on [date] and kept [describe custody] until processed.",
            "The files of this bundle are exact copies of the files the process wrote: their SHA-256 fingerprints are"
                + " listed in SHA256SUMS.");
    sb.append("<ol>\n");
    for (String i : items) {
      sb.append("<li>").append(Html.text(i)).append("</li>\n");
    }
    sb.append("</ol>\n");
    sb.append(
        p(
            "I declare under penalty of perjury under the laws of [jurisdiction] that the foregoing is true and correct."));
    sb.append("<p class=\"sig-line\">Executed on ______________ at ______________________</p>\n");
    sb.append(
        "<p class=\"sig-line\">Signature ______________________________ Printed name ______________________</p>\n");
    return sb.append("</div>\n</section>\n").toString();
  }

  /** Any value (map, list, record, node) rendered as nested tables, via its JSON form. */
  static String anyValue(Object value, int depth) {
    return node(tree(ManifestJson.methodValue(value)).get(0), depth);
  }

  /** Deepest indentation the tree table shows; deeper levels stay at this one. */
  private static final int MAX_DEPTH = 6;

  /**
   * A JSON value as one two-column table, whatever its nesting: one row per leaf, nested keys
   * indented under a row naming their parent (a list item by its "name", else its number). Nested
   * tables inside table cells would shrink to a sliver a few levels down.
   */
  private static String node(JsonNode n, int depth) {
    if (n == null || n.isNull()) {
      return "\u2014";
    }
    if (n.isValueNode() || (n.isArray() && allScalars(n))) {
      return "<span class=\"wrap\">" + Html.text(leaf(n)) + "</span>";
    }
    if (n.isEmpty()) {
      return "(none)";
    }
    StringBuilder sb = new StringBuilder("<table class=\"tree\">\n<tbody>\n");
    rows(n, Math.min(depth, MAX_DEPTH), sb);
    return sb.append("</tbody>\n</table>\n").toString();
  }

  private static void rows(JsonNode n, int depth, StringBuilder sb) {
    int i = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      row(e.getKey(), e.getValue(), depth, sb);
    }
    if (n.isArray()) {
      for (JsonNode c : n) {
        i++;
        String name =
            c.isObject() && c.path("name").isTextual() ? c.path("name").asText() : "#" + i;
        row(name, c, depth, sb);
      }
    }
  }

  private static void row(String key, JsonNode v, int depth, StringBuilder sb) {
    boolean group = v.isContainerNode() && !v.isEmpty() && !(v.isArray() && allScalars(v));
    String th =
        "<tr><th class=\"d" + depth + (group ? " grp" : "") + "\">" + Html.text(key) + "</th>";
    if (group) {
      sb.append(th).append("<td></td></tr>\n");
      rows(v, Math.min(depth + 1, MAX_DEPTH), sb);
    } else {
      sb.append(th)
          .append("<td><span class=\"wrap\">")
          .append(Html.text(leaf(v)))
          .append("</span></td></tr>\n");
    }
  }

  private static boolean allScalars(JsonNode n) {
    for (JsonNode c : n) {
      if (!c.isValueNode()) {
        return false;
      }
    }
    return true;
  }

  /** A scalar, an empty container or a list of scalars as text. */
  private static String leaf(JsonNode n) {
    if (n.isNull()) {
      return "\u2014";
    }
    if (n.isContainerNode()) {
      if (n.isEmpty()) {
        return "(none)";
      }
      List<String> parts = new ArrayList<>();
      n.forEach(c -> parts.add(scalar(c)));
      return String.join(", ", parts);
    }
    return scalar(n);
  }

  private static String scalar(JsonNode n) {
    if (n.isIntegralNumber()) {
      return n.bigIntegerValue().toString();
    }
    if (n.isNumber()) {
      return NumberText.json(n.doubleValue());
    }
    return n.isNull() ? "null" : n.asText();
  }

  private static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read back our own JSON", e);
    }
  }
}
