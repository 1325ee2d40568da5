package org.rollaudit.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.EvidenceQuery;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.SnapshotInfo;

/**
 * A seeded synthetic roll, simulated voter by voter, aggregated into {@link Metrics} the way the
 * compare step does. Clean by default and deliberately untidy the way real rolls are: county sizes
 * are lognormal, each county has a lognormal removal multiplier (σ = 0.35) and its own reason mix,
 * precincts add their own variation, deaths concentrate in old age bands, and routine field changes
 * vary by county. Anomalies are injected with the {@code with*} methods. The voters are kept, so a
 * test can count what an {@link EvidenceQuery} selects.
 */
final class SyntheticRoll {
  static final LocalDate BASE = LocalDate.of(2024, 1, 6);
  static final LocalDate CURR = LocalDate.of(2024, 2, 3);
  static final String[] NAMES = {
    "ALAMANCE", "HARNETT", "NEW HANOVER", "WAKE", "ASHE", "BERTIE", "CHATHAM", "DARE"
  };
  private static final String[] RACES = {"W", "B", "U", "A", "O", "M"};
  private static final double[] RACE_P = {0.64, 0.21, 0.07, 0.03, 0.03, 0.02};
  private static final String[] ETHS = {"NL", "HL", "UN"};
  private static final double[] ETH_P = {0.86, 0.07, 0.07};
  private static final String[] GENDERS = {"F", "M", "U"};
  private static final double[] GENDER_P = {0.52, 0.45, 0.03};
  private static final String[] AGES = {
    "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"
  };
  private static final double[] AGE_P = {0.11, 0.17, 0.16, 0.16, 0.16, 0.14, 0.10};
  private static final double[] AGE_DEATH = {0.02, 0.03, 0.05, 0.1, 0.25, 0.6, 2.4};
  private static final String[] PARTIES = {"DEM", "REP", "UNA", "LIB", "GRE"};
  private static final double[] PARTY_P = {0.34, 0.30, 0.34, 0.01, 0.01};
  private static final String[] REASONS = {"RL", "RS", "RM", "RH", "RQ", "R2", "RF"};
  private static final double[] REASON_P = {0.30, 0.25, 0.2, 0.12, 0.05, 0.05, 0.03};

  /** Change-set columns evidence queries use, in the order of {@link Voter#cols}. */
  static final List<String> COLUMNS =
      List.of(
          "county_id",
          "precinct",
          "race",
          "ethnicity",
          "gender",
          "age_band",
          "party",
          "status_before",
          "reason_after",
          "status_date_after");

  /** One voter of the change set (compact: a roll holds up to 300,000 of them). */
  record Voter(ChangeClass cls, String[] cols, Map<String, String> changes) {
    String get(String column) {
      return cols[COLUMNS.indexOf(column)];
    }

    void set(String column, String value) {
      cols[COLUMNS.indexOf(column)] = value;
    }
  }

  final long seed;
  final int counties;
  final long voters;
  private final List<Object[]> injections = new ArrayList<>();
  private boolean dates;
  private int historyIntervals;

  final List<Voter> roll = new ArrayList<>();

  SyntheticRoll(long seed, int counties, long voters) {
    this.seed = seed;
    this.counties = counties;
    this.voters = voters;
  }

  /**
   * County c removes this share of its at-risk voters (vanished records), instead of its usual
   * rate.
   */
  SyntheticRoll withMassDeletion(int c, double rate) {
    injections.add(new Object[] {"mass", c, rate});
    return this;
  }

  /** In precinct p of county c, this share of at-risk voters is removed (reason RL). */
  SyntheticRoll withPrecinctPurge(int c, int p, double rate) {
    injections.add(new Object[] {"precinct", c, p, rate});
    return this;
  }

  /**
   * In county c, at-risk voters of the race are removed with this extra probability (reason RL).
   */
  SyntheticRoll withSkew(int c, String race, double extra) {
    injections.add(new Object[] {"skew", c, race, extra});
    return this;
  }

  /** In county c, this share of present voters get the field changed by the transformation. */
  SyntheticRoll withBulkChange(int c, String field, String transformation, double share) {
    injections.add(new Object[] {"bulk", c, field, transformation, share});
    return this;
  }

  /** In county c, exactly n at-risk voters are removed with this reason on this date. */
  SyntheticRoll withBatch(int c, String reason, LocalDate date, int n) {
    injections.add(new Object[] {"batch", c, reason, date, n});
    return this;
  }

  /** Give removals a status date (as NC VR_Snapshot cancellation_dt). */
  SyntheticRoll withDates() {
    dates = true;
    return this;
  }

  /** Earlier 28-day intervals per county for the own-history comparison. */
  SyntheticRoll withHistory(int intervals) {
    historyIntervals = intervals;
    return this;
  }

  /** Index of the largest county (sizes are the first draws of {@link #build}). */
  int largest() {
    SplittableRandom r = new SplittableRandom(seed);
    int best = 0;
    double max = -1;
    for (int c = 0; c < counties; c++) {
      double s = Math.exp(r.nextGaussian());
      if (s > max) {
        max = s;
        best = c;
      }
    }
    return best;
  }

  static String county(int c) {
    return Integer.toString(c + 1);
  }

  Metrics build() {
    SplittableRandom r = new SplittableRandom(seed);
    double[] size = new double[counties];
    double sum = 0;
    for (int c = 0; c < counties; c++) {
      size[c] = Math.exp(r.nextGaussian());
      sum += size[c];
    }
    SortedMap<String, String> names = new TreeMap<>(Units.IDS);
    List<Metrics.HistoryPoint> history = new ArrayList<>();
    Aggregates agg = new Aggregates();
    for (int c = 0; c < counties; c++) {
      long n = Math.max(50, Math.round(voters * size[c] / sum));
      double mult = 0.02 * Math.exp(0.35 * r.nextGaussian());
      double[] reasonMix = new double[REASONS.length];
      for (int k = 0; k < REASONS.length; k++) {
        reasonMix[k] = REASON_P[k] * Math.exp(0.35 * r.nextGaussian());
      }
      double moveRate = 0.02 * Math.exp(0.35 * r.nextGaussian());
      int precincts = (int) Math.max(1, n / 1500);
      double[] pMult = new double[precincts];
      double avgPrecinct = 0;
      for (int p = 0; p < precincts; p++) {
        pMult[p] = Math.exp(0.2 * r.nextGaussian());
        avgPrecinct += pMult[p] / precincts;
      }
      names.put(county(c), NAMES[c % NAMES.length] + (c < NAMES.length ? "" : " " + c));
      for (long v = 0; v < n; v++) {
        int p = (int) (v % precincts);
        agg.add(voter(r, c, p, mult * pMult[p], reasonMix, moveRate));
      }
      for (int h = 0; h < historyIntervals; h++) {
        LocalDate b = BASE.minusDays(28L * (h + 1));
        long atRisk = Math.round(n * 0.97);
        // the same rate as now (removals plus about 0.4% deaths), with interval-to-interval noise
        double mean = atRisk * (mult * avgPrecinct + 0.004) * Math.exp(0.25 * r.nextGaussian());
        long removed = Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        history.add(new Metrics.HistoryPoint(county(c), b, b.plusDays(28), atRisk, removed));
      }
    }
    for (Object[] inj : injections) {
      if (inj[0].equals("batch")) {
        for (int i = 0; i < (int) inj[4]; i++) {
          agg.add(removed(r, (int) inj[1], 0, (String) inj[2], (LocalDate) inj[3]));
        }
      }
    }
    return agg.metrics(names, history);
  }

  private Voter voter(
      SplittableRandom r, int c, int p, double rate, double[] reasonMix, double moveRate) {
    double u = r.nextDouble();
    String[] cols = demographics(r, c, p);
    if (u < 0.02) {
      return keep(new Voter(ChangeClass.ADDED, cols, Map.of()));
    }
    if (u < 0.05) { // removed at baseline: ages out, is reactivated, or stays
      cols[7] = "R";
      double w = r.nextDouble();
      ChangeClass k =
          w < 0.1
              ? ChangeClass.AGED_OUT
              : w < 0.15 ? ChangeClass.REACTIVATED : ChangeClass.UNCHANGED;
      return keep(
          new Voter(k, cols, k == ChangeClass.REACTIVATED ? Map.of("status", "R>A") : Map.of()));
    }
    cols[7] = r.nextDouble() < 0.88 ? "A" : "I";
    int age = java.util.Arrays.asList(AGES).indexOf(cols[5]);
    double death = 0.004 * AGE_DEATH[age] / 0.4;
    double removal = rate;
    for (Object[] inj : injections) {
      if (inj[0].equals("mass") && (int) inj[1] == c) {
        return keep(removedVoter(cols, "ABSENT", null, r.nextDouble() < (double) inj[2]));
      }
      if (inj[0].equals("precinct")
          && (int) inj[1] == c
          && (int) inj[2] == p
          && r.nextDouble() < (double) inj[3]) {
        return keep(removedVoter(cols, "RL", null, true));
      }
      if (inj[0].equals("skew")
          && (int) inj[1] == c
          && cols[2].equals(inj[2])
          && r.nextDouble() < (double) inj[3]) {
        return keep(removedVoter(cols, "RL", null, true));
      }
    }
    if (r.nextDouble() < death) {
      return keep(removedVoter(cols, "RD", date(r), true));
    }
    if (r.nextDouble() < removal) {
      String reason = r.nextDouble() < 0.1 ? "ABSENT" : pick(r, REASONS, reasonMix);
      return keep(removedVoter(cols, reason, "ABSENT".equals(reason) ? null : date(r), true));
    }
    Map<String, String> ch = new TreeMap<>();
    if (r.nextDouble() < moveRate) {
      ch.put("address", "changed");
    }
    if (r.nextDouble() < 0.004) {
      ch.put("party", cols[6] + ">" + (cols[6].equals("UNA") ? "DEM" : "UNA"));
    }
    if (r.nextDouble() < 0.003) {
      ch.put("name", "changed");
    }
    if (cols[7].equals("A") && r.nextDouble() < 0.01) {
      ch.put("status", "A>I");
    }
    if (r.nextDouble() < 0.0002) {
      ch.put("birth_year", r.nextBoolean() ? "+1" : "-1");
    }
    if (r.nextDouble() < 0.002) {
      ch.put("precinct", "P" + p + ">P" + (p + 1));
    }
    for (Object[] inj : injections) {
      if (inj[0].equals("bulk") && (int) inj[1] == c && r.nextDouble() < (double) inj[4]) {
        ch.put((String) inj[2], (String) inj[3]);
      }
    }
    return keep(
        new Voter(
            ch.isEmpty() ? ChangeClass.UNCHANGED : ChangeClass.CHANGED,
            cols,
            ch.isEmpty() ? Map.of() : ch));
  }

  private Voter removed(SplittableRandom r, int c, int p, String reason, LocalDate date) {
    String[] cols = demographics(r, c, p);
    cols[7] = "A";
    return keep(removedVoter(cols, reason, date, true));
  }

  private static Voter removedVoter(String[] cols, String reason, LocalDate date, boolean removed) {
    if (!removed) {
      return new Voter(ChangeClass.UNCHANGED, cols, Map.of());
    }
    cols[8] = reason;
    cols[9] = date == null ? null : date.toString();
    return new Voter(ChangeClass.REMOVED, cols, Map.of());
  }

  private LocalDate date(SplittableRandom r) {
    return dates ? BASE.plusDays(1 + r.nextInt(28)) : null;
  }

  private Voter keep(Voter v) {
    roll.add(v);
    return v;
  }

  private static String[] demographics(SplittableRandom r, int c, int p) {
    return new String[] {
      county(c),
      "P" + p,
      pick(r, RACES, RACE_P),
      pick(r, ETHS, ETH_P),
      pick(r, GENDERS, GENDER_P),
      pick(r, AGES, AGE_P),
      pick(r, PARTIES, PARTY_P),
      null,
      null,
      null
    };
  }

  private static String pick(SplittableRandom r, String[] v, double[] w) {
    double t = 0;
    for (double x : w) {
      t += x;
    }
    double u = r.nextDouble() * t;
    for (int i = 0; i < v.length; i++) {
      u -= w[i];
      if (u < 0) {
        return v[i];
      }
    }
    return v[v.length - 1];
  }

  /** Voters the query selects (the compare step's filter, on the kept voters). */
  long select(EvidenceQuery q) {
    long n = 0;
    for (Voter v : roll) {
      if (!q.classes().contains(v.cls())) {
        continue;
      }
      boolean ok =
          q.equals().entrySet().stream()
              .allMatch(e -> java.util.Objects.equals(v.get(e.getKey()), e.getValue()));
      if (ok && q.changeKey() != null) {
        String t = v.changes().get(q.changeKey());
        ok = t != null && ("*".equals(q.changeValue()) || t.equals(q.changeValue()));
      }
      n += ok ? 1 : 0;
    }
    return n;
  }

  static SnapshotInfo snapshot(LocalDate d, long voters) {
    return new SnapshotInfo(d, voters, "nc-ncvoter", "2022");
  }

  static Counts counts(Voter v) {
    boolean inA = v.cls() != ChangeClass.ADDED;
    boolean atRisk = v.cols()[7] != null && !"R".equals(v.cols()[7]);
    boolean removedAbsent = v.cls() == ChangeClass.REMOVED && "ABSENT".equals(v.cols()[8]);
    boolean inB = v.cls() != ChangeClass.AGED_OUT && !removedAbsent;
    boolean removed = v.cls() == ChangeClass.REMOVED;
    return new Counts(
        inA ? 1 : 0,
        inB ? 1 : 0,
        atRisk ? 1 : 0,
        removed ? 1 : 0,
        removed && !removedAbsent ? 1 : 0,
        removedAbsent ? 1 : 0,
        v.cls() == ChangeClass.ADDED ? 1 : 0,
        v.cls() == ChangeClass.REACTIVATED ? 1 : 0,
        v.cls() == ChangeClass.CHANGED ? 1 : 0,
        v.cls() == ChangeClass.UNCHANGED ? 1 : 0,
        v.cls() == ChangeClass.AGED_OUT ? 1 : 0,
        0);
  }
}
