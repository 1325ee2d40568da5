package org.rollaudit.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.statistics.interval.BinomialConfidenceInterval;
import org.apache.commons.statistics.interval.Interval;
import org.rollaudit.audit.Counts;
import org.rollaudit.report.Suppression.Mark;

/**
 * One row of a removal-rate table or chart, already suppressed for the bundle's disclosure. The
 * rate's interval is the 95% Wilson score interval (commons-statistics), the one domain.md asks for
 * on every reported rate.
 *
 * @param key the unit or group code
 * @param label what a reader sees (data: escape it)
 * @param atRisk baseline voters with status A or I
 * @param removed removed voters
 * @param highlighted whether a finding is about this row
 */
record RateRow(
    String key,
    String label,
    long atRisk,
    Mark atRiskMark,
    long removed,
    Mark removedMark,
    double low,
    double high,
    boolean highlighted) {

  static final double ALPHA = 0.05;

  double rate() {
    return atRisk == 0 ? Double.NaN : (double) removed / atRisk;
  }

  /** The rate (and its interval) may not be shown: hidden count, or no one at risk. */
  boolean rateHidden() {
    return Suppression.hidesRate(removedMark, atRiskMark) || atRisk == 0;
  }

  String rateText() {
    if (rateHidden()) {
      return atRisk == 0 ? "n/a" : "\u2014";
    }
    return NumberText.percent(rate(), NumberText.DISPLAY_DIGITS);
  }

  String intervalText() {
    if (rateHidden() || !Double.isFinite(low)) {
      return "\u2014";
    }
    return NumberText.percent(low, NumberText.DISPLAY_DIGITS)
        + " \u2013 "
        + NumberText.percent(high, NumberText.DISPLAY_DIGITS);
  }

  /**
   * The counties whose removed count a finding already publishes as its {@code affected} (a
   * county-wide finding on exactly the county's removals, such as mass-deletion): pinning them
   * hides nothing. Other findings of a county (a field change, a group, a precinct) publish other
   * counts, so its small removed count stays hidden.
   */
  static Set<String> removalsPublished(
      Map<String, Counts> counties, List<org.rollaudit.audit.NumberedFinding> findings) {
    Set<String> out = new java.util.TreeSet<>();
    for (org.rollaudit.audit.NumberedFinding nf : findings) {
      org.rollaudit.audit.Finding f = nf.finding();
      String c = f.unit().get("county_id");
      if (c == null || f.unit().size() != 1 || !f.group().isEmpty()) {
        continue;
      }
      Counts n = counties.get(Aggregates.key(c));
      if (n != null && n.removed() == f.affected()) {
        out.add(Aggregates.key(c));
      }
    }
    return out;
  }

  /**
   * Rows for a partition (counties of the state, groups of a county ...), suppressed as one
   * partition per column when {@code suppress} is set.
   *
   * @param cells the partition, in display order
   * @param label key to label
   * @param highlight keys that a finding is about
   * @param pinned keys whose removed count is already public (a finding's affected)
   */
  static List<RateRow> of(
      Map<String, Counts> cells,
      Function<String, String> label,
      Set<String> highlight,
      Set<String> pinned,
      boolean suppress) {
    List<String> keys = new ArrayList<>(cells.keySet());
    List<Long> removed = new ArrayList<>();
    List<Long> atRisk = new ArrayList<>();
    boolean[] pin = new boolean[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      Counts c = cells.get(keys.get(i));
      removed.add(c.removed());
      atRisk.add(c.atRisk());
      pin[i] = pinned.contains(keys.get(i));
    }
    List<Mark> rm = suppress ? Suppression.partition(removed, pin) : Suppression.none(keys.size());
    List<Mark> am = suppress ? Suppression.partition(atRisk) : Suppression.none(keys.size());
    List<RateRow> rows = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      double[] ci = wilson(removed.get(i), atRisk.get(i));
      rows.add(
          new RateRow(
              k,
              label.apply(k),
              atRisk.get(i),
              am.get(i),
              removed.get(i),
              rm.get(i),
              ci[0],
              ci[1],
              highlight.contains(k)));
    }
    return rows;
  }

  /** 95% Wilson score interval, {NaN, NaN} when undefined (no one at risk, or beyond int range). */
  static double[] wilson(long x, long n) {
    if (n <= 0 || x < 0 || x > n || n > Integer.MAX_VALUE) {
      return new double[] {Double.NaN, Double.NaN};
    }
    Interval i = BinomialConfidenceInterval.WILSON_SCORE.fromErrorRate((int) n, (int) x, ALPHA);
    // At x = 0 (x = n) the exact bound is 0 (1); floating point leaves 1e-17 or so, which would
    // print as "6.94e-16%".
    double low = x == 0 ? 0 : i.getLowerBound();
    double high = x == n ? 1 : i.getUpperBound();
    return new double[] {low, high};
  }
}
