package org.rollaudit.eval;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.SnapshotInfo;
import org.rollaudit.generate.NcCounties;

/**
 * A driver-side simulation of the {@link Metrics} of one audit, without Spark: the same state as
 * the generator ({@code org.rollaudit.generate.RollModel}) at the level the detectors read, drawn
 * from seeded binomial / categorical draws. It is much faster than generating and ingesting files,
 * so it can run the thousands of audits that power curves and false-positive rates need.
 *
 * <p>What it reproduces from the generator: 100 counties with NC's relative sizes (census weights
 * with the generator's 12% jitter); per county a fixed lognormal removal multiplier (σ = 0.35, mean
 * 1) times per-interval noise (σ = 0.15), and a 25% chance per 4 weeks of an inactive-voter (RM)
 * batch removing 3.5% of inactive voters; per voter removal hazards for deaths (Gompertz by age),
 * moves (by age), the rare reasons, and RM for inactive voters (10% of at-risk voters); race by
 * county (Black share lognormal σ 0.55 around 21%), ethnicity and party by race, gender and age
 * band as the generator draws them. Removals do not depend on race, ethnicity, gender or party, so
 * every skew test is under its null unless an effect is injected.
 */
final class MetricsSim {
  // Per-4-week removal hazards of the generator's RollModel (A/I voters).
  static final double P_DEATH = 0.0008;
  static final double P_MOVE = 0.0017 + 0.0013 + 0.0002; // RS + RL + RH, scaled by mobility
  static final double P_OTHER = 0.00005 + 0.00012 + 0.00003 + 0.000005 + 0.00003; // RQ R2 RF RC
  static final double P_RM_BATCH = 0.25;
  static final double P_RM_IN_BATCH = 0.035;
  static final double P_RM_TRICKLE = 0.0005;
  static final double INACTIVE_SHARE = 0.09 / 0.89;
  static final double AT_RISK_SHARE = 0.89; // A 80% + I 9% of all records
  static final double SIGMA = 0.35;
  static final double INTERVAL_SIGMA = 0.15;

  static final String[] RACES = {"W", "B", "U", "A", "O", "M", "I", "P"};
  static final int RACE_B = 1;
  private static final double[] OTHER_RACES = {0.07, 0.015, 0.022, 0.012, 0.006, 0.001};
  static final String[] ETHS = {"HL", "NL", "UN"};
  private static final double[][] ETH_BY_RACE = {
    {0.03, 0.82, 0.15}, {0.01, 0.84, 0.15}, {0.12, 0.18, 0.70}, {0.01, 0.80, 0.19},
    {0.35, 0.45, 0.20}, {0.15, 0.65, 0.20}, {0.05, 0.80, 0.15}, {0.05, 0.75, 0.20}
  };
  static final String[] GENDERS = {"F", "M", "U"};
  private static final double[] GENDER_P = {0.53, 0.44, 0.03};
  static final String[] AGES = {"18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"};
  private static final int[] AGE_EDGES = {18, 25, 35, 45, 55, 65, 75, 85, 100};
  private static final double[] AGE_SHARES = {10, 16, 16, 16, 17, 14, 8, 3};
  static final String[] PARTIES = {"DEM", "REP", "UNA", "LIB", "GRE"};
  private static final double[][] PARTY_BY_RACE = {
    {0.20, 0.43, 0.36, 0.009, 0.001},
    {0.74, 0.03, 0.225, 0.004, 0.001},
    {0.28, 0.16, 0.545, 0.012, 0.003}
  };
  private static final int CELLS = RACES.length * ETHS.length * GENDERS.length * AGES.length * 5;

  /** An injected anomaly in the tested county: which, and its size (a rate multiple). */
  record Effect(Kind kind, double multiple) {}

  enum Kind {
    /** Every at-risk voter of the county removed {@code multiple} times as often. */
    MASS_DELETION,
    /** Black at-risk voters of the county removed {@code multiple} times as often. */
    SKEW
  }

  private final int voters;
  private final double f;
  private final LocalDate base;
  private final LocalDate current;
  // per age band: share of voters, relative death hazard and mobility (means over voters = 1)
  private final double[] ageShare = new double[AGES.length];
  private final double[] hazard = new double[AGES.length];
  private final double[] mobility = new double[AGES.length];
  private final double[] ageCum = new double[AGES.length];

  /**
   * @param voters records in the baseline (all statuses), as the generator's {@code voters}
   * @param days interval length in days (the generator's default is 28)
   */
  MetricsSim(int voters, int days) {
    this.voters = voters;
    this.f = days / 28.0;
    this.base = LocalDate.of(2024, 1, 6);
    this.current = base.plusDays(days);
    double meanH = 0;
    double meanM = 0;
    for (int b = 0; b < AGE_SHARES.length; b++) {
      int band = Math.min(b, AGES.length - 1);
      int width = AGE_EDGES[b + 1] - AGE_EDGES[b];
      for (int a = AGE_EDGES[b]; a < AGE_EDGES[b + 1]; a++) {
        double w = AGE_SHARES[b] / 100.0 / width;
        double h = Math.exp(0.085 * (a - 75));
        double m = a < 25 ? 2.0 : a < 35 ? 1.6 : a < 45 ? 1.0 : a < 65 ? 0.7 : 0.4;
        ageShare[band] += w;
        hazard[band] += w * h;
        mobility[band] += w * m;
        meanH += w * h;
        meanM += w * m;
      }
    }
    double cum = 0;
    for (int a = 0; a < AGES.length; a++) {
      hazard[a] = hazard[a] / ageShare[a] / meanH;
      mobility[a] = mobility[a] / ageShare[a] / meanM;
      cum += ageShare[a];
      ageCum[a] = cum;
    }
    ageCum[AGES.length - 1] = 1;
  }

  private static double scale(double p28, double f) {
    return 1 - Math.pow(1 - Math.min(p28, 0.999999), f);
  }

  /** The statewide expected removal rate of at-risk voters (no effect). */
  double expectedStateRate() {
    double active = 0;
    for (int a = 0; a < AGES.length; a++) {
      active += ageShare[a] * baseHazard(a);
    }
    double rm = P_RM_BATCH * scale(P_RM_IN_BATCH, f) + (1 - P_RM_BATCH) * scale(P_RM_TRICKLE, f);
    return active + INACTIVE_SHARE * rm;
  }

  private double baseHazard(int age) {
    return Math.min(0.5, scale(P_DEATH, f) * hazard[age])
        + scale(P_MOVE, f) * mobility[age]
        + scale(P_OTHER, f);
  }

  /**
   * The drawn state of one simulated audit, except the voters of the tested county (if any): county
   * sizes, traits and every other county's cells. {@link #metrics} then draws the tested county
   * with an effect; reusing one state across effect sizes (common random numbers) makes power
   * curves smooth and cheap.
   */
  final class State {
    final int tested;
    final int[] atRisk;
    final double[] black;
    final double[] mult;
    final double[] rm;
    final boolean demographics;
    final List<Metrics.DemographicCell> cells = new ArrayList<>();
    final List<Metrics.PrecinctCell> precincts = new ArrayList<>();
    final SortedMap<String, String> names = new TreeMap<>();
    Counts sum = Counts.ZERO;

    private State(int tested, int counties, boolean demographics) {
      this.tested = tested;
      this.atRisk = new int[counties];
      this.black = new double[counties];
      this.mult = new double[counties];
      this.rm = new double[counties];
      this.demographics = demographics;
    }
  }

  /**
   * Draws a state. {@code tested} is the 0-based index of the county that {@link #metrics} will
   * draw later, with {@code testedAtRisk} at-risk voters and the given Black share; -1 for none (a
   * plain null audit: every county drawn here).
   */
  State state(long seed, int tested, int testedAtRisk, double testedBlack, boolean demographics) {
    SplittableRandom r = new SplittableRandom(seed);
    int counties = NcCounties.COUNT;
    State s = new State(tested, counties, demographics);
    double[] weight = new double[counties];
    double total = 0;
    for (int c = 0; c < counties; c++) {
      weight[c] = NcCounties.weight(c + 1) * Math.exp(0.12 * r.nextGaussian());
      total += weight[c];
    }
    double num = 0;
    double den = 0;
    for (int c = 0; c < counties; c++) {
      s.atRisk[c] = (int) Math.max(1, Math.round(voters * AT_RISK_SHARE * weight[c] / total));
      s.black[c] = Math.exp(0.55 * r.nextGaussian());
      num += s.black[c] * s.atRisk[c];
      den += s.atRisk[c];
    }
    for (int c = 0; c < counties; c++) {
      s.black[c] = Math.min(0.65, Math.max(0.01, 0.21 * s.black[c] * den / num));
    }
    if (tested >= 0) {
      s.atRisk[tested] = testedAtRisk;
      s.black[tested] = testedBlack;
    }
    for (int c = 0; c < counties; c++) {
      s.mult[c] =
          Math.exp(SIGMA * r.nextGaussian() - SIGMA * SIGMA / 2)
              * Math.exp(INTERVAL_SIGMA * r.nextGaussian() - INTERVAL_SIGMA * INTERVAL_SIGMA / 2);
      boolean batch = r.nextDouble() < scale(P_RM_BATCH, f);
      s.rm[c] = scale(batch ? P_RM_IN_BATCH : P_RM_TRICKLE, f);
      s.names.put(Integer.toString(c + 1), NcCounties.name(c + 1));
    }
    for (int c = 0; c < counties; c++) {
      if (c != tested) {
        draw(s, c, null, r);
      }
    }
    return s;
  }

  /** The metrics of a state with its tested county drawn from {@code seed} with the effect. */
  Metrics metrics(State s, long seed, Effect effect) {
    List<Metrics.DemographicCell> cells = new ArrayList<>(s.cells);
    List<Metrics.PrecinctCell> precincts = new ArrayList<>(s.precincts);
    Counts sum = s.sum;
    if (s.tested >= 0) {
      State t = new State(-1, 0, s.demographics);
      draw(s, s.tested, effect, new SplittableRandom(seed), t);
      cells.addAll(t.cells);
      precincts.addAll(t.precincts);
      sum = sum.plus(t.sum);
    }
    return new Metrics(
        new SnapshotInfo(base, sum.baselineTotal(), "nc-ncvoter", "2022"),
        new SnapshotInfo(current, sum.currentTotal(), "nc-ncvoter", "2022"),
        s.names,
        cells,
        precincts,
        List.of(),
        List.of(),
        sum,
        List.of());
  }

  /** One null audit's metrics (no tested county, no effect). */
  Metrics simulate(long seed, boolean demographics) {
    return metrics(state(seed, -1, 0, 0, demographics), seed, null);
  }

  private void draw(State s, int c, Effect effect, SplittableRandom r) {
    draw(s, c, effect, r, s);
  }

  /** Draws county c's voters with the state's traits, adding its cells to {@code into}. */
  private void draw(State s, int c, Effect effect, SplittableRandom r, State into) {
    String id = Integer.toString(c + 1);
    double md = effect != null && effect.kind() == Kind.MASS_DELETION ? effect.multiple() : 1;
    double skew = effect != null && effect.kind() == Kind.SKEW ? effect.multiple() : 1;
    int n = s.atRisk[c];
    long removed = 0;
    if (!s.demographics) {
      double p = 0;
      for (int a = 0; a < AGES.length; a++) {
        p += ageShare[a] * baseHazard(a);
      }
      p = s.mult[c] * (p + INACTIVE_SHARE * s.rm[c]);
      removed = binomial(r::nextLong, n, Math.min(1, md * p));
    } else {
      int[] at = new int[CELLS];
      int[] x = new int[CELLS];
      double[] raceCum = raceCum(s.black[c]);
      for (int v = 0; v < n; v++) {
        int race = pick(raceCum, r.nextDouble());
        int eth = pick3(ETH_BY_RACE[race], r.nextDouble());
        int gen = pick3(GENDER_P, r.nextDouble());
        int age = pick(ageCum, r.nextDouble());
        int party = pickP(PARTY_BY_RACE[race == 0 ? 0 : race == RACE_B ? 1 : 2], r.nextDouble());
        boolean inactive = r.nextDouble() < INACTIVE_SHARE;
        double p = s.mult[c] * (baseHazard(age) + (inactive ? s.rm[c] : 0)) * md;
        if (race == RACE_B) {
          p *= skew;
        }
        int k = (((race * 3 + eth) * 3 + gen) * AGES.length + age) * 5 + party;
        at[k]++;
        if (r.nextDouble() < p) {
          x[k]++;
          removed++;
        }
      }
      for (int k = 0; k < CELLS; k++) {
        if (at[k] == 0) {
          continue;
        }
        int party = k % 5;
        int rest = k / 5;
        int age = rest % AGES.length;
        rest /= AGES.length;
        int gen = rest % 3;
        rest /= 3;
        into.cells.add(
            new Metrics.DemographicCell(
                id,
                RACES[rest / 3],
                ETHS[rest % 3],
                GENDERS[gen],
                AGES[age],
                PARTIES[party],
                counts(at[k], x[k])));
      }
    }
    Counts cc = counts(n, removed);
    into.precincts.add(new Metrics.PrecinctCell(id, "P1", cc));
    into.sum = into.sum.plus(cc);
  }

  private static Counts counts(long atRisk, long removed) {
    return new Counts(atRisk, atRisk, atRisk, removed, removed, 0, 0, 0, 0, atRisk - removed, 0, 0);
  }

  private static long binomial(UniformRandomProvider u, int n, double p) {
    if (p <= 0 || n == 0) {
      return 0;
    }
    if (p >= 1) {
      return n;
    }
    return BinomialDistribution.of(n, p).createSampler(u).sample();
  }

  private static double[] raceCum(double black) {
    double other = 0;
    for (double o : OTHER_RACES) {
      other += o;
    }
    double[] w = new double[RACES.length];
    w[0] = 1 - other - black;
    w[1] = black;
    System.arraycopy(OTHER_RACES, 0, w, 2, OTHER_RACES.length);
    double[] cum = new double[w.length];
    double t = 0;
    for (int i = 0; i < w.length; i++) {
      t += w[i];
      cum[i] = t;
    }
    for (int i = 0; i < cum.length; i++) {
      cum[i] /= t;
    }
    return cum;
  }

  private static int pick(double[] cum, double u) {
    for (int i = 0; i < cum.length - 1; i++) {
      if (u < cum[i]) {
        return i;
      }
    }
    return cum.length - 1;
  }

  private static int pick3(double[] w, double u) {
    double t = u * (w[0] + w[1] + w[2]);
    return t < w[0] ? 0 : t < w[0] + w[1] ? 1 : 2;
  }

  private static int pickP(double[] w, double u) {
    double t = 0;
    for (double x : w) {
      t += x;
    }
    double s = u * t;
    for (int i = 0; i < w.length; i++) {
      s -= w[i];
      if (s < 0) {
        return i;
      }
    }
    return w.length - 1;
  }
}
