package org.rollaudit.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * {@code receipt.html}: the receipt for a person who submitted files and keeps the page as proof of
 * what was handed in and what rollaudit made of it. Rendered from the receipt JSON alone (so the
 * two never disagree), self-contained (inline CSS, no script, nothing fetched) and deterministic:
 * no clock, host or path, only what the JSON holds.
 */
final class ReceiptHtml {
  private ReceiptHtml() {}

  static byte[] render(JsonNode r) {
    boolean refused = "refused".equals(r.path("status").asText());
    String asOf = r.path("as_of").asText();
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>")
        .append(refused ? "REFUSED submission" : "Submission receipt")
        .append(", snapshot of ")
        .append(esc(asOf))
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
                + "color:#222;line-height:1.4}\n"
                + "table{border-collapse:collapse;margin:.5em 0 1em}"
                + "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;"
                + "vertical-align:top}\n"
                + "td.n{text-align:right;font-variant-numeric:tabular-nums}"
                + ".hash{font-family:monospace;font-size:.85em;word-break:break-all}\n"
                + ".box{border:2px solid;padding:.5em 1em;margin:1em 0}"
                + ".ok{border-color:#2e7d32}.bad{border-color:#c62828}"
                + ".warn{border-color:#ef6c00}\n")
        .append("</style>\n</head>\n<body>\n");
    sb.append("<h1>")
        .append(refused ? "Submission REFUSED" : "Submission receipt")
        .append(": voter roll snapshot of ")
        .append(esc(asOf))
        .append("</h1>\n");
    JsonNode t = r.path("totals");
    if (refused) {
      sb.append("<div class=\"box bad\"><p><strong>Nothing was stored.</strong> Why: ")
          .append(esc(r.path("refusal").asText()))
          .append(".</p><p><strong>What to do:</strong> ")
          .append(esc(r.path("what_to_fix").asText("")))
          .append("</p></div>\n");
    } else {
      sb.append("<div class=\"box ok\"><p><strong>Stored</strong> in the snapshot store as the")
          .append(" snapshot of ")
          .append(esc(asOf))
          .append(": ")
          .append(num(t.path("accepted")))
          .append(" records accepted, ")
          .append(num(t.path("rejected")))
          .append(" rejected.</p></div>\n");
    }
    warnings(sb, r);

    sb.append("<h2>Who submitted what</h2>\n<table>\n");
    JsonNode p = r.path("provenance");
    row(sb, "Obtained from (source)", text(p.path("source")));
    row(sb, "Obtained on", text(p.path("obtained")));
    row(sb, "Submitted by", text(p.path("submitter")));
    JsonNode l = r.path("layout");
    row(
        sb,
        "Format (layout)",
        esc(l.path("id").asText() + " version " + l.path("version").asText())
            + ", vintage detected: "
            + esc(vintages(r)));
    row(sb, "Checked by", esc(r.path("software").asText()));
    row(
        sb,
        "Largest share of rejects allowed",
        esc(r.path("max_reject_rate").asText()) + " (--max-reject-rate)");
    row(
        sb,
        "Input digest",
        "<span class=\"hash\">" + esc(r.path("input_digest").asText()) + "</span>");
    sb.append("</table>\n");

    sb.append("<h2>Files received</h2>\n")
        .append(
            "<p>Each file is identified by its SHA-256 fingerprint as received. Anyone holding a"
                + " copy can check it is the same file: <code>sha256sum FILE</code> must print the"
                + " same 64 characters.</p>\n");
    sb.append(
        "<table>\n<tr><th>File</th><th>Bytes</th><th>SHA-256</th><th>Records read</th>"
            + "<th>Accepted</th><th>Rejected</th><th>Vintage</th></tr>\n");
    for (JsonNode f : r.path("inputs")) {
      String name =
          f.path("name").asText() + (f.hasNonNull("entry") ? " : " + f.path("entry").asText() : "");
      JsonNode rejected = f.hasNonNull("rejected") ? f.path("rejected") : null;
      sb.append("<tr><td>")
          .append(esc(name))
          .append("</td><td class=\"n\">")
          .append(num(f.path("bytes")))
          .append("</td><td class=\"hash\">")
          .append(esc(f.path("sha256").asText()))
          .append("</td><td class=\"n\">")
          .append(num(f.path("records")))
          .append("</td><td class=\"n\">")
          .append(f.hasNonNull("accepted") ? num(f.path("accepted")) : "not parsed")
          .append("</td><td class=\"n\">")
          .append(rejected != null ? num(rejected) : "at least " + num(f.path("rejected_at_least")))
          .append("</td><td>")
          .append(esc(f.path("vintage").asText("")))
          .append("</td></tr>\n");
    }
    sb.append("</table>\n");

    sb.append("<h2>Records</h2>\n<table>\n");
    row(sb, "Records read (physical lines)", num(t.path("records")));
    row(sb, "Header lines", num(t.path("header")));
    row(sb, "Blank lines", num(t.path("blank")));
    row(sb, "Accepted", num(t.path("accepted")));
    row(
        sb,
        "Rejected",
        num(t.path("rejected")) + " (share " + esc(t.path("reject_rate").asText()) + ")");
    sb.append("</table>\n");
    JsonNode reasons = t.path("rejects_by_reason");
    if (reasons.size() > 0) {
      sb.append("<h3>Rejected records by reason</h3>\n<table>\n<tr><th>Reason</th>")
          .append("<th>Records</th></tr>\n");
      for (Iterator<Map.Entry<String, JsonNode>> it = reasons.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append("<tr><td>")
            .append(esc(e.getKey()))
            .append("</td><td class=\"n\">")
            .append(num(e.getValue()))
            .append("</td></tr>\n");
      }
      sb.append("</table>\n");
    }

    JsonNode counties = r.path("counties");
    if (counties.size() > 0) {
      JsonNode prev = r.path("previous");
      sb.append("<h2>Records stored per county</h2>\n<p>")
          .append(counties.size())
          .append(" counties")
          .append(
              prev.isObject()
                  ? "; compared with the previous snapshot in the store, of "
                      + esc(prev.path("as_of").asText())
                  : "; the store held no earlier snapshot to compare with")
          .append(".</p>\n<table>\n<tr><th>County</th><th>Name</th><th>Records</th></tr>\n");
      for (Iterator<Map.Entry<String, JsonNode>> it = counties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append("<tr><td>")
            .append(esc(e.getKey()))
            .append("</td><td>")
            .append(esc(e.getValue().path("desc").asText()))
            .append("</td><td class=\"n\">")
            .append(num(e.getValue().path("records")))
            .append("</td></tr>\n");
      }
      sb.append("</table>\n");
    }

    sb.append("<h2>Checking this receipt</h2>\n<p>")
        .append(
            "This page is made from <code>receipt.json</code> beside it and holds no clock time:"
                + " the same files give the same receipt. When the receipt was signed"
                + " (<code>ingest --sign-key</code>), <code>receipt.sha256</code> lists both files,"
                + " <code>receipt.sha256.sig</code> is its Ed25519 signature and"
                + " <code>signer.pub</code> the public key. Check with:</p>\n<pre>")
        .append(
            esc(
                "sha256sum -c receipt.sha256\n"
                    + "openssl pkeyutl -verify -pubin -inkey signer.pub -rawin -in receipt.sha256"
                    + " -sigfile receipt.sha256.sig"))
        .append("</pre>\n<p>Compare <code>signer.pub</code> with the key its owner published: the")
        .append(" signature proves who signed only with a key you trust.</p>\n");
    sb.append("</body>\n</html>\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void warnings(StringBuilder sb, JsonNode r) {
    StringBuilder items = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = r.path("warnings").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      items
          .append("<li><strong>")
          .append(esc(e.getKey()))
          .append("</strong>: ")
          .append(esc(e.getValue().asText()))
          .append("</li>\n");
    }
    for (JsonNode f : r.path("inputs")) {
      for (JsonNode w : f.path("warnings")) {
        items
            .append("<li><strong>")
            .append(esc(w.path("code").asText()))
            .append("</strong> in ")
            .append(esc(f.path("name").asText()))
            .append(": ")
            .append(num(w.path("count")))
            .append(" record(s)")
            .append(
                w.path("first_line").asLong() > 0
                    ? ", first at line " + w.path("first_line").asLong()
                    : "")
            .append(
                w.path("detail").asText("").isEmpty() ? "" : ": " + esc(w.path("detail").asText()))
            .append("</li>\n");
      }
    }
    if (items.length() > 0) {
      sb.append("<div class=\"box warn\"><p><strong>Warnings</strong> (nothing was refused for")
          .append(" these; worth a look before the snapshot is audited):</p>\n<ul>\n")
          .append(items)
          .append("</ul></div>\n");
    }
  }

  private static String vintages(JsonNode r) {
    java.util.TreeSet<String> v = new java.util.TreeSet<>();
    for (JsonNode f : r.path("inputs")) {
      v.add(f.path("vintage").asText(""));
    }
    v.remove("");
    return v.isEmpty() ? "none" : String.join(", ", v);
  }

  private static void row(StringBuilder sb, String key, String valueHtml) {
    sb.append("<tr><th>")
        .append(esc(key))
        .append("</th><td>")
        .append(valueHtml)
        .append("</td></tr>\n");
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? "<em>not given</em>" : esc(n.asText());
  }

  private static String num(JsonNode n) {
    return n.canConvertToLong() ? String.format(Locale.ROOT, "%,d", n.asLong()) : "";
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
