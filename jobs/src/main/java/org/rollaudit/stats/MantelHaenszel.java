package org.rollaudit.stats;

import java.util.List;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Cochran-Mantel-Haenszel analysis of K 2×2 tables (strata such as counties or age bands), the
 * statewide skew test of domain.md §4 that avoids Simpson's paradox. Commons Statistics has no CMH,
 * so the formulas are written here on top of its chi-square and normal distributions:
 *
 * <pre>
 *   OR_MH = Σ(a_i d_i / n_i) / Σ(b_i c_i / n_i)             (Robins-Breslow-Greenland CI)
 *   RR_MH = Σ(a_i (c_i+d_i) / n_i) / Σ(c_i (a_i+b_i) / n_i)   (Greenland-Robins CI)
 *   E_i   = (a_i+b_i)(a_i+c_i)/n_i
 *   V_i   = (a_i+b_i)(c_i+d_i)(a_i+c_i)(b_i+d_i) / (n_i² (n_i − 1))
 *   X²_MH = (|Σ(a_i − E_i)| − ½)² / ΣV_i,  df = 1
 * </pre>
 *
 * Strata with fewer than 2 voters carry no information and are skipped. If a pooled denominator is
 * 0, the pooled ratios are recomputed with +0.5 in every cell of every stratum.
 *
 * @param strata strata that entered the pool
 * @param observed Σ a_i
 * @param expected Σ E_i
 * @param variance Σ V_i
 * @param chiSquare X²_MH with continuity correction
 * @param pTwoSided upper tail of X²_MH on χ²(1)
 * @param pGreater one-sided p for "group removed more": P(Z &ge; (Σ(a−E) − ½)/√ΣV)
 * @param oddsRatio OR_MH
 * @param oddsRatioBounds its RBG interval
 * @param rateRatio RR_MH
 * @param rateRatioBounds its Greenland-Robins interval
 */
public record MantelHaenszel(
    int strata,
    double observed,
    double expected,
    double variance,
    double chiSquare,
    double pTwoSided,
    double pGreater,
    double oddsRatio,
    Bounds oddsRatioBounds,
    double rateRatio,
    Bounds rateRatioBounds) {

  private static final ChiSquaredDistribution CHI2_1 = ChiSquaredDistribution.of(1);

  /** Pools the strata; see the class comment for the formulas. */
  public static MantelHaenszel pool(List<TwoByTwo> tables, double confidence) {
    List<TwoByTwo> used = tables.stream().filter(t -> t.n() >= 2).toList();
    double sumA = 0;
    double sumE = 0;
    double sumV = 0;
    for (TwoByTwo t : used) {
      double n = t.n();
      double r1 = t.a() + t.b();
      double r2 = t.c() + t.d();
      double c1 = t.a() + t.c();
      double c2 = t.b() + t.d();
      sumA += t.a();
      sumE += r1 * c1 / n;
      sumV += r1 * r2 * c1 * c2 / (n * n * (n - 1));
    }
    double dev = Math.abs(sumA - sumE);
    double chi2 = sumV > 0 ? Math.pow(Math.max(0, dev - 0.5), 2) / sumV : 0;
    double pTwo = sumV > 0 ? CHI2_1.survivalProbability(chi2) : 1;
    double pGreater = sumV > 0 ? Normal.upperTail((sumA - sumE - 0.5) / Math.sqrt(sumV)) : 1;

    Pooled pooled = Pooled.of(used, 0);
    if (!pooled.finite()) {
      pooled = Pooled.of(used, 0.5);
    }
    double z = Normal.twoSidedZ(confidence);
    double orMh = pooled.r / pooled.s;
    double seOr =
        Math.sqrt(
            pooled.pr / (2 * pooled.r * pooled.r)
                + pooled.psqr / (2 * pooled.r * pooled.s)
                + pooled.qs / (2 * pooled.s * pooled.s));
    double rrMh = pooled.rrNum / pooled.rrDen;
    double seRr = Math.sqrt(pooled.rrVar / (pooled.rrNum * pooled.rrDen));
    return new MantelHaenszel(
        used.size(),
        sumA,
        sumE,
        sumV,
        chi2,
        pTwo,
        pGreater,
        orMh,
        new Bounds(orMh * Math.exp(-z * seOr), orMh * Math.exp(z * seOr)),
        rrMh,
        new Bounds(rrMh * Math.exp(-z * seRr), rrMh * Math.exp(z * seRr)));
  }

  /** The sums behind the pooled ratios and their variances (k = added to every cell). */
  private record Pooled(
      double r,
      double s,
      double pr,
      double psqr,
      double qs,
      double rrNum,
      double rrDen,
      double rrVar) {

    static Pooled of(List<TwoByTwo> tables, double k) {
      double r = 0, s = 0, pr = 0, psqr = 0, qs = 0, rrNum = 0, rrDen = 0, rrVar = 0;
      for (TwoByTwo t : tables) {
        double a = t.a() + k, b = t.b() + k, c = t.c() + k, d = t.d() + k;
        double n = a + b + c + d;
        double ri = a * d / n;
        double si = b * c / n;
        double pi = (a + d) / n;
        double qi = (b + c) / n;
        r += ri;
        s += si;
        pr += pi * ri;
        psqr += pi * si + qi * ri;
        qs += qi * si;
        double n1 = a + b;
        double n0 = c + d;
        rrNum += a * n0 / n;
        rrDen += c * n1 / n;
        rrVar += ((a + c) * n1 * n0 / (n * n)) - (a * c / n);
      }
      return new Pooled(r, s, pr, psqr, qs, rrNum, rrDen, rrVar);
    }

    boolean finite() {
      return r > 0 && s > 0 && rrNum > 0 && rrDen > 0;
    }
  }
}
