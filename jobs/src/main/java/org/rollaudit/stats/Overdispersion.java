package org.rollaudit.stats;

/**
 * Quasi-binomial overdispersion (domain.md §4). Real county removal rates vary far more than a
 * binomial allows, so exact p-values across units are only trusted after checking the Pearson
 * dispersion factor
 *
 * <pre>
 *   φ = Σ (x_i − n_i p_i)² / (n_i p_i (1 − p_i)) / (k − params)
 * </pre>
 *
 * and, where φ &gt; 1, inflating the variance: z = (x − n p)/√(φ n p (1 − p)). Units whose expected
 * rate is 0 or 1 carry no information and are skipped.
 *
 * <p>Example: x = (10, 20, 30), n = 100 each, p = 0.2: residuals² / variance = 100/16, 0, 100/16, φ
 * = 12.5 / 2 = 6.25 with 1 parameter.
 */
public final class Overdispersion {
  private Overdispersion() {}

  /**
   * Pearson φ over units.
   *
   * @param x observed counts
   * @param n trials per unit
   * @param p expected rate per unit
   * @param params parameters estimated from the same data (1 for a pooled rate)
   * @return φ, or NaN when fewer than params + 1 informative units
   */
  public static double pearsonPhi(long[] x, long[] n, double[] p, int params) {
    double sum = 0;
    int k = 0;
    for (int i = 0; i < x.length; i++) {
      if (n[i] <= 0 || p[i] <= 0 || p[i] >= 1) {
        continue;
      }
      double mu = n[i] * p[i];
      double r = x[i] - mu;
      sum += r * r / (mu * (1 - p[i]));
      k++;
    }
    return k > params ? sum / (k - params) : Double.NaN;
  }

  /**
   * Quasi-binomial z: (x − n p)/√(φ n p (1 − p)); φ below 1 is raised to 1 (never more liberal).
   */
  public static double quasiBinomialZ(long x, long n, double p, double phi) {
    double f = Double.isFinite(phi) ? Math.max(1, phi) : 1;
    double var = f * n * p * (1 - p);
    if (var <= 0) {
      return x > n * p ? Double.POSITIVE_INFINITY : 0;
    }
    return (x - n * p) / Math.sqrt(var);
  }

  /** One-sided p of {@link #quasiBinomialZ}: P(Z &ge; z). */
  public static double quasiBinomialP(long x, long n, double p, double phi) {
    return Normal.upperTail(quasiBinomialZ(x, n, p, phi));
  }
}
