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
