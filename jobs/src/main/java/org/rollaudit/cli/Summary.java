package org.rollaudit.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.pipeline.AuditPipeline;

/** The one-screen summary printed on stdout after an audit. */
final class Summary {
  private Summary() {}

  static void print(AuditPipeline.Outcome o, BundleTarget out, PrintStream s) {
    AuditResult r = o.result();
    if (r == null) {
      s.println(
          "The bundle was already complete: "
              + out.shown()
              + " holds the verified bundle of this run; nothing was written.");
      s.println("Report:   " + out.report());
      return;
    }
    s.println();
    s.printf(
        Locale.ROOT,
        "rollaudit: compared %s (%,d records) with %s (%,d records)%n",
        r.baseline().asOf(),
        r.baseline().voters(),
        r.current().asOf(),
        r.current().voters());
    StringBuilder counts = new StringBuilder("  ");
    for (Map.Entry<String, Long> e : r.counts().entrySet()) {
      counts.append(String.format(Locale.ROOT, "%s %,d   ", e.getKey(), e.getValue()));
    }
    s.println(counts.toString().stripTrailing());
    s.printf(
        Locale.ROOT, "  %d finding(s)%s%n", r.findings().size(), r.findings().isEmpty() ? "" : ":");
    int shown = 0;
    for (NumberedFinding f : r.findings()) {
      if (shown++ == 12) {
        s.printf(Locale.ROOT, "  ... and %d more in findings.json%n", r.findings().size() - 12);
        break;
      }
      s.printf(
          Locale.ROOT,
          "  %s %-6s %-18s %s%n",
          f.id(),
          f.finding().severity().id(),
          f.finding().rule(),
          f.finding().explanation());
    }
    s.println();
    if (o.alreadyComplete()) {
      s.println("The bundle was already complete (same run id); nothing was written.");
    }
    s.println("Report:   " + out.report());
    s.println("Run id:   " + r.runId());
    s.println("Verify:   bin/rollaudit verify " + out.shown());
  }
}
