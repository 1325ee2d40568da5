package org.rollaudit.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every wrapper against a textbook or hand-computed value (the computation is in the comment). */
class StatsTest {

  @Test
  void wilsonAndClopperPearsonMatchNewcombe() {
    // Newcombe (1998) Table I, 10/100: Wilson 0.0552-0.1744, exact 0.0490-0.1762.
    Bounds w = Proportions.wilson(10, 100, 0.95);
    assertEquals(0.05523, w.low(), 1e-5);
    assertEquals(0.17437, w.high(), 1e-5);
    Bounds cp = Proportions.clopperPearson(10, 100, 0.95);
    assertEquals(0.04900, cp.low(), 1e-5);
    assertEquals(0.17622, cp.high(), 1e-5);
    // 0 of 10: exact upper bound 1 - 0.025^(1/10) = 0.30850.
    assertEquals(0.30850, Proportions.clopperPearson(0, 10, 0.95).high(), 1e-5);
    assertEquals(cp, Proportions.reported(10, 100, 0.95, 20));
    assertEquals(w, Proportions.reported(10, 100, 0.95, 10));
  }

  @Test
  void exactBinomialUpperTail() {
    // P(X >= 15 | 20, 0.5) = (15504+4845+1140+190+20+1)/2^20 = 21700/1048576.
    assertEquals(21700.0 / 1048576, ExactBinomial.upperTail(15, 20, 0.5), 1e-12);
    assertEquals(1.0, ExactBinomial.upperTail(0, 20, 0.5));
    assertEquals(0.0, ExactBinomial.upperTail(3, 20, 0.0));
  }

  @Test
  void fisherExactTeaTasting() {
    // Fisher's lady tasting tea, [[3,1],[1,3]]: one-sided p = (16 + 1)/70.
    TestResult r = new TwoByTwo(3, 1, 1, 3).fisherGreater();
    assertEquals(17.0 / 70, r.pValue(), 1e-12);
    assertEquals(9.0, r.statistic(), 1e-12);
  }

  @Test
  void chiSquareByHand() {
    // [[12,5],[7,7]]: E = 10.419, 6.581, 8.581, 5.419; X² = 1.3716; two-sided p = 0.24153.
    TwoByTwo t = new TwoByTwo(12, 5, 7, 7);
    TestResult r = t.chiSquareGreater();
    assertEquals(1.37165, r.statistic(), 1e-4);
    assertEquals(0.24153 / 2, r.pValue(), 1e-5);
    assertEquals(12.0 * 14 / 31, t.minExpected(), 1e-12);
    // Fisher is chosen only when an expected cell is below the threshold.
    assertTrue(t.testGreater(5).method().startsWith("Pearson"));
    assertTrue(new TwoByTwo(3, 1, 1, 3).testGreater(5).method().startsWith("Fisher"));
  }

  @Test
  void katzAndWoolfIntervals() {
    // 20/100 vs 10/100: RR 2, se = √(1/20 − 1/100 + 1/10 − 1/100) = √0.13.
    TwoByTwo t = TwoByTwo.ofRates(20, 100, 10, 100);
    assertEquals(2.0, t.rateRatio(), 1e-12);
    Bounds rr = t.rateRatioInterval(0.95);
    assertEquals(2 * Math.exp(-1.959964 * Math.sqrt(0.13)), rr.low(), 1e-5);
    assertEquals(2 * Math.exp(1.959964 * Math.sqrt(0.13)), rr.high(), 1e-5);
    // OR = 20·90/(80·10) = 2.25, se = √(1/20 + 1/80 + 1/10 + 1/90).
    assertEquals(2.25, t.oddsRatio(), 1e-12);
    double se = Math.sqrt(1 / 20.0 + 1 / 80.0 + 1 / 10.0 + 1 / 90.0);
    assertEquals(2.25 * Math.exp(-1.959964 * se), t.oddsRatioInterval(0.95).low(), 1e-5);
    // A zero cell switches to +0.5 everywhere: (5.5/101)/(0.5/101) = 11.
    TwoByTwo z = TwoByTwo.ofRates(5, 100, 0, 100);
    assertTrue(z.corrected());
    assertEquals(11.0, z.rateRatio(), 1e-12);
    assertTrue(z.rateRatioInterval(0.95).finite());
  }

  @Test
  void mantelHaenszelRabbitStrata() {
    // Five strata (penicillin levels): ΣA = 16, ΣE = 13, ΣV = 0.61364 + 0.72727 + 0.25 = 1.59091,
    // X² = (3 − ½)²/1.59091 = 3.92857, p = 0.04747; OR_MH = (1.5 + 2)/0.5 = 7.
    List<TwoByTwo> s =
        List.of(
            new TwoByTwo(0, 6, 0, 5),
            new TwoByTwo(3, 3, 0, 6),
            new TwoByTwo(6, 0, 2, 4),
            new TwoByTwo(5, 1, 6, 0),
            new TwoByTwo(2, 0, 5, 0));
    MantelHaenszel mh = MantelHaenszel.pool(s, 0.95);
    assertEquals(16, mh.observed(), 1e-12);
    assertEquals(13, mh.expected(), 1e-12);
    assertEquals(1.590909, mh.variance(), 1e-6);
    assertEquals(3.928571, mh.chiSquare(), 1e-6);
    assertEquals(0.04747, mh.pTwoSided(), 1e-5);
    assertEquals(7.0, mh.oddsRatio(), 1e-12);
    assertEquals(Normal.upperTail(2.5 / Math.sqrt(1.590909)), mh.pGreater(), 1e-6);
  }

  @Test
  void mantelHaenszelRateRatioGreenlandRobins() {
    // Two strata with RR 2 each: RR_MH = (5 + 10)/(2.5 + 5) = 2;
    // var = (3.5 + 6.5)/(15·7.5) = 0.088889.
    List<TwoByTwo> s = List.of(new TwoByTwo(10, 90, 5, 95), new TwoByTwo(20, 80, 10, 90));
    MantelHaenszel mh = MantelHaenszel.pool(s, 0.95);
    assertEquals(2.0, mh.rateRatio(), 1e-12);
    double se = Math.sqrt(10 / 112.5);
    assertEquals(2 * Math.exp(-1.959964 * se), mh.rateRatioBounds().low(), 1e-5);
    assertEquals(2 * Math.exp(1.959964 * se), mh.rateRatioBounds().high(), 1e-5);
    // One stratum: CMH reduces to the 2×2 table's OR.
    MantelHaenszel one = MantelHaenszel.pool(List.of(new TwoByTwo(10, 90, 5, 95)), 0.95);
    assertEquals(new TwoByTwo(10, 90, 5, 95).oddsRatio(), one.oddsRatio(), 1e-12);
  }

  @Test
  void benjaminiHochbergAndHolmByHand() {
    double[] p = {0.01, 0.04, 0.03, 0.005};
    // sorted 0.005, 0.01, 0.03, 0.04 → m·p/j = 0.02, 0.02, 0.04, 0.04 (then running minimum).
    assertArrayEquals(
        new double[] {0.02, 0.04, 0.04, 0.02}, MultipleTesting.benjaminiHochberg(p), 1e-12);
    // (m−j+1)·p = 0.02, 0.03, 0.06, 0.04 → running maximum 0.02, 0.03, 0.06, 0.06.
    assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, MultipleTesting.holm(p), 1e-12);
    // Ties: rank 2 gives 2·0.9/2 = 0.9, which the running minimum carries to rank 1; cap at 1.
    assertArrayEquals(
        new double[] {0.9, 0.9}, MultipleTesting.benjaminiHochberg(new double[] {0.9, 0.9}), 1e-12);
    assertArrayEquals(new double[] {1, 1}, MultipleTesting.holm(new double[] {0.6, 0.7}), 0);
    assertEquals(0, MultipleTesting.benjaminiHochberg(new double[0]).length);
  }

  @Test
  void taroneKeepsOnlyTestsThatCanReachTheirShareOfAlpha() {
    // α = 0.01. K = 1: three minima ≤ 0.01 (> 1); K = 2: three ≤ 0.005 (> 2); K = 3: three ≤
    // 0.0033 (≤ 3): keep those three, drop 0.5 and 1.
    assertArrayEquals(
        new boolean[] {true, true, false, false, true},
        MultipleTesting.attainable(new double[] {1e-6, 1e-3, 0.5, 1, 2e-3}, 0.01));
    // Every test able to reach anything: K climbs to m and all stay.
    assertArrayEquals(
        new boolean[] {true, true, true, true},
        MultipleTesting.attainable(new double[] {1e-9, 1e-9, 1e-9, 1e-9}, 0.01));
    // A minimum between α/K and α for the K chosen is dropped: K = 2 (two ≤ 0.005), 0.008 out.
    assertArrayEquals(
        new boolean[] {true, true, false},
        MultipleTesting.attainable(new double[] {1e-4, 1e-4, 0.008}, 0.01));
    assertEquals(0, MultipleTesting.attainable(new double[0], 0.01).length);
  }

  @Test
  void robustZWithMadAndMeanAdFallback() {
    RobustZ r = RobustZ.of(new double[] {1, 2, 3, 4, 100});
    assertEquals(3, r.center());
    assertEquals(1, r.mad());
    assertEquals(0.6745 * 97, r.z(100), 1e-12);
    // MAD = 0: deviations 0,0,0,0,4 → meanAD 0.8, z(9) = 4/(1.253314·0.8).
    RobustZ f = RobustZ.of(new double[] {5, 5, 5, 5, 9});
    assertEquals(0, f.mad());
    assertEquals(4 / (1.253314 * 0.8), f.z(9), 1e-9);
    assertTrue(Double.isNaN(RobustZ.of(new double[] {2, 2, 2}).z(3)));
    assertEquals(2.5, RobustZ.median(new double[] {4, 1, 3, 2}));
  }

  @Test
  void pearsonPhiAndQuasiBinomial() {
    // residuals −10, 0, 10 on variance 16: φ = (6.25 + 0 + 6.25)/(3 − 1).
    long[] x = {10, 20, 30};
    long[] n = {100, 100, 100};
    double[] p = {0.2, 0.2, 0.2};
    assertEquals(6.25, Overdispersion.pearsonPhi(x, n, p, 1), 1e-12);
    assertEquals(
        10 / Math.sqrt(6.25 * 16), Overdispersion.quasiBinomialZ(30, 100, 0.2, 6.25), 1e-12);
    // φ < 1 never makes the test more liberal than the binomial.
    assertEquals(10 / 4.0, Overdispersion.quasiBinomialZ(30, 100, 0.2, 0.3), 1e-12);
  }

  @Test
  void logRatioScreenByHandAndOnLognormalPeers() {
    // y = ln((10.5/100.5)/(20.5/400.5)), v = 1/10.5 − 1/100.5 + 1/20.5 − 1/400.5.
    assertEquals(
        Math.log((10.5 / 100.5) / (20.5 / 400.5)),
        LogRatioScreen.logRatio(10, 100, 20, 400),
        1e-12);
    assertEquals(0.131571, LogRatioScreen.variance(10, 100, 20, 400), 1e-6);
    // Paule-Mandel with equal sampling variances reduces to τ² = s² − v: y = −2..2 has MAD 1,
    // s = 1/0.6745, v = 0.01 each.
    double[] y = {-2, -1, 0, 1, 2};
    double[] v = {0.01, 0.01, 0.01, 0.01, 0.01};
    assertEquals(
        Math.sqrt(Math.pow(1 / 0.6745, 2) - 0.01), LogRatioScreen.pauleMandel(y, v, 0), 1e-6);
    // spread smaller than the sampling noise: no between-unit variation
    assertEquals(
        0, LogRatioScreen.pauleMandel(new double[] {-0.1, 0, 0.1}, new double[] {1, 1, 1}, 0));
    // 400 large units with lognormal σ = 0.35 rate multipliers: τ̂ close to 0.35.
    SplittableRandom rnd = new SplittableRandom(7);
    int k = 400;
    long[] xs = new long[k], ns = new long[k], xr = new long[k], nr = new long[k];
    for (int i = 0; i < k; i++) {
      ns[i] = 200_000;
      xs[i] = Math.round(ns[i] * 0.02 * Math.exp(0.35 * rnd.nextGaussian()));
      nr[i] = 10_000_000;
      xr[i] = 200_000;
    }
    LogRatioScreen s = LogRatioScreen.fit(xs, ns, xr, nr, 10, 0);
    assertTrue(s.estimated());
    assertEquals(0.35, s.tau(), 0.05);
    assertEquals(0.0, s.center(), 0.06);
    // A unit at 3.75× the typical rate (z ≈ ln 3.75 / 0.35 ≈ 3.8) is far out; an ordinary one is
    // not.
    assertTrue(s.pGreater(15_000, 200_000, 200_000, 10_000_000) < 1e-3);
    assertTrue(s.pGreater(4_400, 200_000, 200_000, 10_000_000) > 0.01);
    // Too few peers: nothing estimated, the floor is the SD used.
    LogRatioScreen few =
        LogRatioScreen.fit(
            new long[] {1}, new long[] {10}, new long[] {1}, new long[] {10}, 5, 0.3);
    assertFalse(few.estimated());
    assertEquals(0.3, few.tau());
    // The floor applies when sampling noise hides the spread.
    assertEquals(0.5, LogRatioScreen.fit(xs, ns, xr, nr, 10, 0.5).tau());
  }
}
