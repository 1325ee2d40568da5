package org.rollaudit.rules;

import java.util.LinkedHashMap;
import org.rollaudit.audit.Severity;

/**
 * The flag and severity thresholds every rule entry carries (rules/README.md, "Common parameters").
 * A unit or group is flagged only when the q-value is small AND the effect is large AND enough
 * voters are affected: with millions of voters tiny differences are "significant" (domain.md §4).
 * Among flagged results, {@code high} and {@code medium} bands are stricter on all three; the rest
 * are {@code low}.
 *
 * @param maxQ flag when q &le; this
 * @param minRateRatio flag when the rate ratio &ge; this
 * @param minAffected flag when at least this many voters are affected (11: the disclosure floor)
 * @param confidence two-sided level of every interval
 * @param exactBelow Clopper-Pearson instead of Wilson for rates from fewer events
 * @param high the high band
 * @param medium the medium band
 */
public record Thresholds(
    double maxQ,
    double minRateRatio,
    long minAffected,
    double confidence,
    long exactBelow,
    Band high,
    Band medium) {

  /** One severity band: all three conditions must hold. */
  public record Band(double maxQ, double minRateRatio, long minAffected) {
    boolean admits(double q, double rateRatio, long affected) {
      return q <= maxQ && rateRatio >= minRateRatio && affected >= minAffected;
    }

    static Band of(Rule r, String band) {
      return new Band(
          r.number("severity", band, "max_q"),
          r.number("severity", band, "min_rate_ratio"),
          r.integer("severity", band, "min_affected"));
    }
  }

  /** Reads the common keys of a rule entry. */
  public static Thresholds of(Rule r) {
    return new Thresholds(
        r.number("max_q"),
        r.number("min_rate_ratio"),
        r.integer("min_affected"),
        r.number("confidence"),
        r.integer("exact_interval_below"),
        Band.of(r, "high"),
        Band.of(r, "medium"));
  }

  /** True when the result is a finding at all. */
  public boolean flags(double q, double rateRatio, long affected) {
    return new Band(maxQ, minRateRatio, minAffected).admits(q, rateRatio, affected);
  }

  /** The severity of a flagged result: the strictest band it meets, else low. */
  public Severity severity(double q, double rateRatio, long affected) {
    if (high.admits(q, rateRatio, affected)) {
      return Severity.HIGH;
    }
    return medium.admits(q, rateRatio, affected) ? Severity.MEDIUM : Severity.LOW;
  }

  /** The decision rule in words, for method.json. */
  public LinkedHashMap<String, Object> describe() {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put(
        "flag_when",
        "q_value <= "
            + Plain.number(maxQ)
            + " and rate_ratio >= "
            + Plain.number(minRateRatio)
            + " and affected >= "
            + minAffected);
    m.put("high_when", band(high));
    m.put("medium_when", band(medium));
    m.put("low_when", "flagged but neither high nor medium");
    return m;
  }

  private static String band(Band b) {
    return "q_value <= "
        + Plain.number(b.maxQ())
        + " and rate_ratio >= "
        + Plain.number(b.minRateRatio())
        + " and affected >= "
        + b.minAffected();
  }
}
