package org.rollaudit.stats;

import org.apache.commons.statistics.interval.BinomialConfidenceInterval;
import org.apache.commons.statistics.interval.Interval;

/**
 * Confidence intervals for one rate x/n (domain.md §4): Wilson score for every reported rate,
 * Clopper-Pearson (exact) when events are few or the rate is near 0. Both come from
 * commons-statistics-interval's {@link BinomialConfidenceInterval}.
 *
 * <p>Example: x = 10, n = 100, 95% gives Wilson [0.0552, 0.1744] and Clopper-Pearson [0.0490,
 * 0.1762] (Newcombe 1998, Table I).
 */
public final class Proportions {
  private Proportions() {}

  /** Wilson score interval for x successes out of n. */
  public static Bounds wilson(long x, long n, double confidence) {
    return interval(BinomialConfidenceInterval.WILSON_SCORE, x, n, confidence);
  }

  /** Clopper-Pearson exact interval for x successes out of n. */
  public static Bounds clopperPearson(long x, long n, double confidence) {
    return interval(BinomialConfidenceInterval.CLOPPER_PEARSON, x, n, confidence);
  }

  /**
   * The interval a report should show: Clopper-Pearson when {@code x < exactBelow} (rates from few
   * events, and court tables, want the exact bound), Wilson otherwise.
   */
  public static Bounds reported(long x, long n, double confidence, long exactBelow) {
    return x < exactBelow ? clopperPearson(x, n, confidence) : wilson(x, n, confidence);
  }

  /** Name of the interval {@link #reported} uses for x events, for method.json. */
  public static String reportedMethod(long x, long exactBelow) {
    return x < exactBelow ? "Clopper-Pearson" : "Wilson score";
  }

  private static Bounds interval(
      BinomialConfidenceInterval kind, long x, long n, double confidence) {
    if (n <= 0) {
      return new Bounds(0, 1);
    }
    if (x < 0 || x > n) {
      throw new IllegalArgumentException(
          "Cannot compute interval: need 0 <= x <= n (" + x + ", " + n + ")");
    }
    Interval i = kind.fromErrorRate(Ints.of(n, "trials"), Ints.of(x, "successes"), 1 - confidence);
    return new Bounds(i.getLowerBound(), i.getUpperBound());
  }
}
