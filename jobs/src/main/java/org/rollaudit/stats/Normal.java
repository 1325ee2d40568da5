package org.rollaudit.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/** Standard normal quantiles and tails (Commons Statistics {@link NormalDistribution}). */
public final class Normal {
  private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

  private Normal() {}

  /**
   * The z with P(|Z| &le; z) = confidence, e.g. 1.959964 for 0.95.
   *
   * @param confidence two-sided confidence level, in (0, 1)
   */
  public static double twoSidedZ(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException(
          "Cannot compute z: confidence must be in (0, 1) (" + confidence + ")");
    }
    return STANDARD.inverseSurvivalProbability((1 - confidence) / 2);
  }

  /** P(Z &ge; z): the one-sided upper-tail p-value of a z statistic. */
  public static double upperTail(double z) {
    return STANDARD.survivalProbability(z);
  }
}
