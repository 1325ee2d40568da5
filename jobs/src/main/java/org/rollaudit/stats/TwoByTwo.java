package org.rollaudit.stats;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.FisherExactTest;

/**
 * A 2×2 table "group vs rest" × "removed vs kept" (domain.md §4):
 *
 * <pre>
 *            removed   kept
 *   group       a        b        rate r_a = a/(a+b)
 *   rest        c        d        rate r_b = c/(c+d)
 * </pre>
 *
 * Effect sizes: rate ratio RR = r_a/r_b with the Katz log interval, odds ratio OR = ad/bc with the
 * Woolf log interval. When a cell the formula divides by is 0, every cell gets +0.5
 * (Haldane-Anscombe) so that the figures stay finite; {@link #corrected()} says when that happened.
 * Tests are one-sided (group removed more often): Fisher exact, or Pearson chi-square converted to
 * one side.
 *
 * <p>Example (Katz): a = 20 of 100, c = 10 of 100 gives RR = 2, 95% CI [0.99, 4.05].
 */
public record TwoByTwo(long a, long b, long c, long d) {
  private static final FisherExactTest FISHER_GREATER =
      FisherExactTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN);
  private static final ChiSquareTest CHI_SQUARE = ChiSquareTest.withDefaults();

  public TwoByTwo {
    if (a < 0 || b < 0 || c < 0 || d < 0) {
      throw new IllegalArgumentException(
          "Cannot build 2x2 table: negative cell (" + a + ", " + b + ", " + c + ", " + d + ")");
    }
  }

  /** Table of "x removed out of n" in the group against "xRest out of nRest" in the rest. */
  public static TwoByTwo ofRates(long x, long n, long xRest, long nRest) {
    return new TwoByTwo(x, n - x, xRest, nRest - xRest);
  }

  public long n() {
    return a + b + c + d;
  }

  /** Rate in the group, a/(a+b). */
  public double groupRate() {
    return a + b == 0 ? 0 : (double) a / (a + b);
  }

  /** Rate in the rest, c/(c+d). */
  public double restRate() {
    return c + d == 0 ? 0 : (double) c / (c + d);
  }

  /** True when a zero cell forces the +0.5 correction on the effect sizes. */
  public boolean corrected() {
    return a == 0 || b == 0 || c == 0 || d == 0;
  }

  /** RR = r_a / r_b (with +0.5 in every cell when one is 0). */
  public double rateRatio() {
    double k = corrected() ? 0.5 : 0;
    return ((a + k) / (a + b + 2 * k)) / ((c + k) / (c + d + 2 * k));
  }

  /** Katz interval: exp(ln RR ± z·√(1/a − 1/(a+b) + 1/c − 1/(c+d))). */
  public Bounds rateRatioInterval(double confidence) {
    double k = corrected() ? 0.5 : 0;
    double se = Math.sqrt(1 / (a + k) - 1 / (a + b + 2 * k) + 1 / (c + k) - 1 / (c + d + 2 * k));
    return logInterval(rateRatio(), se, confidence);
  }

  /** OR = ad / bc (with +0.5 in every cell when one is 0). */
  public double oddsRatio() {
    double k = corrected() ? 0.5 : 0;
    return ((a + k) * (d + k)) / ((b + k) * (c + k));
  }

  /** Woolf interval: exp(ln OR ± z·√(1/a + 1/b + 1/c + 1/d)). */
  public Bounds oddsRatioInterval(double confidence) {
    double k = corrected() ? 0.5 : 0;
    double se = Math.sqrt(1 / (a + k) + 1 / (b + k) + 1 / (c + k) + 1 / (d + k));
    return logInterval(oddsRatio(), se, confidence);
  }

  /** Expected count of cell a under independence, (a+b)(a+c)/n. */
  public double expectedA() {
    return n() == 0 ? 0 : (double) (a + b) * (a + c) / n();
  }

  /** The smallest of the four expected counts under independence (validity of chi-square). */
  public double minExpected() {
    double n = n();
    if (n == 0) {
      return 0;
    }
    double r1 = a + b;
    double r2 = c + d;
    double c1 = a + c;
    double c2 = b + d;
    return Math.min(Math.min(r1 * c1, r1 * c2), Math.min(r2 * c1, r2 * c2)) / n;
  }

  /** Fisher exact test, alternative "group removed more" (OR &gt; 1). Statistic: the OR. */
  public TestResult fisherGreater() {
    int[][] t = {
      {Ints.of(a, "cell a"), Ints.of(b, "cell b")}, {Ints.of(c, "cell c"), Ints.of(d, "cell d")}
    };
    return new TestResult(
        "Fisher exact, one-sided", FISHER_GREATER.statistic(t), FISHER_GREATER.test(t).getPValue());
  }

  /**
   * Pearson chi-square (df 1, no continuity correction) made one-sided: with X² = Z², the upper
   * tail of Z is p/2 when the group's count is above expectation and 1 − p/2 otherwise.
   */
  public TestResult chiSquareGreater() {
    long[][] t = {{a, b}, {c, d}};
    var r = CHI_SQUARE.test(t);
    double p2 = r.getPValue();
    double p = a > expectedA() ? p2 / 2 : 1 - p2 / 2;
    return new TestResult("Pearson chi-square, one-sided", r.getStatistic(), p);
  }

  /**
   * The 2×2 test domain.md prescribes: Fisher exact when any expected cell is below {@code
   * fisherBelowExpected} (5 by convention), else chi-square. A table with an empty row or column
   * carries no information: p = 1.
   */
  public TestResult testGreater(double fisherBelowExpected) {
    if (a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0) {
      return new TestResult("none (empty margin)", 0, 1);
    }
    return minExpected() < fisherBelowExpected ? fisherGreater() : chiSquareGreater();
  }

  static Bounds logInterval(double estimate, double se, double confidence) {
    double z = Normal.twoSidedZ(confidence);
    double log = Math.log(estimate);
    return new Bounds(Math.exp(log - z * se), Math.exp(log + z * se));
  }
}
