package org.rollaudit.generate;

import java.util.SplittableRandom;

/** Draws an index with probability proportional to fixed weights (cumulative table search). */
final class Weighted {
  private final double[] cum;

  Weighted(double... weights) {
    if (weights.length == 0) {
      throw new IllegalArgumentException("no weights");
    }
    cum = new double[weights.length];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0)) {
        throw new IllegalArgumentException("negative or NaN weight at " + i);
      }
      total += weights[i];
      cum[i] = total;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("weights sum to zero");
    }
    for (int i = 0; i < cum.length; i++) {
      cum[i] /= total;
    }
    cum[cum.length - 1] = 1.0;
  }

  /** Zipf-like weights 1/(i+offset)^s, for name lists ordered from most to least common. */
  static Weighted zipf(int n, double offset, double s) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 1.0 / Math.pow(i + offset, s);
    }
    return new Weighted(w);
  }

  int size() {
    return cum.length;
  }

  int pick(SplittableRandom rng) {
    return pick(rng.nextDouble());
  }

  /** Index for a uniform {@code u} in [0,1). */
  int pick(double u) {
    int lo = 0;
    int hi = cum.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (u < cum[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Probability of index i. */
  double probability(int i) {
    return i == 0 ? cum[0] : cum[i] - cum[i - 1];
  }
}
