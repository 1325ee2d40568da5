package org.rollaudit.rules;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.rollaudit.audit.Metrics;
import org.rollaudit.stats.ExactBinomial;
import org.rollaudit.stats.RobustZ;

/**
 * The own-history comparison of mass-deletion (domain.md §4, "vs own history"): the unit's removal
 * rate per voter-day now against the same rate in its earlier intervals, scored with the
 * Iglewicz-Hoaglin robust z (median/MAD, meanAD fallback) and, because a small county's rate swings
 * by chance, the conditional exact binomial test of its counts. Rates are per voter-day because
 * intervals differ in length. With {@code phase_window_days} &gt; 0 only intervals that start
 * within that many days of the same date 1, 2, ... cycles earlier count: removals follow the
 * two-year election cycle, so "last month" is a poor baseline.
 *
 * @param intervals earlier intervals used
 * @param medianDailyRate the median of their removal rates per voter-day
 * @param dailyRate the current interval's removal rate per voter-day
 * @param ratio dailyRate / medianDailyRate (infinite when the median is 0)
 * @param robustZ modified z of dailyRate among the earlier rates (NaN when they have no spread)
 * @param pValue conditional exact test of the counts: given x now and X before, x ~ Bin(x + X, E/(E
 *     + E_before)), E = voter-days at risk (domain.md §4); guards against small counts, whose rates
 *     swing by chance while the robust z only sees the spread of earlier rates. The caller adjusts
 *     it across every county compared ({@link #passes} takes the adjusted value).
 */
record OwnHistory(
    int intervals,
    double medianDailyRate,
    double dailyRate,
    double ratio,
    double robustZ,
    double pValue) {

  /** The history block of a mass-deletion rule entry. */
  record Config(
      boolean enabled,
      int minIntervals,
      double minRobustZ,
      double minRatio,
      double maxQ,
      int cycleYears,
      int phaseWindowDays) {
    static Config of(Rule r) {
      return new Config(
          r.flag("history", "enabled"),
          (int) r.integer("history", "min_intervals"),
          r.number("history", "min_robust_z"),
          r.number("history", "min_ratio"),
          r.number("history", "max_q"),
          (int) r.integer("history", "cycle_years"),
          (int) r.integer("history", "phase_window_days"));
    }
  }

  /**
   * The earlier intervals of the county that the comparison may use (same phase, not overlapping
   * the current one): what the finding reports when there are too few of them to compare.
   */
  static int usable(Metrics m, String countyId, Config cfg) {
    LocalDate b = m.baseline().asOf();
    int n = 0;
    for (Metrics.HistoryPoint h : m.history()) {
      if (usable(h, countyId, b, cfg)) {
        n++;
      }
    }
    return n;
  }

  private static boolean usable(Metrics.HistoryPoint h, String countyId, LocalDate b, Config cfg) {
    long d = ChronoUnit.DAYS.between(h.baselineAsOf(), h.currentAsOf());
    return h.countyId().equals(countyId)
        && d > 0
        && h.atRisk() > 0
        && !h.currentAsOf().isAfter(b)
        && inPhase(h.baselineAsOf(), b, cfg);
  }

  /**
   * Compares one county with its history; null when history is off or too short.
   *
   * @param removed removals now
   */
  static OwnHistory of(Metrics m, String countyId, long atRisk, long removed, Config cfg) {
    if (!cfg.enabled() || atRisk <= 0) {
      return null;
    }
    LocalDate b = m.baseline().asOf();
    long days = ChronoUnit.DAYS.between(b, m.current().asOf());
    if (days <= 0) {
      return null;
    }
    List<Double> rates = new ArrayList<>();
    double exposureBefore = 0;
    long removedBefore = 0;
    for (Metrics.HistoryPoint h : m.history()) {
      if (!usable(h, countyId, b, cfg)) {
        continue;
      }
      long d = ChronoUnit.DAYS.between(h.baselineAsOf(), h.currentAsOf());
      rates.add((double) h.removed() / ((double) h.atRisk() * d));
      exposureBefore += (double) h.atRisk() * d;
      removedBefore += h.removed();
    }
    if (rates.size() < cfg.minIntervals()) {
      return null;
    }
    double[] r = rates.stream().mapToDouble(Double::doubleValue).toArray();
    RobustZ robust = RobustZ.of(r);
    double now = (double) removed / ((double) atRisk * days);
    double ratio =
        robust.center() > 0 ? now / robust.center() : (now > 0 ? Double.POSITIVE_INFINITY : 1);
    double exposure = (double) atRisk * days;
    double p =
        ExactBinomial.upperTail(
            removed, removed + removedBefore, exposure / (exposure + exposureBefore));
    return new OwnHistory(r.length, robust.center(), now, ratio, robust.z(now), p);
  }

  /**
   * True when the comparison fires: robust z, ratio, the adjusted p-value q and the count all pass.
   * With no spread at all in the history (e.g. always 0) the robust z is undefined and the other
   * conditions decide.
   */
  boolean passes(double q, Config cfg, long removed, long minAffected) {
    boolean zPasses =
        Double.isNaN(robustZ) ? dailyRate > medianDailyRate : robustZ >= cfg.minRobustZ();
    return zPasses && ratio >= cfg.minRatio() && q <= cfg.maxQ() && removed >= minAffected;
  }

  /** Same phase: within the window of the current baseline date shifted back by whole cycles. */
  private static boolean inPhase(LocalDate start, LocalDate current, Config cfg) {
    if (cfg.phaseWindowDays() <= 0) {
      return true;
    }
    for (int k = 1; k <= 50; k++) {
      LocalDate shifted = current.minusYears((long) k * cfg.cycleYears());
      if (Math.abs(ChronoUnit.DAYS.between(shifted, start)) <= cfg.phaseWindowDays()) {
        return true;
      }
      if (shifted.isBefore(start.minusDays(cfg.phaseWindowDays()))) {
        return false;
      }
    }
    return false;
  }
}
