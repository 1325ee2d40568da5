package org.rollaudit.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.rollaudit.stats.Bounds;
import org.rollaudit.stats.ExactBinomial;
import org.rollaudit.stats.LogRatioScreen;
import org.rollaudit.stats.MultipleTesting;
import org.rollaudit.stats.Overdispersion;
import org.rollaudit.stats.Proportions;
import org.rollaudit.stats.TwoByTwo;

/**
 * The shared test of mass-deletion, bulk-field-change and same-day-batch: a unit's count x of n
 * against its reference (the rest of the state, leave-one-out) xRef of nRef.
 *
 * <p>Two p-values are computed. The exact binomial P(X &ge; x), X ~ Bin(n, xRef/nRef), is right
 * only if units differ by chance alone; real units differ far more (county removal rates vary by a
 * lognormal factor), so the second, overdispersion-adjusted p comes from the peers: the
 * random-effects log rate-ratio screen ({@link LogRatioScreen}), or the quasi-binomial Pearson φ.
 * The decision p-value is the larger of the two (both must be small: an intersection-union test),
 * and q-values adjust it over every test of the rule entry (the rule's {@code multiplicity}:
 * Benjamini-Hochberg, or Holm for confirmatory use).
 */
final class RateScreen {
  private RateScreen() {}

  /** How unit-to-unit variation beyond the binomial is handled (rule key {@code dispersion}). */
  enum Dispersion {
    RANDOM_EFFECTS("random-effects"),
    QUASI_BINOMIAL("quasi-binomial"),
    NONE("none");

    final String id;

    Dispersion(String id) {
      this.id = id;
    }

    static Dispersion of(String id) {
      for (Dispersion d : values()) {
        if (d.id.equals(id)) {
          return d;
        }
      }
      throw new IllegalArgumentException("Cannot read dispersion: unknown value (" + id + ")");
    }

    /** The test in words, for method.json; {@code reference} e.g. "the rest of the state". */
    String test(String reference) {
      String exact = "one-sided exact binomial against " + reference + " (leave-one-out)";
      return switch (this) {
        case RANDOM_EFFECTS ->
            exact
                + " AND one-sided z of the log rate ratio against the peers' median, with the"
                + " between-unit SD from a robust Paule-Mandel fit (at least min_between_unit_sd);"
                + " p_value = the larger of the two";
        case QUASI_BINOMIAL ->
            exact
                + " AND quasi-binomial z with the peers' Pearson dispersion phi (at least 1);"
                + " p_value = the larger of the two";
        case NONE -> exact;
      };
    }
  }

  /** Reads dispersion, min_peers and min_between_unit_sd of a rule entry and fits the peers. */
  static Fit fit(Rule rule, List<? extends Cell<?>> peers) {
    return fit(rule, peers, 0);
  }

  /** As {@link #fit(Rule, List)}, with a data-driven floor of τ on top of the rule's. */
  static Fit fit(Rule rule, List<? extends Cell<?>> peers, double minTau) {
    return Fit.of(
        Dispersion.of(rule.text("dispersion")),
        peers,
        (int) rule.integer("min_peers"),
        Math.max(minTau, rule.number("min_between_unit_sd")));
  }

  /** One unit: x of n against xRef of nRef. */
  record Cell<K>(K key, long x, long n, long xRef, long nRef) {}

  /** The peers' fitted variation. */
  record Fit(Dispersion mode, LogRatioScreen log, double phi) {
    static Fit of(Dispersion mode, List<? extends Cell<?>> peers, int minPeers, double minTau) {
      int k = peers.size();
      long[] x = new long[k], n = new long[k], xr = new long[k], nr = new long[k];
      double[] p = new double[k];
      for (int i = 0; i < k; i++) {
        Cell<?> c = peers.get(i);
        x[i] = c.x();
        n[i] = c.n();
        xr[i] = c.xRef();
        nr[i] = c.nRef();
        p[i] = c.nRef() > 0 ? (double) c.xRef() / c.nRef() : 0;
      }
      LogRatioScreen log =
          mode == Dispersion.RANDOM_EFFECTS
              ? LogRatioScreen.fit(x, n, xr, nr, minPeers, minTau)
              : null;
      double phi =
          mode == Dispersion.QUASI_BINOMIAL && k >= minPeers
              ? Overdispersion.pearsonPhi(x, n, p, 1)
              : Double.NaN;
      return new Fit(mode, log, phi);
    }

    /** The fit for method.json. */
    LinkedHashMap<String, Object> describe(int peers) {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      m.put("peers", peers);
      if (mode == Dispersion.RANDOM_EFFECTS) {
        m.put("estimated", log.estimated());
        m.put("center_log_rate_ratio", log.center());
        m.put("between_unit_sd_estimate", log.tauEstimate());
        m.put("between_unit_sd", log.tau());
        m.put("robust_sd", log.spread());
      } else if (mode == Dispersion.QUASI_BINOMIAL) {
        m.put("estimated", Double.isFinite(phi));
        m.put("phi", Double.isFinite(phi) ? phi : 1.0);
      }
      return m;
    }
  }

  /** A scored unit. q is filled by {@link #withQ}. */
  record Score<K>(
      Cell<K> cell,
      double observedRate,
      Bounds observedBounds,
      double expectedRate,
      double rateRatio,
      Bounds rateRatioBounds,
      double pBinomial,
      double pDispersion,
      double z,
      double pValue,
      double q,
      Fit fit) {}

  static <K> Score<K> score(Cell<K> c, Fit fit, Thresholds t) {
    double observed = c.n() > 0 ? (double) c.x() / c.n() : 0;
    double expected = c.nRef() > 0 ? (double) c.xRef() / c.nRef() : 0;
    TwoByTwo table = TwoByTwo.ofRates(c.x(), c.n(), c.xRef(), c.nRef());
    double pBinomial = ExactBinomial.upperTail(c.x(), c.n(), expected);
    double z = Double.NaN;
    double pDispersion = Double.NaN;
    if (fit.mode() == Dispersion.RANDOM_EFFECTS) {
      z = fit.log().z(c.x(), c.n(), c.xRef(), c.nRef());
      pDispersion = fit.log().pGreater(c.x(), c.n(), c.xRef(), c.nRef());
    } else if (fit.mode() == Dispersion.QUASI_BINOMIAL) {
      z = Overdispersion.quasiBinomialZ(c.x(), c.n(), expected, fit.phi());
      pDispersion = Overdispersion.quasiBinomialP(c.x(), c.n(), expected, fit.phi());
    }
    double p = Double.isNaN(pDispersion) ? pBinomial : Math.max(pBinomial, pDispersion);
    return new Score<>(
        c,
        observed,
        Proportions.reported(c.x(), c.n(), t.confidence(), t.exactBelow()),
        expected,
        table.rateRatio(),
        table.rateRatioInterval(t.confidence()),
        pBinomial,
        pDispersion,
        z,
        p,
        Double.NaN,
        fit);
  }

  /** The rule's multiplicity adjustment across all scores of the entry; same order, with q. */
  static <K> List<Score<K>> withQ(List<Score<K>> scores, Rule rule) {
    double[] p = new double[scores.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = scores.get(i).pValue();
    }
    double[] q = MultipleTesting.adjust(rule.text("multiplicity"), p);
    List<Score<K>> out = new ArrayList<>(scores.size());
    for (int i = 0; i < p.length; i++) {
      Score<K> s = scores.get(i);
      out.add(
          new Score<>(
              s.cell(),
              s.observedRate(),
              s.observedBounds(),
              s.expectedRate(),
              s.rateRatio(),
              s.rateRatioBounds(),
              s.pBinomial(),
              s.pDispersion(),
              s.z(),
              s.pValue(),
              q[i],
              s.fit()));
    }
    return out;
  }

  /**
   * The statistic map of a scored unit: the fixed leading keys of findings.json, then the screen's
   * own figures. Values that cannot be computed (not finite) are left out.
   */
  static LinkedHashMap<String, Double> statistic(Score<?> s) {
    LinkedHashMap<String, Double> m = new LinkedHashMap<>();
    put(m, "observed_rate", s.observedRate());
    put(m, "expected_rate", s.expectedRate());
    put(m, "rate_ratio", s.rateRatio());
    put(m, "rr_ci_low", s.rateRatioBounds().low());
    put(m, "rr_ci_high", s.rateRatioBounds().high());
    put(m, "p_value", s.pValue());
    put(m, "q_value", s.q());
    put(m, "observed_ci_low", s.observedBounds().low());
    put(m, "observed_ci_high", s.observedBounds().high());
    put(m, "unit_size", (double) s.cell().n());
    put(m, "p_binomial", s.pBinomial());
    put(m, "p_overdispersion", s.pDispersion());
    put(m, "overdispersion_z", s.z());
    if (s.fit().mode() == Dispersion.RANDOM_EFFECTS) {
      LogRatioScreen log = s.fit().log();
      if (log.estimated() && log.spread() > 0) {
        // Iglewicz-Hoaglin modified z of the log rate ratio among the peers (|M| > 3.5: outlier)
        Cell<?> c = s.cell();
        put(
            m,
            "robust_z",
            (LogRatioScreen.logRatio(c.x(), c.n(), c.xRef(), c.nRef()) - log.center())
                / log.spread());
      }
      put(m, "between_unit_sd", log.tau());
    } else if (s.fit().mode() == Dispersion.QUASI_BINOMIAL) {
      put(m, "phi", Double.isFinite(s.fit().phi()) ? Math.max(1, s.fit().phi()) : 1.0);
    }
    return m;
  }

  static void put(LinkedHashMap<String, Double> m, String key, double v) {
    if (Double.isFinite(v)) {
      m.put(key, v);
    }
  }
}
