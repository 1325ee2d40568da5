package org.rollaudit.stats;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * One-sided exact binomial test: P(X &ge; x) for X ~ Bin(n, p), via Commons Statistics {@link
 * BinomialTest} with the GREATER_THAN alternative. Used as "is this unit's count higher than the
 * rest of the state's rate predicts" (domain.md §4, leave-one-out).
 *
 * <p>Example: n = 20, x = 15, p = 0.5 gives 0.020695 (sum of C(20,k)/2^20 for k = 15..20).
 */
public final class ExactBinomial {
  private static final BinomialTest GREATER =
      BinomialTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN);

  private ExactBinomial() {}

  /**
   * P(X &ge; x) for X ~ Bin(n, p). A reference rate of exactly 0 gives 0 for any x &ge; 1 (the
   * event never happens elsewhere); callers guard against that with effect-size and count floors.
   */
  public static double upperTail(long x, long n, double p) {
    if (x <= 0) {
      return 1.0;
    }
    if (p <= 0) {
      return 0.0;
    }
    if (p >= 1) {
      return 1.0;
    }
    return GREATER.test(Ints.of(n, "trials"), Ints.of(x, "successes"), p).getPValue();
  }
}
