package org.rollaudit.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.audit.Severity;

/**
 * What every report section needs: the result, its marginals, whether small cells are hidden, and a
 * few derived labels. Built once per report.
 *
 * @param signer SHA-256 fingerprint of the signing key's public key, when the bundle is signed
 */
record ReportContext(AuditResult result, Aggregates aggregates, Optional<String> signer) {

  static ReportContext of(AuditResult r, Optional<String> signer) {
    return new ReportContext(r, new Aggregates(r.metrics()), signer);
  }

  /**
   * The same report seen from one interval of a timeline: aggregates and rates of {@code
   * interval}'s metrics, so that a finding's section compares the unit within its own interval.
   */
  ReportContext within(org.rollaudit.audit.Metrics interval) {
    if (interval == null) {
      return this;
    }
    AuditResult r = result;
    AuditResult sub =
        new AuditResult(
            r.runId(),
            r.software(),
            r.disclosure(),
            interval.baseline(),
            interval.current(),
            r.counts(),
            r.findings(),
            r.inputs(),
            r.method(),
            interval,
            r.reproduce());
    return new ReportContext(sub, new Aggregates(interval), signer);
  }

  /** Small cells are hidden in public bundles only. */
  boolean suppress() {
    return !result.restricted();
  }

  /** The jurisdiction's name from method.json ("jurisdiction"), else a description by layout. */
  String jurisdiction() {
    Object j = result.method().get("jurisdiction");
    if (j instanceof String s && !s.isBlank()) {
      return s;
    }
    return "the jurisdiction of layout " + result.current().layout();
  }

  /** "GUILFORD (41), precinct 12" / "the whole jurisdiction". */
  String unitLabel(Map<String, String> unit) {
    String county = unit.get("county_id");
    if (county == null) {
      return unit.isEmpty() ? "the whole jurisdiction" : describe(unit);
    }
    String label = "county " + aggregates.countyLabel(county);
    String precinct = unit.get("precinct");
    return precinct == null ? label : label + ", precinct " + precinct;
  }

  /** "race = B, gender = F" / "". */
  static String describe(Map<String, String> group) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> e : group.entrySet()) {
      parts.add(e.getKey().replace('_', ' ') + " = " + Aggregates.label(e.getValue()));
    }
    return String.join(", ", parts);
  }

  /** Finding ids per county id (the county overview highlights these). */
  Map<String, List<String>> findingsByCounty() {
    Map<String, List<String>> m = new TreeMap<>(Aggregates.NATURAL);
    for (NumberedFinding nf : result.findings()) {
      String c = nf.finding().unit().get("county_id");
      if (c != null) {
        m.computeIfAbsent(c, k -> new ArrayList<>()).add(nf.id());
      }
    }
    return m;
  }

  long count(Severity s) {
    return result.findings().stream().filter(f -> f.finding().severity() == s).count();
  }

  /** The rule entry of method.json that a finding's ruleName names, when the method has one. */
  Optional<Object> ruleEntry(Finding f) {
    Object rules = result.method().get("rules");
    if (rules instanceof Map<?, ?> byName) {
      Object e = byName.get(f.ruleName());
      return Optional.ofNullable(e != null ? e : byName.get(f.rule()));
    }
    if (rules instanceof List<?> list) {
      for (Object e : list) {
        if (e instanceof Map<?, ?> m
            && (f.ruleName().equals(m.get("name")) || f.ruleName().equals(m.get("id")))) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }

  /** The jurisdiction-wide removal rate (removed / at risk). */
  double stateRate() {
    var t = result.metrics().total();
    return t.atRisk() == 0 ? Double.NaN : (double) t.removed() / t.atRisk();
  }
}
