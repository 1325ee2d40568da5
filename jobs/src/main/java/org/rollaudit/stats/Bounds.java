package org.rollaudit.stats;

/**
 * A two-sided confidence interval.
 *
 * @param low lower bound
 * @param high upper bound
 */
public record Bounds(double low, double high) {

  /** True when both bounds are finite numbers (safe to write to findings.json). */
  public boolean finite() {
    return Double.isFinite(low) && Double.isFinite(high);
  }
}
