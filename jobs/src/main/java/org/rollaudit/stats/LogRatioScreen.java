package org.rollaudit.stats;

/**
 * Random-effects screen of unit rates against their references on the log scale, the
 * overdispersion-robust test behind mass-deletion, bulk-field-change and same-day-batch.
 *
 * <p>Why: county removal rates differ by a multiplicative factor (roughly lognormal, σ ≈ 0.35 in
 * practice), so on the log scale each unit is y_i = μ + u_i + e_i with u_i ~ N(0, τ²) between-unit
 * variation and e_i the sampling error with the Katz variance v_i. A binomial test ignores τ and
 * flags dozens of ordinary counties; this screen estimates μ and τ robustly from the peers (median
 * and MAD, so the anomalies being looked for do not mask themselves) and scores
 *
 * <pre>
 *   y_i = ln( ((x_i+½)/(n_i+½)) / ((X_i+½)/(N_i+½)) )            (X, N: the unit's reference)
 *   v_i = 1/(x_i+½) − 1/(n_i+½) + 1/(X_i+½) − 1/(N_i+½)
 *   μ̂ = median(y)
 *   τ̂ = the τ &ge; 0 at which the standardised residuals r_i = (y_i − μ̂)/√(τ² + v_i) have a
 *        robust SD (1.4826·MAD, meanAD fallback) of exactly 1  (0 if they are below 1 at τ = 0)
 *   z_i = (y_i − μ̂)/√(τ̂² + v_i),  p_i = P(Z &ge; z_i)
 * </pre>
 *
 * The τ̂ equation is the Paule-Mandel moment estimator with a robust scale in place of the
 * variance: it weighs each unit's own sampling variance instead of subtracting an average one, so a
 * mix of large and small units neither hides nor invents spread.
 *
 * <p>The τ used is never below a floor {@code minTau}: when counts are small the sampling noise
 * hides the between-unit spread (τ̂ comes out 0), yet real units still differ, so a known minimum
 * heterogeneity is assumed. With fewer than {@code minPeers} units nothing is estimated: μ̂ = 0 and
 * τ = the floor. The +½ terms keep empty cells finite.
 *
 * @param center μ̂, the typical log rate ratio of the peers
 * @param tau the between-unit SD used: max(τ̂, floor)
 * @param tauEstimate τ̂ as estimated from the peers (0 when not estimated)
 * @param spread the robust SD of the peers' log rate ratios (sampling noise included)
 * @param peers number of units the fit used
 * @param estimated false when there were too few peers and nothing was estimated
 */
public record LogRatioScreen(
    double center, double tau, double tauEstimate, double spread, int peers, boolean estimated) {

  /**
   * Fits μ̂ and τ̂ on the peers.
   *
   * @param x unit counts
   * @param n unit trials
   * @param xRef reference counts (e.g. the rest of the state)
   * @param nRef reference trials
   * @param minPeers fewest units for an estimate
   * @param minTau floor of the between-unit SD (0 for none)
   */
  public static LogRatioScreen fit(
      long[] x, long[] n, long[] xRef, long[] nRef, int minPeers, double minTau) {
    int k = x.length;
    if (k < Math.max(3, minPeers)) {
      return new LogRatioScreen(0, minTau, 0, 0, k, false);
    }
    double[] y = new double[k];
    double[] v = new double[k];
    for (int i = 0; i < k; i++) {
      y[i] = logRatio(x[i], n[i], xRef[i], nRef[i]);
      v[i] = variance(x[i], n[i], xRef[i], nRef[i]);
    }
    RobustZ r = RobustZ.of(y);
    double tau = pauleMandel(y, v, r.center());
    return new LogRatioScreen(r.center(), Math.max(tau, minTau), tau, r.scale(), k, true);
  }

  /** Solves robustSD((y − μ)/√(τ² + v)) = 1 for τ by bisection (the left side falls as τ grows). */
  public static double pauleMandel(double[] y, double[] v, double mu) {
    if (residualScale(y, v, mu, 0) <= 1) {
      return 0;
    }
    double lo = 0;
    double hi = 1;
    while (residualScale(y, v, mu, hi) > 1 && hi < 1e6) {
      lo = hi;
      hi *= 2;
    }
    for (int i = 0; i < 100 && hi - lo > 1e-9; i++) {
      double mid = (lo + hi) / 2;
      if (residualScale(y, v, mu, mid) > 1) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  private static double residualScale(double[] y, double[] v, double mu, double tau) {
    double[] r = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      r[i] = (y[i] - mu) / Math.sqrt(tau * tau + Math.max(v[i], 1e-12));
    }
    return RobustZ.of(r).scale();
  }

  /** The ½-corrected log rate ratio y. */
  public static double logRatio(long x, long n, long xRef, long nRef) {
    return Math.log(((x + 0.5) / (n + 0.5)) / ((xRef + 0.5) / (nRef + 0.5)));
  }

  /** The Katz sampling variance v of {@link #logRatio}. */
  public static double variance(long x, long n, long xRef, long nRef) {
    return 1 / (x + 0.5) - 1 / (n + 0.5) + 1 / (xRef + 0.5) - 1 / (nRef + 0.5);
  }

  /** z of one unit against the fitted peers. */
  public double z(long x, long n, long xRef, long nRef) {
    double v = variance(x, n, xRef, nRef);
    return (logRatio(x, n, xRef, nRef) - center) / Math.sqrt(tau * tau + Math.max(v, 0));
  }

  /** One-sided p: P(Z &ge; z), "higher than ordinary peer variation explains". */
  public double pGreater(long x, long n, long xRef, long nRef) {
    return Normal.upperTail(z(x, n, xRef, nRef));
  }
}
