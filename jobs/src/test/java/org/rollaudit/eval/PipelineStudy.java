package org.rollaudit.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;
import org.rollaudit.generate.PlantTruth;
import org.rollaudit.stats.LogRatioScreen;
import org.rollaudit.stats.RobustZ;
import org.rollaudit.stats.TwoByTwo;

/**
 * Scores the full-pipeline audits: false alarms on clean rolls, the spread of county removal rates
 * in those rolls, and, on planted rolls, whether each plant was found and how well the matching
 * finding's evidence covers the planted voters.
 */
final class PipelineStudy {
  private PipelineStudy() {}

  static final List<String> SEVERITIES = List.of("high", "medium", "low");

  /** Spread of county removal rates in one clean roll (counties with at least minAtRisk). */
  record Spread(
      int counties,
      double stateRate,
      double sdLogRatio,
      double robustSdLogRatio,
      double netSd,
      double tauHat,
      double p10Ratio,
      double p90Ratio) {}

  /** One clean audit. */
  record Clean(
      long seed,
      Map<String, Integer> bySeverity,
      SortedMap<String, int[]> byRule,
      List<Map<String, Object>> notable,
      Spread spread,
      double seconds) {}

  /** One plant of one planted audit. */
  record PlantScore(
      long seed,
      String plant,
      int county,
      String countyName,
      int planted,
      boolean detected,
      String severity,
      long affected,
      double rateRatio,
      double q,
      double recall,
      double precision,
      double claimPrecision,
      double expectedBackground,
      List<String> related,
      String note) {}

  /** Findings of a planted audit that touch no planted voter, by severity and rule. */
  record Background(long seed, Map<String, Integer> bySeverity, List<String> findings) {}

  static Clean clean(PipelineAudits.Audit a, long minAtRisk) {
    Map<String, Integer> sev = new LinkedHashMap<>();
    SEVERITIES.forEach(s -> sev.put(s, 0));
    SortedMap<String, int[]> byRule = new TreeMap<>();
    List<Map<String, Object>> notable = new ArrayList<>();
    for (PipelineAudits.Found f : a.findings()) {
      sev.merge(f.severity(), 1, Integer::sum);
      byRule.computeIfAbsent(f.ruleName(), k -> new int[3])[SEVERITIES.indexOf(f.severity())]++;
      if (!"low".equals(f.severity())) {
        notable.add(describe(a, f));
      }
    }
    return new Clean(a.seed(), sev, byRule, notable, spread(a, minAtRisk), a.seconds());
  }

  /** A finding in a few words, for the tables. */
  static Map<String, Object> describe(PipelineAudits.Audit a, PipelineAudits.Found f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", a.seed());
    m.put("rule", f.ruleName());
    m.put("severity", f.severity());
    String county = f.unit().get("county_id");
    m.put(
        "unit",
        county == null
            ? "state"
            : county
                + " "
                + a.metrics().countyNames().getOrDefault(county, "?")
                + (f.unit().containsKey("precinct")
                    ? " precinct " + f.unit().get("precinct")
                    : ""));
    String what = "";
    if (!f.group().isEmpty()) {
      what = f.group().toString();
    } else if (f.evidenceEquals().containsKey("reason_after")) {
      what = "reason " + f.evidenceEquals().get("reason_after");
    } else if (f.changeKey() != null) {
      what = f.changeKey() + " " + f.changeValue();
    }
    m.put("what", what);
    m.put("affected", f.affected());
    m.put("rate_ratio", round(f.statistic().getOrDefault("rate_ratio", Double.NaN), 3));
    m.put("q_value", sig(f.statistic().getOrDefault("q_value", Double.NaN)));
    return m;
  }

  static Spread spread(PipelineAudits.Audit a, long minAtRisk) {
    Metrics m = a.metrics();
    SortedMap<String, Counts> counties = PipelineAudits.counties(m);
    long xs = 0;
    long ns = 0;
    for (Counts c : counties.values()) {
      xs += c.removed();
      ns += c.atRisk();
    }
    List<Double> y = new ArrayList<>();
    List<Double> v = new ArrayList<>();
    List<Double> ratio = new ArrayList<>();
    double state = ns == 0 ? 0 : (double) xs / ns;
    for (Counts c : counties.values()) {
      if (c.atRisk() < minAtRisk) {
        continue;
      }
      long x = c.removed();
      long n = c.atRisk();
      y.add(LogRatioScreen.logRatio(x, n, xs - x, ns - n));
      v.add(LogRatioScreen.variance(x, n, xs - x, ns - n));
      ratio.add(((double) x / n) / state);
    }
    double[] ya = y.stream().mapToDouble(Double::doubleValue).toArray();
    double mean = Arrays.stream(ya).average().orElse(0);
    double var =
        Arrays.stream(ya).map(t -> (t - mean) * (t - mean)).sum() / Math.max(1, ya.length - 1);
    double meanV = v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double[] r = ratio.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Spread(
        ya.length,
        state,
        Math.sqrt(var),
        RobustZ.of(ya).scale(),
        Math.sqrt(Math.max(0, var - meanV)),
        tauHat(a.method(), "mass-deletion-county"),
        quantile(r, 0.10),
        quantile(r, 0.90));
  }

  /** The fitted between-unit SD estimate of a rule entry, from method.json's content. */
  @SuppressWarnings("unchecked")
  static double tauHat(Map<String, Object> method, String entry) {
    Map<String, Object> rules = (Map<String, Object>) method.get("rules");
    for (Object e : (List<Object>) rules.get("entries")) {
      Map<String, Object> m = (Map<String, Object>) e;
      if (entry.equals(m.get("name")) && m.get("fit") instanceof Map) {
        Object t = ((Map<String, Object>) m.get("fit")).get("between_unit_sd_estimate");
        return t instanceof Number ? ((Number) t).doubleValue() : Double.NaN;
      }
    }
    return Double.NaN;
  }

  /** Test counts m per rule entry, from method.json's content. */
  @SuppressWarnings("unchecked")
  static SortedMap<String, Integer> tests(Map<String, Object> method) {
    SortedMap<String, Integer> out = new TreeMap<>();
    Map<String, Object> rules = (Map<String, Object>) method.get("rules");
    for (Object e : (List<Object>) rules.get("entries")) {
      Map<String, Object> m = (Map<String, Object>) e;
      if (m.get("m") instanceof Number) {
        out.put((String) m.get("name"), ((Number) m.get("m")).intValue());
      }
    }
    return out;
  }

  /**
   * Scores every plant of a planted audit. The matching finding is the plant's own rule on the
   * plant's county (removal-skew: county level, group race B; bulk-field-change: birth_year +1;
   * same-day-batch: reason RC). Recall = planted voters in its evidence / planted voters; precision
   * = planted voters in its evidence / evidence rows; claim precision, for the rules whose evidence
   * is by definition every such event of the unit or group (mass-deletion, removal-skew,
   * reregistration-churn and duplicate-match-removal against the rest of the state's rate), =
   * planted voters in the evidence / the excess the finding claims (affected minus the count
   * expected at the comparison rate), at most 1; for the others it equals precision.
   * nvra-quiet-period claims no excess, only a count of reportable removals, so its precision
   * counts as true the planted voters and, up to the county's own systematic removals ({@code
   * systematic}) beyond the plant, the other rows; {@code expected} (the rest of the state's
   * systematic share times the county's voters) is kept for the table. Confidential voters show as
   * CONFIDENTIAL in evidence; as many of those rows as there are confidential planted voters count
   * as planted (at most a row or two per plant).
   */
  static List<PlantScore> plants(
      PipelineAudits.Audit a,
      List<PlantTruth> truths,
      Set<String> confidential,
      double fisherBelow,
      Set<String> systematic,
      Set<String> namesakes) {
    List<PlantScore> out = new ArrayList<>();
    for (PlantTruth t : truths) {
      String county = Integer.toString(t.countyId());
      Set<String> planted = new HashSet<>(t.ncids());
      int plantedConfidential = 0;
      for (String id : t.ncids()) {
        plantedConfidential += confidential.contains(id) ? 1 : 0;
      }
      PipelineAudits.Found match = null;
      List<String> related = new ArrayList<>();
      for (PipelineAudits.Found f : a.findings()) {
        if (matches(t, county, f)) {
          match = f;
        } else if (f.evidenceIds().stream().anyMatch(planted::contains)) {
          related.add(f.ruleName() + " " + f.severity() + " " + describe(a, f).get("what"));
        }
      }
      double recall = 0;
      double precision = Double.NaN;
      double claim = Double.NaN;
      double expected = Double.NaN;
      if (match != null) {
        long hit = 0;
        long confRows = 0;
        for (String id : match.evidenceIds()) {
          hit += planted.contains(id) ? 1 : 0;
          confRows += "CONFIDENTIAL".equals(id) ? 1 : 0;
        }
        hit += Math.min(confRows, plantedConfidential);
        recall = (double) hit / planted.size();
        precision = match.evidenceIds().isEmpty() ? 0 : (double) hit / match.evidenceIds().size();
        claim = precision;
        Map<String, Double> s = match.statistic();
        switch (t.plant().id()) {
          case "mass-deletion", "reregistration-churn", "duplicate-match-removal" ->
              expected = s.getOrDefault("unit_size", 0.0) * s.getOrDefault("expected_rate", 0.0);
          case "removal-skew" ->
              expected =
                  s.getOrDefault("group_at_risk", 0.0) * s.getOrDefault("expected_rate", 0.0);
          case "nvra-quiet-period" -> {
            // A count of facts, not an excess: every removal with a systematic reason inside the
            // window is reportable, planted or not. Rows beyond the plant are true as far as the
            // county's own systematic removals (from the change set's reason cells) reach.
            long background = Math.max(0, countySystematic(a, county, systematic) - planted.size());
            long rows = match.evidenceIds().size();
            precision = rows == 0 ? 0 : (hit + Math.min(rows - hit, background)) / (double) rows;
            claim = precision;
            expected = s.getOrDefault("unit_size", 0.0) * restSystematicRate(a, county, systematic);
          }
          default -> {}
        }
        if (!Double.isNaN(expected) && !t.plant().id().equals("nvra-quiet-period")) {
          double excess = match.affected() - expected;
          claim = excess <= 0 ? 0 : Math.min(1, hit / excess);
        }
      }
      out.add(
          new PlantScore(
              a.seed(),
              t.plant().id(),
              t.countyId(),
              t.countyDesc(),
              t.ncids().size(),
              match != null,
              match == null ? "missed" : match.severity(),
              match == null ? 0 : match.affected(),
              match == null ? Double.NaN : match.statistic().getOrDefault("rate_ratio", Double.NaN),
              match == null ? Double.NaN : match.statistic().getOrDefault("q_value", Double.NaN),
              recall,
              precision,
              claim,
              expected,
              related,
              match == null ? missNote(a, t, fisherBelow) : partNote(t, match, namesakes)));
    }
    return out;
  }

  /**
   * Why planted voters are missing from a matching finding's evidence, where the evaluation knows:
   * duplicate-match-removal voters with a namesake of the same birth year on the current roll.
   */
  static String partNote(PlantTruth t, PipelineAudits.Found f, Set<String> namesakes) {
    if (!t.plant().id().equals("duplicate-match-removal")) {
      return "";
    }
    Set<String> shown = new HashSet<>(f.evidenceIds());
    long missing = t.ncids().stream().filter(id -> !shown.contains(id)).count();
    long explained =
        t.ncids().stream().filter(id -> !shown.contains(id) && namesakes.contains(id)).count();
    if (missing == 0) {
      return "";
    }
    return String.format(
        java.util.Locale.ROOT,
        "%d of the %d planted voters missing from the evidence have a namesake (same first and"
            + " last name and birth year) on the current roll, which the matcher can take as the"
            + " surviving record; %d of all %d planted voters have one",
        explained,
        missing,
        t.ncids().stream().filter(namesakes::contains).count(),
        t.ncids().size());
  }

  /** Removals with a systematic reason in {@code county}. */
  static long countySystematic(PipelineAudits.Audit a, String county, Set<String> systematic) {
    long x = 0;
    for (Metrics.ReasonCell c : a.metrics().removalReasons()) {
      if (county.equals(c.countyId()) && systematic.contains(c.reason())) {
        x += c.removed();
      }
    }
    return x;
  }

  /**
   * Removals with a systematic reason per at-risk voter in every county but {@code county}: what
   * the quiet-period rule would count in the plant county without the plant (the rule itself has no
   * comparison; inside a window every systematic removal is reportable).
   */
  static double restSystematicRate(PipelineAudits.Audit a, String county, Set<String> systematic) {
    long x = 0;
    for (Metrics.ReasonCell c : a.metrics().removalReasons()) {
      if (!county.equals(c.countyId()) && systematic.contains(c.reason())) {
        x += c.removed();
      }
    }
    long n = 0;
    for (Map.Entry<String, Counts> e : PipelineAudits.counties(a.metrics()).entrySet()) {
      n += e.getKey().equals(county) ? 0 : e.getValue().atRisk();
    }
    return n == 0 ? 0 : (double) x / n;
  }

  /**
   * Why a plant was missed, from the audit's own metrics: for removal-skew the county's 2×2 table,
   * its one-sided p-value and the number of tests the BH adjustment ran over; else the unit's
   * removal counts.
   */
  static String missNote(PipelineAudits.Audit a, PlantTruth t, double fisherBelow) {
    String county = Integer.toString(t.countyId());
    long gx = 0;
    long gn = 0;
    long ux = 0;
    long un = 0;
    for (Metrics.DemographicCell c : a.metrics().demographic()) {
      if (!county.equals(c.countyId())) {
        continue;
      }
      ux += c.counts().removed();
      un += c.counts().atRisk();
      if ("B".equals(c.race())) {
        gx += c.counts().removed();
        gn += c.counts().atRisk();
      }
    }
    if (t.plant().id().equals("removal-skew")) {
      TwoByTwo tb = TwoByTwo.ofRates(gx, gn, ux - gx, un - gn);
      double p = tb.testGreater(fisherBelow).pValue();
      int m = tests(a.method()).getOrDefault("removal-skew", 0);
      return String.format(
          java.util.Locale.ROOT,
          "Black voters are %.0f%% of the county's %,d at-risk voters: %,d of %,d removed against"
              + " %,d of %,d others (rate ratio %.2f); one-sided p = %.2g, but with m = %d tests BH"
              + " at q <= 0.01 needs p <= %.2g even for the smallest p-value",
          100.0 * gn / Math.max(1, un),
          un,
          gx,
          gn,
          ux - gx,
          un - gn,
          tb.rateRatio(),
          p,
          m,
          0.01 / Math.max(1, m));
    }
    return String.format(
        java.util.Locale.ROOT, "the county removed %,d of %,d at-risk voters", ux, un);
  }

  private static boolean matches(PlantTruth t, String county, PipelineAudits.Found f) {
    if (!f.rule().equals(t.plant().id()) || !county.equals(f.unit().get("county_id"))) {
      return false;
    }
    if (f.unit().containsKey("precinct")) {
      return false;
    }
    return switch (t.plant().id()) {
      case "removal-skew" -> "B".equals(f.group().get("race"));
      case "bulk-field-change" ->
          "birth_year".equals(f.changeKey()) && "+1".equals(f.changeValue());
      case "same-day-batch" -> "RC".equals(f.evidenceEquals().get("reason_after"));
      default -> true;
    };
  }

  /** Findings of a planted audit whose evidence holds no planted voter (false alarms there). */
  static Background background(PipelineAudits.Audit a, List<PlantTruth> truths) {
    Set<String> planted = new HashSet<>();
    truths.forEach(t -> planted.addAll(t.ncids()));
    Map<String, Integer> sev = new LinkedHashMap<>();
    SEVERITIES.forEach(s -> sev.put(s, 0));
    List<String> list = new ArrayList<>();
    for (PipelineAudits.Found f : a.findings()) {
      boolean touches = f.evidenceIds().stream().anyMatch(planted::contains);
      boolean plantCounty =
          truths.stream()
              .anyMatch(
                  t ->
                      Integer.toString(t.countyId()).equals(f.unit().get("county_id"))
                          && matches(t, Integer.toString(t.countyId()), f));
      if (!touches && !plantCounty) {
        sev.merge(f.severity(), 1, Integer::sum);
        list.add(f.ruleName() + " " + f.severity() + " " + describe(a, f).get("unit"));
      }
    }
    return new Background(a.seed(), sev, list);
  }

  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  static double round(double x, int digits) {
    if (!Double.isFinite(x)) {
      return x;
    }
    double f = Math.pow(10, digits);
    return Math.round(x * f) / f;
  }

  /** Three significant digits. */
  static double sig(double x) {
    if (!Double.isFinite(x) || x == 0) {
      return x;
    }
    return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", x));
  }
}
