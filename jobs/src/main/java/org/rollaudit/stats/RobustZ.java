package org.rollaudit.stats;

import java.util.Arrays;

/**
 * Iglewicz-Hoaglin modified z-scores: M = 0.6745·(x − median)/MAD, flag |M| &gt; 3.5. When the MAD
 * is 0 (more than half the values equal), the fallback is (x − median)/(1.253314·meanAD), meanAD
 * being the mean absolute deviation from the median (domain.md §4). Both constants make the scale
 * match a normal standard deviation.
 *
 * <p>Example: values 1, 2, 3, 4, 100: median 3, MAD 1, so M(100) = 0.6745·97 = 65.4.
 *
 * @param center the median
 * @param mad median absolute deviation from the median
 * @param meanAd mean absolute deviation from the median
 * @param size number of values
 */
public record RobustZ(double center, double mad, double meanAd, int size) {

  /** Consistency constant: 0.6745 = Φ⁻¹(0.75), so 1/0.6745 = 1.4826 scales MAD to σ. */
  public static final double MAD_FACTOR = 0.6745;

  /** √(π/2): scales the mean absolute deviation to σ for a normal sample. */
  public static final double MEAN_AD_FACTOR = 1.253314;

  /** The peers' location and spread. */
  public static RobustZ of(double[] values) {
    if (values.length == 0) {
      return new RobustZ(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double med = median(values);
    double[] dev = new double[values.length];
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      dev[i] = Math.abs(values[i] - med);
      sum += dev[i];
    }
    return new RobustZ(med, median(dev), sum / values.length, values.length);
  }

  /**
   * The modified z of x against the peers. NaN when the peers have no spread at all (every value
   * equal): then no scale exists and the caller must not judge.
   */
  public double z(double x) {
    if (mad > 0) {
      return MAD_FACTOR * (x - center) / mad;
    }
    if (meanAd > 0) {
      return (x - center) / (MEAN_AD_FACTOR * meanAd);
    }
    return Double.NaN;
  }

  /** The robust standard deviation: MAD/0.6745, or 1.253314·meanAD when MAD = 0; 0 if neither. */
  public double scale() {
    if (mad > 0) {
      return mad / MAD_FACTOR;
    }
    return meanAd > 0 ? MEAN_AD_FACTOR * meanAd : 0;
  }

  /** Median of the values (mean of the two middle ones for an even count); the input is copied. */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int h = s.length / 2;
    return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
  }
}
