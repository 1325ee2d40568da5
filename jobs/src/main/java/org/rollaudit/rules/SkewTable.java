package org.rollaudit.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.Counts;
import org.rollaudit.stats.Bounds;
import org.rollaudit.stats.MantelHaenszel;
import org.rollaudit.stats.TestResult;
import org.rollaudit.stats.TwoByTwo;

/**
 * Removed and at-risk counts of one demographic group against the rest of its unit, split into
 * strata (e.g. age bands, or counties × age bands statewide), and the one-sided test of "removed
 * more often than the rest": a plain 2×2 test (Fisher exact when an expected cell is below the
 * threshold, else chi-square) without strata, Mantel-Haenszel with them.
 */
final class SkewTable {
  /**
   * Per stratum holding group members: group removed, group at risk, rest removed, rest at risk.
   * Strata without group members add nothing to any Mantel-Haenszel sum, so they are left out.
   */
  private final SortedMap<String, long[]> strata = new TreeMap<>();

  private final boolean stratified;
  private final long unitRemoved;
  private final long unitAtRisk;

  /**
   * @param group per stratum: the group's removed and at-risk counts
   * @param totals per stratum: removed and at-risk counts of the whole unit
   */
  SkewTable(Map<String, long[]> group, Map<String, long[]> totals, boolean stratified) {
    this.stratified = stratified;
    long r = 0;
    long n = 0;
    for (long[] t : totals.values()) {
      r += t[0];
      n += t[1];
    }
    this.unitRemoved = r;
    this.unitAtRisk = n;
    group.forEach(
        (s, g) -> {
          long[] t = totals.get(s);
          strata.put(s, new long[] {g[0], g[1], t[0] - g[0], t[1] - g[1]});
        });
  }

  /**
   * The same margins with every stratum at its most extreme: as many group removals as possible.
   */
  private SkewTable(SkewTable t) {
    this.stratified = t.stratified;
    this.unitRemoved = t.unitRemoved;
    this.unitAtRisk = t.unitAtRisk;
    t.strata.forEach(
        (s, v) -> {
          long x = Math.min(v[0] + v[2], v[1]);
          strata.put(s, new long[] {x, v[1], v[0] + v[2] - x, v[3]});
        });
  }

  /**
   * The table with the same margins (at-risk and removed counts per stratum) and the most group
   * removals they allow: its test gives the smallest p-value, and the largest rate ratio and
   * affected count, this test could ever show (Tarone 1990), whatever the data inside the margins.
   */
  SkewTable mostExtreme() {
    return new SkewTable(this);
  }

  /** Sums removed and at-risk counts of a cell into a per-stratum map. */
  static void add(Map<String, long[]> into, String stratum, Counts c) {
    long[] v = into.computeIfAbsent(stratum, k -> new long[2]);
    v[0] += c.removed();
    v[1] += c.atRisk();
  }

  long groupRemoved() {
    return sum(0);
  }

  long groupAtRisk() {
    return sum(1);
  }

  long restRemoved() {
    return unitRemoved - groupRemoved();
  }

  long restAtRisk() {
    return unitAtRisk - groupAtRisk();
  }

  int strataCount() {
    return strata.size();
  }

  /**
   * The group's expected rate at the rest's rates: the crude rest rate without strata, the
   * indirectly standardised rate Σ N_g,i·r_rest,i / N_g with them (a stratum without any "rest"
   * voters contributes the group's own count: it carries no comparison).
   */
  double expectedRate() {
    if (!stratified) {
      return restAtRisk() > 0 ? (double) restRemoved() / restAtRisk() : 0;
    }
    double e = 0;
    for (long[] v : strata.values()) {
      e += v[3] > 0 ? v[1] * ((double) v[2] / v[3]) : v[0];
    }
    return groupAtRisk() > 0 ? e / groupAtRisk() : 0;
  }

  /** The test and effect sizes. */
  Result test(double fisherBelowExpected, double confidence) {
    if (!stratified) {
      TwoByTwo t = TwoByTwo.ofRates(groupRemoved(), groupAtRisk(), restRemoved(), restAtRisk());
      TestResult r = t.testGreater(fisherBelowExpected);
      return new Result(
          r.method(),
          r.statistic(),
          r.pValue(),
          t.rateRatio(),
          t.rateRatioInterval(confidence),
          t.oddsRatio(),
          t.oddsRatioInterval(confidence),
          t.minExpected());
    }
    List<TwoByTwo> tables = new ArrayList<>();
    for (Map.Entry<String, long[]> e : strata.entrySet()) {
      long[] v = e.getValue();
      tables.add(TwoByTwo.ofRates(v[0], v[1], v[2], v[3]));
    }
    MantelHaenszel mh = MantelHaenszel.pool(tables, confidence);
    return new Result(
        "Mantel-Haenszel, one-sided, continuity-corrected",
        mh.chiSquare(),
        mh.pGreater(),
        mh.rateRatio(),
        mh.rateRatioBounds(),
        mh.oddsRatio(),
        mh.oddsRatioBounds(),
        Double.NaN);
  }

  /** A test outcome with both effect sizes (rate ratio is the one thresholds use). */
  record Result(
      String method,
      double statistic,
      double pValue,
      double rateRatio,
      Bounds rateRatioBounds,
      double oddsRatio,
      Bounds oddsRatioBounds,
      double minExpected) {}

  private long sum(int i) {
    long s = 0;
    for (long[] v : strata.values()) {
      s += v[i];
    }
    return s;
  }
}
