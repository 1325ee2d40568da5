package org.rollaudit.eval;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.statistics.interval.BinomialConfidenceInterval;
import org.apache.commons.statistics.interval.Interval;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.Severity;
import org.rollaudit.rules.DetectionResult;
import org.rollaudit.rules.Detectors;
import org.rollaudit.rules.Rule;

/**
 * Metrics-level studies (no Spark): power curves of mass-deletion and removal-skew for one tested
 * county of a given size, and the false-positive rates of both rules on null rolls. Each simulated
 * audit is a {@link MetricsSim} state run through the shipped rule entry's detector, exactly as
 * {@code RuleSet.detect} runs it.
 */
final class SimStudies {
  private SimStudies() {}

  /** County index (0-based) of the tested county: county_id 50 (its size is overridden). */
  static final int TESTED = 49;

  static final String TESTED_ID = Integer.toString(TESTED + 1);

  /** Power at one effect size: audits out of reps with a finding at each severity or above. */
  record PowerPoint(double multiple, int reps, int flagged, int mediumOrHigher, int high) {
    double power() {
      return (double) flagged / reps;
    }

    double powerMedium() {
      return (double) mediumOrHigher / reps;
    }
  }

  /**
   * One power curve, with the smallest multiple reaching 90% power (log-linear interpolation
   * between the grid points around 0.9; NaN when the grid's largest multiple stays below).
   */
  record PowerCurve(
      String rule,
      int days,
      int atRisk,
      double groupShare,
      int reps,
      List<PowerPoint> points,
      double smallestFlag,
      double smallestMedium) {}

  static PowerCurve massDeletion(
      MetricsSim sim, Rule rule, int days, int atRisk, double[] grid, int reps, long seed) {
    List<PowerPoint> points = new ArrayList<>();
    for (double k : grid) {
      int[] hits = new int[3];
      for (int j = 0; j < reps; j++) {
        long s = seed + 1_000_003L * j;
        MetricsSim.State st = sim.state(s, TESTED, atRisk, 0.21, false);
        Metrics m =
            sim.metrics(
                st, s ^ 0x5DEECE66DL, new MetricsSim.Effect(MetricsSim.Kind.MASS_DELETION, k));
        tally(run(rule, m), null, hits);
      }
      points.add(new PowerPoint(k, reps, hits[0], hits[1], hits[2]));
      if (done(points)) {
        break;
      }
    }
    return curve("mass-deletion", days, atRisk, Double.NaN, reps, points);
  }

  static PowerCurve skew(
      MetricsSim sim,
      Rule rule,
      int days,
      int atRisk,
      double share,
      double[] grid,
      int reps,
      long seed) {
    // the rest of the state is drawn once per replicate and reused for every effect size
    List<MetricsSim.State> states = new ArrayList<>();
    for (int j = 0; j < reps; j++) {
      states.add(sim.state(seed + 1_000_003L * j, TESTED, atRisk, share, true));
    }
    List<PowerPoint> points = new ArrayList<>();
    for (double k : grid) {
      int[] hits = new int[3];
      for (int j = 0; j < reps; j++) {
        long s = seed + 1_000_003L * j;
        Metrics m =
            sim.metrics(
                states.get(j), s ^ 0x5DEECE66DL, new MetricsSim.Effect(MetricsSim.Kind.SKEW, k));
        tally(run(rule, m), "B", hits);
      }
      points.add(new PowerPoint(k, reps, hits[0], hits[1], hits[2]));
      if (done(points)) {
        break;
      }
    }
    return curve("removal-skew", days, atRisk, share, reps, points);
  }

  private static DetectionResult run(Rule rule, Metrics m) {
    return Detectors.of(rule.type()).detect(rule, m);
  }

  /** Counts the tested county's finding (race B for skew): [flagged, medium+, high]. */
  private static void tally(DetectionResult r, String race, int[] hits) {
    for (Finding f : r.findings()) {
      if (!TESTED_ID.equals(f.unit().get("county_id")) || f.unit().containsKey("precinct")) {
        continue;
      }
      if (race != null && !race.equals(f.group().get("race"))) {
        continue;
      }
      hits[0]++;
      switch (f.severity()) {
        case HIGH -> {
          hits[1]++;
          hits[2]++;
        }
        case MEDIUM -> hits[1]++;
        default -> {}
      }
      return;
    }
  }

  private static boolean done(List<PowerPoint> points) {
    PowerPoint p = points.get(points.size() - 1);
    return p.power() >= 0.9 && p.powerMedium() >= 0.9;
  }

  private static PowerCurve curve(
      String rule, int days, int atRisk, double share, int reps, List<PowerPoint> points) {
    return new PowerCurve(
        rule, days, atRisk, share, reps, points, smallest(points, false), smallest(points, true));
  }

  static double smallest(List<PowerPoint> points, boolean medium) {
    double prevK = Double.NaN;
    double prevP = 0;
    for (PowerPoint p : points) {
      double pw = medium ? p.powerMedium() : p.power();
      if (pw >= 0.9) {
        if (Double.isNaN(prevK) || pw == prevP) {
          return p.multiple();
        }
        double t = (0.9 - prevP) / (pw - prevP);
        return Math.exp(Math.log(prevK) + t * (Math.log(p.multiple()) - Math.log(prevK)));
      }
      prevK = p.multiple();
      prevP = pw;
    }
    return Double.NaN;
  }

  /** Null rolls: how often each rule flags anything. */
  record NullResult(
      int sims,
      int days,
      double alpha,
      int skewRolls,
      int skewRollsMedium,
      int skewCountyRolls,
      int skewStateRolls,
      long skewFlags,
      long skewTests,
      int massRolls,
      int massRollsMedium,
      long massFlags,
      long massTests,
      long massMediumFlags,
      long massHighFlags) {

    double skewRate() {
      return (double) skewRolls / sims;
    }

    /** The T11 bound: alpha plus the binomial 95% margin for this many simulations. */
    double bound() {
      return alpha + 1.96 * Math.sqrt(alpha * (1 - alpha) / sims);
    }

    /** Clopper-Pearson 95% interval of the skew false-positive rate. */
    Interval skewInterval() {
      return BinomialConfidenceInterval.CLOPPER_PEARSON.fromErrorRate(sims, skewRolls, 0.05);
    }

    Interval massInterval() {
      return BinomialConfidenceInterval.CLOPPER_PEARSON.fromErrorRate(sims, massRolls, 0.05);
    }
  }

  static NullResult nulls(MetricsSim sim, Rule mass, Rule skew, int days, int sims, long seed) {
    int skewRolls = 0;
    int skewMedium = 0;
    int skewCounty = 0;
    int skewState = 0;
    long skewFlags = 0;
    long skewTests = 0;
    int massRolls = 0;
    int massMedium = 0;
    long massFlags = 0;
    long massTests = 0;
    long massMediumFlags = 0;
    long massHighFlags = 0;
    for (int i = 0; i < sims; i++) {
      Metrics m = sim.simulate(seed + 1_000_003L * i, true);
      DetectionResult s = run(skew, m);
      skewTests += ((Number) s.method().get("m")).longValue();
      skewFlags += s.findings().size();
      if (!s.findings().isEmpty()) {
        skewRolls++;
        skewMedium += s.findings().stream().anyMatch(f -> f.severity().ordinal() <= 1) ? 1 : 0;
        skewCounty +=
            s.findings().stream().anyMatch(f -> f.unit().containsKey("county_id")) ? 1 : 0;
        skewState += s.findings().stream().anyMatch(f -> f.unit().isEmpty()) ? 1 : 0;
      }
      DetectionResult d = run(mass, m);
      massTests += ((Number) d.method().get("m")).longValue();
      massFlags += d.findings().size();
      massMediumFlags += d.findings().stream().filter(f -> f.severity() == Severity.MEDIUM).count();
      massHighFlags += d.findings().stream().filter(f -> f.severity() == Severity.HIGH).count();
      if (!d.findings().isEmpty()) {
        massRolls++;
        massMedium += d.findings().stream().anyMatch(f -> f.severity().ordinal() <= 1) ? 1 : 0;
      }
    }
    return new NullResult(
        sims,
        days,
        skew.number("max_q"),
        skewRolls,
        skewMedium,
        skewCounty,
        skewState,
        skewFlags,
        skewTests,
        massRolls,
        massMedium,
        massFlags,
        massTests,
        massMediumFlags,
        massHighFlags);
  }
}
