package org.rollaudit.report;

import java.util.List;
import java.util.Map;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.audit.SnapshotInfo;

/**
 * Writes {@code findings.json}, schema {@code rollaudit/findings/v1} (interface.md §3). The key
 * order is the contract's, written explicitly rather than taken from a map, so a change in the
 * model can never reorder the file. Findings keep the order they are given in (the audit step
 * numbers them in contract order; the verifier checks it).
 */
public final class FindingsJson {

  /** The schema id this writer produces. */
  public static final String SCHEMA = "rollaudit/findings/v1";

  /** The jurisdiction-wide count keys, in contract order. */
  public static final List<String> COUNT_KEYS =
      List.of("removed", "added", "reactivated", "changed", "unchanged", "aged_out");

  private FindingsJson() {}

  /** The file's text (UTF-8, LF, final newline). */
  public static String write(AuditResult r) {
    checkCounts(r.counts());
    JsonText j = new JsonText().beginObject();
    j.field("schema", SCHEMA);
    j.field("run_id", r.runId());
    j.field("software", r.software());
    snapshot(j, "baseline", r.baseline());
    snapshot(j, "current", r.current());
    j.name("counts").beginObject();
    for (String k : COUNT_KEYS) {
      j.field(k, r.counts().get(k));
    }
    j.endObject();
    j.name("findings").beginArray();
    for (NumberedFinding nf : r.findings()) {
      finding(j, nf);
    }
    j.endArray();
    return j.endObject().text();
  }

  private static void snapshot(JsonText j, String name, SnapshotInfo s) {
    j.name(name).beginObject();
    j.field("as_of", s.asOf().toString());
    j.field("voters", s.voters());
    j.endObject();
  }

  private static void finding(JsonText j, NumberedFinding nf) {
    Finding f = nf.finding();
    j.beginObject();
    j.field("id", nf.id());
    j.field("rule", f.rule());
    j.field("severity", f.severity().id());
    j.field("unit", f.unit());
    j.field("group", f.group());
    j.field("affected", f.affected());
    j.name("statistic").beginObject();
    for (Map.Entry<String, Double> e : f.statistic().entrySet()) {
      Double v = e.getValue();
      j.name(e.getKey()).value(v == null ? Double.NaN : v);
    }
    j.endObject();
    j.field("explanation", f.explanation());
    j.field("evidence", nf.evidencePath());
    j.endObject();
  }

  private static void checkCounts(Map<String, Long> counts) {
    for (String k : COUNT_KEYS) {
      Long v = counts.get(k);
      if (v == null || v < 0) {
        throw new IllegalArgumentException(
            "Cannot write findings.json: count '" + k + "' is missing or negative (" + v + ")");
      }
    }
    for (String k : counts.keySet()) {
      if (!COUNT_KEYS.contains(k)) {
        throw new IllegalArgumentException(
            "Cannot write findings.json: count '" + k + "' is not in schema " + SCHEMA);
      }
    }
  }
}
