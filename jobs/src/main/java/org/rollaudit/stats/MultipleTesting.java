package org.rollaudit.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Multiplicity adjustment across the m tests a rule actually ran (domain.md §4). Commons Statistics
 * has none, so the two formulas live here. Ties are broken by input position, so the result never
 * depends on sort stability.
 *
 * <pre>
 *   Benjamini-Hochberg: sort p ascending; q_(i) = min over j &ge; i of min(1, m·p_(j)/j)
 *   Holm:               p_adj(i) = max over j &le; i of min(1, (m − j + 1)·p_(j))
 * </pre>
 *
 * <p>Example: p = (0.01, 0.04, 0.03, 0.005) gives BH q = (0.02, 0.04, 0.04, 0.02) and Holm (0.03,
 * 0.06, 0.06, 0.02).
 *
 * <p>Discrete tests (Fisher exact on small counts) often cannot reach a small p-value at all, given
 * their margins; {@link #attainable} drops those from the family before adjusting (Tarone 1990;
 * Gilbert 2005 for BH).
 */
public final class MultipleTesting {
  private MultipleTesting() {}

  /**
   * Adjusted p-values by name: {@code benjamini-hochberg} (false discovery rate, the default for
   * screening) or {@code holm} (family-wise error rate, for confirmatory, court-facing claims).
   */
  public static double[] adjust(String method, double[] p) {
    return switch (method) {
      case "benjamini-hochberg" -> benjaminiHochberg(p);
      case "holm" -> holm(p);
      default ->
          throw new IllegalArgumentException(
              "Cannot adjust p-values: unknown method (" + method + ")");
    };
  }

  /** Benjamini-Hochberg q-values, in the order of the input. */
  public static double[] benjaminiHochberg(double[] p) {
    int m = p.length;
    Integer[] order = ascending(p);
    double[] q = new double[m];
    double running = 1.0;
    for (int rank = m; rank >= 1; rank--) {
      int i = order[rank - 1];
      running = Math.min(running, Math.min(1.0, m * p[i] / rank));
      q[i] = running;
    }
    return q;
  }

  /** Holm step-down adjusted p-values, in the order of the input (reject where &le; α). */
  public static double[] holm(double[] p) {
    int m = p.length;
    Integer[] order = ascending(p);
    double[] adj = new double[m];
    double running = 0.0;
    for (int rank = 1; rank <= m; rank++) {
      int i = order[rank - 1];
      running = Math.max(running, Math.min(1.0, (m - rank + 1) * p[i]));
      adj[i] = running;
    }
    return adj;
  }

  /**
   * The tests that stay in the family under Tarone's (1990) selection, as Gilbert (2005, Appl.
   * Statist. 54:143) uses it for Benjamini-Hochberg: with m(K) = #{i : minP_i &le; α/K}, take the
   * smallest K &ge; 1 with m(K) &le; K and keep the tests with minP_i &le; α/K. minP_i is the
   * smallest p-value test i could give with its margins fixed (1 when it could never make a
   * finding); it does not look at the observed data, so the kept family is fixed before any p-value
   * is seen and BH (or Holm) on it keeps its guarantee at level α. A dropped test could not have
   * been rejected at level α/K anyway, so dropping it only shrinks m.
   *
   * @param minP per test, the smallest attainable p-value
   * @param alpha the level the family is adjusted for (the rule's max_q)
   */
  public static boolean[] attainable(double[] minP, double alpha) {
    int m = minP.length;
    double[] sorted = minP.clone();
    Arrays.sort(sorted);
    int k = 1;
    // m(K) counts sorted values <= alpha/K; m(K) falls as K grows, and K = m always qualifies
    while (k < m && countAtMost(sorted, alpha / k) > k) {
      k++;
    }
    double cut = alpha / k;
    boolean[] keep = new boolean[m];
    for (int i = 0; i < m; i++) {
      keep[i] = minP[i] <= cut;
    }
    return keep;
  }

  private static int countAtMost(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static Integer[] ascending(double[] p) {
    for (double v : p) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("Cannot adjust p-values: not a probability (" + v + ")");
      }
    }
    Integer[] order = new Integer[p.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> p[i]).thenComparingInt(i -> i));
    return order;
  }
}
