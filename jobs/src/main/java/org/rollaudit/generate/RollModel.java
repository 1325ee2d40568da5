package org.rollaudit.generate;

import static org.rollaudit.generate.NcCodes.A1;
import static org.rollaudit.generate.NcCodes.A2;
import static org.rollaudit.generate.NcCodes.AN;
import static org.rollaudit.generate.NcCodes.AP;
import static org.rollaudit.generate.NcCodes.AV;
import static org.rollaudit.generate.NcCodes.IA;
import static org.rollaudit.generate.NcCodes.IN;
import static org.rollaudit.generate.NcCodes.IU;
import static org.rollaudit.generate.NcCodes.R2;
import static org.rollaudit.generate.NcCodes.RA;
import static org.rollaudit.generate.NcCodes.RC;
import static org.rollaudit.generate.NcCodes.RD;
import static org.rollaudit.generate.NcCodes.RF;
import static org.rollaudit.generate.NcCodes.RH;
import static org.rollaudit.generate.NcCodes.RL;
import static org.rollaudit.generate.NcCodes.RM;
import static org.rollaudit.generate.NcCodes.RQ;
import static org.rollaudit.generate.NcCodes.RS;
import static org.rollaudit.generate.NcCodes.ST_A;
import static org.rollaudit.generate.NcCodes.ST_D;
import static org.rollaudit.generate.NcCodes.ST_GONE;
import static org.rollaudit.generate.NcCodes.ST_I;
import static org.rollaudit.generate.NcCodes.ST_R;
import static org.rollaudit.generate.NcCodes.ST_S;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The synthetic roll and how it changes: draws the first snapshot, then evolves it interval by
 * interval with background churn, and plants the chosen anomalies in the last interval.
 *
 * <p>Rates below are per four weeks and are scaled to the interval length. Removal hazards are
 * multiplied by a fixed per-county factor (lognormal, sigma 0.35) and per-interval noise, so
 * counties differ about as much as real ones do: a naive binomial test sees many "significant"
 * counties, and a detector has to model over-dispersion to stay quiet on background churn.
 */
final class RollModel {
  static final int MIN_AGE = 18;
  static final int MAX_AGE = 99;
  private static final int DAYS_10_YEARS = 3652;

  // Background rates per 4 weeks (A/I voters unless noted). Calibrated to domain.md §6 (Chatham
  // 2018 reason mix; removals of roughly 0.5% of active/inactive voters per 4 weeks).
  private static final double P_DEATH = 0.0008;
  private static final double P_RS = 0.0017;
  private static final double P_RL = 0.0013;
  private static final double P_RH = 0.0002;
  private static final double P_RQ = 0.00005;
  private static final double P_R2 = 0.00012;
  private static final double P_RF = 0.00003;
  private static final double P_RC = 0.000005; // sustained challenges are rare in the background
  private static final double P_SILENT = 0.00003; // removed without a record: a handful
  private static final double P_RM_BATCH = 0.25; // chance a county runs its RM batch in 4 weeks
  private static final double P_RM_IN_BATCH = 0.035; // share of inactive voters removed then
  private static final double P_RM_TRICKLE = 0.0005;
  private static final double P_TO_A2 = 0.004;
  private static final double P_A2_TO_I = 0.30;
  private static final double P_A2_TO_AV = 0.15;
  private static final double P_I_TO_A = 0.015;
  private static final double P_AN_TO_AV = 0.35;
  private static final double P_A1_TO_AV = 0.10;
  private static final double P_AP_TO_AV = 0.30;
  private static final double P_COUNTY_MOVE = 0.0005; // same ncid, new county
  private static final double P_ADDRESS = 0.005;
  private static final double P_PARTY = 0.0006;
  private static final double P_NAME = 0.0002;
  private static final double P_BIRTH_FIX = 0.00002;
  private static final double P_R_RETURNS = 0.002; // removed voter registers again, same ncid
  private static final double P_D_TO_A = 0.03;
  private static final double P_AGED_OUT = 0.015; // of removed records older than ten years
  private static final double P_NEW = 0.005; // new registrations per A/I voter
  private static final int MIN_AGED_OUT = 3;
  private static final byte NONE = -1;
  private static final byte SILENT = -2;

  private final long seed;
  final Geography geo;
  final VoterTable v;
  final Ncid ncid;
  private final int[] nextRegNum = new int[Geography.COUNTIES];
  private final EnumMap<Plant, Integer> plantCounty = new EnumMap<>(Plant.class);

  /**
   * Spellings that differ from the name tables (the churn plant's typos), by serial; the writer
   * prints these instead of the table entry. Empty unless that plant ran.
   */
  final Map<Integer, String> lastNameSpelling = new HashMap<>();

  final Map<Integer, String> firstNameSpelling = new HashMap<>();

  // Name tables: first names = female ++ male; surnames = general ++ hispanic ++ asian.
  static final int N_FEMALE = Tables.FIRST_FEMALE.size();
  static final int N_GENERAL = Tables.LAST_GENERAL.size();
  static final int N_HISPANIC = Tables.LAST_HISPANIC.size();
  private final Weighted female = Weighted.zipf(Tables.FIRST_FEMALE.size(), 4, 0.9);
  private final Weighted male = Weighted.zipf(Tables.FIRST_MALE.size(), 4, 0.9);
  private final Weighted lastGeneral = Weighted.zipf(N_GENERAL, 3, 0.8);
  private final Weighted lastHispanic = Weighted.zipf(N_HISPANIC, 3, 0.8);
  private final Weighted lastAsian = Weighted.zipf(Tables.LAST_ASIAN.size(), 2, 0.8);
  private final Weighted streets = Weighted.zipf(Tables.STREETS.size(), 5, 0.7);
  private final Weighted streetTypes = Weighted.zipf(Tables.STREET_TYPES.size(), 1.5, 1.2);
  private final Weighted birthStates = new Weighted(Tables.BIRTH_STATE_WEIGHTS);
  private final Weighted gender = new Weighted(0.53, 0.44, 0.03);
  private final Weighted maleSuffix = new Weighted(0.95, 0.03, 0.01, 0.005, 0.005, 0.0005);

  /** Party (DEM, REP, UNA, LIB, GRE) by race: white, Black, other. */
  private final Weighted[] partyByRace = {
    new Weighted(0.20, 0.43, 0.36, 0.009, 0.001),
    new Weighted(0.74, 0.03, 0.225, 0.004, 0.001),
    new Weighted(0.28, 0.16, 0.545, 0.012, 0.003)
  };

  /** Ethnicity (HL, NL, UN) by race index of {@link Geography#RACES}. */
  private final Weighted[] ethnicByRace = {
    new Weighted(0.03, 0.82, 0.15), new Weighted(0.01, 0.84, 0.15),
    new Weighted(0.12, 0.18, 0.70), new Weighted(0.01, 0.80, 0.19),
    new Weighted(0.35, 0.45, 0.20), new Weighted(0.15, 0.65, 0.20),
    new Weighted(0.05, 0.80, 0.15), new Weighted(0.05, 0.75, 0.20)
  };

  private final Weighted statusMix = new Weighted(0.80, 0.09, 0.08, 0.015, 0.005);
  private static final byte[] A_REASONS = {AV, AN, A1, A2, AP, IN, IU};
  private final Weighted aReasons = new Weighted(0.905, 0.035, 0.025, 0.015, 0.01, 0.005, 0.005);
  private static final byte[] I_REASONS = {IN, IU, IA};
  private final Weighted iReasons = new Weighted(0.60, 0.35, 0.05);
  private static final byte[] R_REASONS = {RD, RS, RL, RM, RQ, RH, R2, RF, RA, RC};
  private final Weighted rReasons =
      new Weighted(0.581, 0.17, 0.13, 0.07, 0.015, 0.015, 0.01, 0.005, 0.003, 0.001);
  private static final byte[] D_REASONS = {NcCodes.DI, NcCodes.DN, NcCodes.DU};
  private final Weighted dReasons = new Weighted(0.40, 0.35, 0.25);
  private static final byte[] S_REASONS = {NcCodes.SM, NcCodes.SO};

  /** New registrations: A/AN, A/AV, A/A1, A/AP, D, S. */
  private final Weighted newMix = new Weighted(0.62, 0.30, 0.03, 0.01, 0.03, 0.01);

  private final Weighted ageGeneral;
  private final Weighted ageDeceased;
  private final Weighted ageNew;
  private final double[] hazard = new double[200];
  private final double[] mobility = new double[200];

  /** Mean age factors over the first snapshot's A/I voters (set by {@link #populate}). */
  private double meanHazard = 1;

  private double meanMobility = 1;

  RollModel(long seed, int voters, int snapshots) {
    this.seed = seed;
    this.geo = new Geography(seed, voters);
    this.ncid = new Ncid(seed);
    // Room for the expected growth so the columns rarely need to be copied.
    this.v =
        new VoterTable(
            (int)
                Math.min(
                    Ncid.DOMAIN - 1L, (long) (voters * (1.02 + 0.006 * (snapshots - 1))) + 1024));

    for (int a = 0; a < hazard.length; a++) {
      hazard[a] = Math.exp(0.085 * (a - 75)); // Gompertz: mortality doubles about every 8 years
      mobility[a] = a < 25 ? 2.0 : a < 35 ? 1.6 : a < 45 ? 1.0 : a < 65 ? 0.7 : 0.4;
    }
    ageGeneral =
        ages(
            new int[] {18, 25, 35, 45, 55, 65, 75, 85, 100},
            new double[] {10, 16, 16, 16, 17, 14, 8, 3});
    double[] dw = new double[MAX_AGE - MIN_AGE + 1];
    for (int a = MIN_AGE; a <= MAX_AGE; a++) {
      dw[a - MIN_AGE] = ageGeneral.probability(a - MIN_AGE) * hazard[a];
    }
    ageDeceased = new Weighted(dw);
    ageNew = ages(new int[] {18, 25, 35, 45, 55, 65, 100}, new double[] {40, 28, 14, 9, 6, 3});
    choosePlantCounties();
  }

  /** Age weights for ages MIN_AGE..MAX_AGE from band edges and band shares. */
  private static Weighted ages(int[] edges, double[] shares) {
    double[] w = new double[MAX_AGE - MIN_AGE + 1];
    for (int b = 0; b < shares.length; b++) {
      int width = edges[b + 1] - edges[b];
      for (int a = edges[b]; a < edges[b + 1] && a <= MAX_AGE; a++) {
        w[a - MIN_AGE] = shares[b] / width;
      }
    }
    return new Weighted(w);
  }

  int countyOf(int i) {
    return geo.precinctCounty[v.precinct[i]];
  }

  /** County index (0-based) chosen for a plant; fixed by the seed whatever plants are enabled. */
  int plantCounty(Plant p) {
    return plantCounty.get(p);
  }

  // ---------------------------------------------------------------- first snapshot

  /** Draws the first snapshot: {@code voters} records over the counties, as of {@code asOf}. */
  void populate(LocalDate asOf) {
    SplittableRandom rng = Seeds.stream(seed, "population");
    int refYear = asOf.getYear();
    int today = (int) asOf.toEpochDay();
    for (int c = 0; c < Geography.COUNTIES; c++) {
      for (int k = 0; k < geo.countySize[c]; k++) {
        int i = v.add();
        byte st = (byte) statusMix.pick(rng);
        byte reason;
        switch (st) {
          case ST_A:
            reason = A_REASONS[aReasons.pick(rng)];
            break;
          case ST_I:
            reason = I_REASONS[iReasons.pick(rng)];
            break;
          case ST_R:
            reason = R_REASONS[rReasons.pick(rng)];
            break;
          case ST_D:
            reason = D_REASONS[dReasons.pick(rng)];
            break;
          default:
            reason = S_REASONS[rng.nextDouble() < 0.6 ? 0 : 1];
        }
        v.status[i] = st;
        v.reason[i] = reason;
        // Deceased records skew old; military and overseas (S) voters skew young.
        Weighted ages = reason == RD ? ageDeceased : st == ST_S ? ageNew : ageGeneral;
        int age = MIN_AGE + ages.pick(rng);
        int birthYear = refYear - age;
        // Registered after turning 18 (year resolution) and not before 1960; recent dates are
        // more common because moves and returns create new registrations.
        int lower =
            (int)
                Math.max(
                    LocalDate.of(1960, 1, 1).toEpochDay(),
                    LocalDate.of(birthYear + MIN_AGE, 1, 1).toEpochDay());
        int upper = today - 1;
        if (reason == AN) {
          lower = Math.max(lower, today - 90);
        } else if (reason == A1 || reason == AP) {
          lower = Math.max(lower, today - 730);
        } else if (st == ST_D) {
          lower = Math.max(lower, today - 1095);
        }
        lower = Math.min(lower, upper);
        double u = rng.nextDouble();
        double frac = rng.nextDouble() < 0.5 ? u : Math.sqrt(u);
        v.registrDay[i] = lower + (int) ((upper - lower) * frac);
        person(i, c, birthYear, rng);
      }
    }
    ensureConfidential(rng);
    assignInitialRegNums(rng);
    calibrate(refYear);
  }

  /** Fills the demographic, name and address columns of a new record in county c. */
  private void person(int i, int c, int birthYear, SplittableRandom rng) {
    v.birthYear[i] = (short) birthYear;
    int race = geo.race[c].pick(rng);
    v.race[i] = (byte) race;
    int eth = ethnicByRace[race].pick(rng);
    v.ethnic[i] = (byte) eth;
    int g = gender.pick(rng);
    v.gender[i] = (byte) g;
    boolean fem = g == 0 || (g == 2 && rng.nextBoolean());
    v.firstName[i] = (char) firstName(fem, rng);
    v.middleName[i] = rng.nextDouble() < 0.85 ? (char) firstName(fem, rng) : (char) 0xFFFF;
    v.lastName[i] = (char) lastName(race, eth, rng);
    v.suffix[i] = (byte) (g == 1 ? maleSuffix.pick(rng) : 0);
    v.party[i] = (byte) partyByRace[race == 0 ? 0 : race == Geography.RACE_B ? 1 : 2].pick(rng);
    v.birthState[i] = (byte) birthStates.pick(rng);
    address(i, geo.pickPrecinct(c, rng), rng);
    int f = 0;
    if (rng.nextDouble() < 0.001) {
      f |= VoterTable.F_CONFIDENTIAL;
    }
    boolean dl = rng.nextDouble() < 0.87;
    boolean ssn = rng.nextDouble() < (dl ? 0.12 : 0.85);
    if (dl) {
      f |= VoterTable.F_DRIVERS_LIC;
    }
    if (ssn) {
      f |= VoterTable.F_SSN;
    }
    if (!dl && !ssn) {
      f |= VoterTable.F_NO_DL_SSN;
    }
    if (rng.nextDouble() < 0.015) {
      f |= VoterTable.F_HAVA;
    }
    if (rng.nextDouble() < 0.55) {
      f |= VoterTable.F_PHONE;
    }
    double m = rng.nextDouble();
    if (m < 0.83) {
      f |= VoterTable.F_MAIL_SAME;
    } else if (m < 0.92) {
      f |= VoterTable.F_MAIL_PO;
    }
    v.flags[i] = (byte) f;
  }

  private int firstName(boolean fem, SplittableRandom rng) {
    return fem ? female.pick(rng) : N_FEMALE + male.pick(rng);
  }

  private int lastName(int race, int ethnic, SplittableRandom rng) {
    if (ethnic == 0 && rng.nextDouble() < 0.85) {
      return N_GENERAL + lastHispanic.pick(rng);
    }
    if (race == 3 && rng.nextDouble() < 0.8) {
      return N_GENERAL + N_HISPANIC + lastAsian.pick(rng);
    }
    return lastGeneral.pick(rng);
  }

  /** A new synthetic street address in the given precinct. */
  private void address(int i, int precinct, SplittableRandom rng) {
    v.precinct[i] = (char) precinct;
    v.streetNum[i] = (int) Math.exp(rng.nextDouble() * Math.log(9999)) + rng.nextInt(10);
    v.streetName[i] = (char) streets.pick(rng);
    v.streetType[i] = (byte) streetTypes.pick(rng);
    if (rng.nextDouble() < 0.12) {
      double t = rng.nextDouble();
      int type = t < 0.7 ? 0 : t < 0.85 ? 1 : t < 0.95 ? 2 : 3;
      v.unit[i] = (char) ((type << 12) | (1 + rng.nextInt(300)));
    } else {
      v.unit[i] = 0;
    }
  }

  /** About 0.1% confidential records, but at least five even in small rolls. */
  private void ensureConfidential(SplittableRandom rng) {
    int have = 0;
    for (int i = 0; i < v.size; i++) {
      if (v.has(i, VoterTable.F_CONFIDENTIAL)) {
        have++;
      }
    }
    for (int tries = 0; have < 5 && tries < 1000; tries++) {
      int i = rng.nextInt(v.size);
      if (!v.has(i, VoterTable.F_CONFIDENTIAL)) {
        v.set(i, VoterTable.F_CONFIDENTIAL, true);
        have++;
      }
    }
  }

  /**
   * Numbers each county's records in registration order, from a random start with small gaps (the
   * numbers of records that aged out long ago), as {@code voter_reg_num} looks in real files.
   */
  private void assignInitialRegNums(SplittableRandom rng) {
    long[] keys = new long[v.size];
    int[] start = new int[Geography.COUNTIES + 1];
    for (int i = 0; i < v.size; i++) {
      start[countyOf(i) + 1]++;
    }
    for (int c = 0; c < Geography.COUNTIES; c++) {
      start[c + 1] += start[c];
    }
    int[] fill = Arrays.copyOf(start, Geography.COUNTIES);
    for (int i = 0; i < v.size; i++) {
      keys[fill[countyOf(i)]++] = ((long) (v.registrDay[i] + 1_000_000) << 32) | i;
    }
    for (int c = 0; c < Geography.COUNTIES; c++) {
      Arrays.sort(keys, start[c], start[c + 1]);
      int num = 1_000 + rng.nextInt(3_000_000);
      for (int k = start[c]; k < start[c + 1]; k++) {
        num += 1 + (rng.nextDouble() < 0.2 ? rng.nextInt(5) : 0);
        v.regNum[(int) keys[k]] = num;
      }
      nextRegNum[c] = num + 1 + rng.nextInt(50);
    }
  }

  /** Normalises the age effects so the mean hazard over A/I voters is the nominal rate. */
  private void calibrate(int year) {
    double h = 0;
    double m = 0;
    long n = 0;
    for (int i = 0; i < v.size; i++) {
      if (v.status[i] == ST_A || v.status[i] == ST_I) {
        int age = year - v.birthYear[i];
        h += hazard[age];
        m += mobility[age];
        n++;
      }
    }
    meanHazard = n == 0 ? 1 : h / n;
    meanMobility = n == 0 ? 1 : m / n;
  }

  // ---------------------------------------------------------------- evolution

  /** Per-interval counts by county, used for the plants' sizes and rates. */
  private static final class Counts {
    final int[] baseAI = new int[Geography.COUNTIES];
    final int[] baseAIBlack = new int[Geography.COUNTIES];
    final int[] removed = new int[Geography.COUNTIES];
    final int[] removedBlack = new int[Geography.COUNTIES];
  }

  /** Per-interval probability from a per-4-week one. */
  private static double scale(double p28, double f) {
    return 1 - Math.pow(1 - Math.min(p28, 0.999999), f);
  }

  /**
   * Moves the roll from snapshot {@code k − 1} (as of {@code from}) to snapshot {@code k} (as of
   * {@code to}); on the last interval also plants {@code plants}.
   *
   * @return ground truth of the plants applied (empty unless plants were given)
   */
  List<PlantTruth> evolve(int k, LocalDate from, LocalDate to, Set<Plant> plants) {
    SplittableRandom rng = Seeds.stream(seed, "interval", k);
    double f = (to.toEpochDay() - from.toEpochDay()) / 28.0;
    int toDay = (int) to.toEpochDay();
    int fromDay = (int) from.toEpochDay();
    int year = to.getYear();
    int n0 = v.size;
    long[] touched = new long[(n0 + 63) >>> 6];
    Counts counts = new Counts();

    double[] mult = new double[Geography.COUNTIES];
    double[] rm = new double[Geography.COUNTIES];
    for (int c = 0; c < Geography.COUNTIES; c++) {
      // Fixed county factor times per-interval noise; RM removals come in county batches.
      mult[c] = geo.removalMult[c] * Math.exp(0.15 * rng.nextGaussian() - 0.15 * 0.15 / 2);
      boolean batch = rng.nextDouble() < scale(P_RM_BATCH, f);
      rm[c] = mult[c] * scale(batch ? P_RM_IN_BATCH : P_RM_TRICKLE, f);
    }
    double pRs = scale(P_RS, f) / meanMobility;
    double pRl = scale(P_RL, f) / meanMobility;
    double pRh = scale(P_RH, f) / meanMobility;
    double pRq = scale(P_RQ, f);
    double pR2 = scale(P_R2, f);
    double pRf = scale(P_RF, f);
    double pRc = scale(P_RC, f);
    double pSilent = scale(P_SILENT, f);
    double pDeath = scale(P_DEATH, f) / meanHazard;
    double pToA2 = scale(P_TO_A2, f);
    double pA2ToI = scale(P_A2_TO_I, f);
    double pA2ToAv = scale(P_A2_TO_AV, f);
    double pIToA = scale(P_I_TO_A, f);
    double pAnToAv = scale(P_AN_TO_AV, f);
    double pA1ToAv = scale(P_A1_TO_AV, f);
    double pApToAv = scale(P_AP_TO_AV, f);
    double pMove = scale(P_COUNTY_MOVE, f);
    double pAddress = scale(P_ADDRESS, f);
    double pParty = scale(P_PARTY, f);
    double pName = scale(P_NAME, f);
    double pBirth = scale(P_BIRTH_FIX, f);
    double pReturn = scale(P_R_RETURNS, f);
    double pDToA = scale(P_D_TO_A, f);
    double pAged = scale(P_AGED_OUT, f);
    IntList agedEligible = new IntList();
    int agedOut = 0;

    for (int i = 0; i < n0; i++) {
      byte st = v.status[i];
      if (st == ST_GONE) {
        continue;
      }
      int c = countyOf(i);
      if (st == ST_A || st == ST_I) {
        boolean black = v.race[i] == Geography.RACE_B;
        counts.baseAI[c]++;
        if (black) {
          counts.baseAIBlack[c]++;
        }
        int age = Math.min(hazard.length - 1, Math.max(0, year - v.birthYear[i]));
        double m = mult[c];
        double mob = mobility[age];
        double u = rng.nextDouble();
        double t = m * Math.min(0.5, pDeath * hazard[age]);
        byte removal = NONE;
        if (u < t) {
          removal = RD;
        } else if (u < (t += m * pRs * mob)) {
          removal = RS;
        } else if (u < (t += m * pRl * mob)) {
          removal = RL;
        } else if (u < (t += m * pRh * mob)) {
          removal = RH;
        } else if (u < (t += m * pRq)) {
          removal = RQ;
        } else if (u < (t += m * pR2)) {
          removal = R2;
        } else if (u < (t += m * pRf)) {
          removal = RF;
        } else if (u < (t += m * pRc)) {
          removal = RC;
        } else if (u < (t += m * pSilent)) {
          removal = SILENT;
        } else if (st == ST_I && u < t + rm[c]) {
          removal = RM;
        }
        if (removal != NONE) {
          if (removal == SILENT) {
            v.status[i] = ST_GONE; // deleted without a removal record
          } else {
            v.status[i] = ST_R;
            v.reason[i] = removal;
          }
          counts.removed[c]++;
          if (black) {
            counts.removedBlack[c]++;
          }
          mark(touched, i);
          continue;
        }
        boolean changed = false;
        double s = rng.nextDouble();
        byte r = v.reason[i];
        if (st == ST_A) {
          if (r == A2) {
            if (s < pA2ToI) {
              v.status[i] = ST_I;
              v.reason[i] = rng.nextDouble() < 0.7 ? IN : IU;
              changed = true;
            } else if (s < pA2ToI + pA2ToAv) {
              v.reason[i] = AV;
              changed = true;
            }
          } else if (r == AN && s < pAnToAv || r == A1 && s < pA1ToAv || r == AP && s < pApToAv) {
            v.reason[i] = AV;
            changed = true;
          } else if (r == AV && s < pToA2) {
            v.reason[i] = A2; // a confirmation notice was mailed
            changed = true;
          }
        } else if (s < pIToA) {
          v.status[i] = ST_A; // voted or updated: reactivated
          v.reason[i] = AV;
          changed = true;
        }
        double w = rng.nextDouble();
        double acc = pMove;
        if (w < acc) {
          int c2 = geo.countyPick.pick(rng);
          if (c2 != c) {
            address(i, geo.pickPrecinct(c2, rng), rng);
            v.regNum[i] = nextRegNum[c2]++;
            changed = true;
          }
        } else if (w < (acc += pAddress)) {
          int p = rng.nextDouble() < 0.4 ? geo.pickPrecinct(c, rng) : v.precinct[i];
          address(i, p, rng);
          changed = true;
        } else if (w < (acc += pParty)) {
          v.party[i] = (byte) ((v.party[i] + 1 + rng.nextInt(2)) % 3); // among DEM/REP/UNA
          changed = true;
        } else if (w < (acc += pName)) {
          if (v.gender[i] == 0) {
            v.lastName[i] = (char) lastGeneral.pick(rng); // e.g. a name change on marriage
            changed = true;
          }
        } else if (w < acc + pBirth) {
          int fix = (rng.nextBoolean() ? 1 : -1) * (1 + rng.nextInt(3));
          int by = v.birthYear[i] + fix;
          if (by >= 1900 && by <= Math.min(year, yearOf(v.registrDay[i])) - MIN_AGE) {
            v.birthYear[i] = (short) by; // a data-entry correction
            changed = true;
          }
        }
        if (changed) {
          mark(touched, i);
        }
      } else if (st == ST_R) {
        if (v.reason[i] != RD && rng.nextDouble() < pReturn) {
          // Registers again; NC's ncid follows the person, so the old id comes back.
          v.status[i] = ST_A;
          v.reason[i] = rng.nextDouble() < 0.7 ? AN : AV;
          v.registrDay[i] = fromDay + 1 + rng.nextInt(Math.max(1, toDay - fromDay));
          mark(touched, i);
        } else if (v.registrDay[i] < toDay - DAYS_10_YEARS) {
          // NC omits removed records whose last activity is over ten years old (aged out).
          if (rng.nextDouble() < pAged) {
            v.status[i] = ST_GONE;
            mark(touched, i);
            agedOut++;
          } else {
            agedEligible.add(i);
          }
        }
      } else if (st == ST_D) {
        if (rng.nextDouble() < pDToA) {
          v.status[i] = ST_A;
          v.reason[i] = AV;
          mark(touched, i);
        }
      }
    }
    // Every interval shows a few aged-out records, so readers must handle the case.
    while (agedOut < MIN_AGED_OUT && agedEligible.size > 0) {
      int j = rng.nextInt(agedEligible.size);
      int i = agedEligible.data[j];
      agedEligible.data[j] = agedEligible.data[--agedEligible.size];
      v.status[i] = ST_GONE;
      mark(touched, i);
      agedOut++;
    }

    register(rng, f, counts, fromDay, toDay);

    List<PlantTruth> truths = new ArrayList<>();
    for (Plant p : plants) {
      truths.add(plant(p, n0, touched, counts, from, to, f));
    }
    return truths;
  }

  /** New registrations, about 0.5% of A/I voters per 4 weeks, with new ncids. */
  private void register(SplittableRandom rng, double f, Counts counts, int fromDay, int toDay) {
    for (int c = 0; c < Geography.COUNTIES; c++) {
      double expected = P_NEW * f * counts.baseAI[c] * Math.exp(0.1 * rng.nextGaussian());
      int n = (int) Math.floor(expected + rng.nextDouble());
      for (int k = 0; k < n; k++) {
        int i = v.add();
        int day = fromDay + 1 + rng.nextInt(Math.max(1, toDay - fromDay));
        v.registrDay[i] = day;
        int regYear = LocalDate.ofEpochDay(day).getYear();
        int birthYear = regYear - (MIN_AGE + ageNew.pick(rng));
        person(i, c, birthYear, rng);
        int kind = newMix.pick(rng);
        switch (kind) {
          case 0:
            v.status[i] = ST_A;
            v.reason[i] = AN;
            break;
          case 1:
            v.status[i] = ST_A;
            v.reason[i] = AV;
            break;
          case 2:
            v.status[i] = ST_A;
            v.reason[i] = A1;
            break;
          case 3:
            v.status[i] = ST_A;
            v.reason[i] = AP;
            break;
          case 4:
            v.status[i] = ST_D;
            v.reason[i] = D_REASONS[dReasons.pick(rng)];
            break;
          default:
            v.status[i] = ST_S;
            v.reason[i] = S_REASONS[rng.nextInt(2)];
        }
        v.regNum[i] = nextRegNum[c]++;
      }
    }
  }

  private static void mark(long[] bits, int i) {
    bits[i >>> 6] |= 1L << (i & 63);
  }

  private static boolean marked(long[] bits, int i) {
    return (bits[i >>> 6] & (1L << (i & 63))) != 0;
  }

  /** Growable int list, to avoid boxing. */
  static final class IntList {
    int[] data = new int[64];
    int size;

    void add(int x) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = x;
    }
  }

  // ---------------------------------------------------------------- plants

  /**
   * Chooses the four plant counties from the seed alone, all different: removal-skew among the
   * largest (never the largest itself) so the group is big enough to show, the others among
   * mid-sized counties.
   */
  private void choosePlantCounties() {
    SplittableRandom rng = Seeds.stream(seed, "plant-counties");
    Integer[] bySize = new Integer[Geography.COUNTIES];
    for (int c = 0; c < Geography.COUNTIES; c++) {
      bySize[c] = c;
    }
    Arrays.sort(
        bySize,
        (a, b) ->
            geo.countySize[a] != geo.countySize[b]
                ? Integer.compare(geo.countySize[b], geo.countySize[a])
                : Integer.compare(a, b));
    boolean[] used = new boolean[Geography.COUNTIES];
    // removal-skew: ranks 1..7 with 20% to 50% Black voters if any, else at least 20%. The test
    // compares the group with the rest of its county, so both must be large: where the group is
    // most of the county, the rest's few removals make its rate (the comparison) a noisy guess.
    List<Integer> pool = blackShareBetween(bySize, 0.2, 0.5);
    if (pool.isEmpty()) {
      pool = blackShareBetween(bySize, 0.2, 1.0);
    }
    if (pool.isEmpty()) {
      int best = bySize[1];
      for (int r = 2; r <= 7; r++) {
        if (geo.blackShare[bySize[r]] > geo.blackShare[best]) {
          best = bySize[r];
        }
      }
      pool.add(best);
    }
    take(Plant.REMOVAL_SKEW, pool, used, rng);
    take(Plant.MASS_DELETION, ranks(bySize, 15, 49), used, rng);
    take(Plant.SAME_DAY_BATCH, ranks(bySize, 8, 24), used, rng);
    take(Plant.BULK_FIELD_CHANGE, ranks(bySize, 8, 39), used, rng);
    // legal-timing plants, drawn after the demo four so their counties stay as they were
    take(Plant.QUIET_PERIOD, ranks(bySize, 8, 39), used, rng);
    take(Plant.NOTICE_WAIT, ranks(bySize, 8, 39), used, rng);
    // Plants of the rules over history, drawn after the four above so their counties stay put.
    // Churn needs many removed voters to draw from: a large county.
    take(Plant.REREGISTRATION_CHURN, ranks(bySize, 1, 7), used, rng);
    take(Plant.DUPLICATE_MATCH_REMOVAL, ranks(bySize, 8, 39), used, rng);
  }

  /** The counties of size ranks 1..7 whose Black share lies in [min, max], in rank order. */
  private List<Integer> blackShareBetween(Integer[] bySize, double min, double max) {
    List<Integer> out = new ArrayList<>();
    for (int r = 1; r <= 7; r++) {
      double share = geo.blackShare[bySize[r]];
      if (share >= min && share <= max) {
        out.add(bySize[r]);
      }
    }
    return out;
  }

  /** The notice-wait plant's voters, put under notice in the next-to-last snapshot. */
  private int[] noticed;

  private LocalDate noticedAt;

  /**
   * The notice-wait plant's first half, after the next-to-last interval: about 2% of its county's
   * active voters not under notice (at least 30) become I/IN in that snapshot.
   */
  void putUnderNotice(LocalDate asOf) {
    SplittableRandom rng = Seeds.stream(seed, "plant-notice-wait-notice");
    int c = plantCounty.get(Plant.NOTICE_WAIT);
    int[] cand =
        notUnderNotice(candidates(c, false, v.size, new long[(v.size + 63) >>> 6], false, 0));
    int k = Math.min(cand.length, (int) Math.max(30, Math.round(0.02 * cand.length)));
    choose(cand, k, rng);
    noticed = Arrays.copyOf(cand, k);
    for (int i : noticed) {
      v.status[i] = ST_I;
      v.reason[i] = IN;
    }
    noticedAt = asOf;
  }

  /** The active voters among these who are not in the confirmation process (no A2, IN, IU). */
  private int[] notUnderNotice(int[] voters) {
    IntList out = new IntList();
    for (int i : voters) {
      byte r = v.reason[i];
      if (v.status[i] == ST_A && r != NcCodes.A2 && r != IN && r != NcCodes.IU) {
        out.add(i);
      }
    }
    return Arrays.copyOf(out.data, out.size);
  }

  private static List<Integer> ranks(Integer[] bySize, int from, int to) {
    List<Integer> out = new ArrayList<>();
    for (int r = from; r <= to; r++) {
      out.add(bySize[r]);
    }
    return out;
  }

  private void take(Plant p, List<Integer> pool, boolean[] used, SplittableRandom rng) {
    List<Integer> free = new ArrayList<>();
    for (int c : pool) {
      if (!used[c]) {
        free.add(c);
      }
    }
    int c = free.get(rng.nextInt(free.size()));
    used[c] = true;
    plantCounty.put(p, c);
  }

  /**
   * Baseline A/I voters of county c untouched this interval, optionally Black only, optionally only
   * those whose birth year can move up by one and still show them 18 at registration and at {@code
   * year}.
   */
  private int[] candidates(
      int c, boolean blackOnly, int n0, long[] touched, boolean shiftable, int year) {
    IntList out = new IntList();
    for (int i = 0; i < n0; i++) {
      byte st = v.status[i];
      if ((st == ST_A || st == ST_I)
          && countyOf(i) == c
          && !marked(touched, i)
          && (!blackOnly || v.race[i] == Geography.RACE_B)
          && (!shiftable
              || v.birthYear[i] + 1 <= Math.min(year, yearOf(v.registrDay[i])) - MIN_AGE)) {
        out.add(i);
      }
    }
    return Arrays.copyOf(out.data, out.size);
  }

  private static int yearOf(int epochDay) {
    return LocalDate.ofEpochDay(epochDay).getYear();
  }

  /** Moves a uniformly random k-subset to the front (partial Fisher–Yates). */
  private static void choose(int[] a, int k, SplittableRandom rng) {
    for (int j = 0; j < k; j++) {
      int r = j + rng.nextInt(a.length - j);
      int tmp = a[j];
      a[j] = a[r];
      a[r] = tmp;
    }
  }

  private List<String> ids(int[] serials, int from, int to) {
    List<String> out = new ArrayList<>(to - from);
    for (int j = from; j < to; j++) {
      out.add(ncid.of(serials[j]));
    }
    out.sort(null);
    return out;
  }

  private PlantTruth plant(
      Plant p, int n0, long[] touched, Counts counts, LocalDate from, LocalDate to, double f) {
    SplittableRandom rng = Seeds.stream(seed, "plant-" + p.id());
    int c = plantCounty.get(p);
    int base = counts.baseAI[c];
    Map<String, Object> details = new LinkedHashMap<>();
    Map<String, String> group = Map.of();
    List<String> absent = List.of();
    details.put("baseline_active_inactive", base);
    int[] cand;
    int k;
    switch (p) {
      case MASS_DELETION:
        {
          cand = candidates(c, false, n0, touched, false, 0);
          k = Math.min(cand.length, (int) Math.round(0.12 * base));
          choose(cand, k, rng);
          int shown = k - k / 2;
          for (int j = 0; j < k; j++) {
            if (j < shown) {
              v.status[cand[j]] = ST_R;
              v.reason[cand[j]] = RA;
            } else {
              v.status[cand[j]] = ST_GONE;
            }
          }
          absent = ids(cand, shown, k);
          details.put("reason_cd", "RA");
          details.put("removed_shown_ra", shown);
          details.put("removed_absent", k - shown);
          details.put("background_removed", counts.removed[c]);
          details.put("extra_share", round4((double) k / Math.max(1, base)));
          break;
        }
      case REMOVAL_SKEW:
        {
          group = Map.of("race", "B");
          int nb = counts.baseAIBlack[c];
          int nOther = base - nb;
          int removedOther = counts.removed[c] - counts.removedBlack[c];
          // Added on top of the group's ordinary removals, never topped up to a target: a top-up
          // plants fewer voters exactly when the ordinary removals are high by chance. At least 50:
          // those ordinary removals vary by about the square root of their count (a few voters over
          // 4 weeks), and a plant of a dozen would be half chance (eval/RESULTS.md, claim
          // precision). The rest's rate is floored so that a quiet interval still gets a plant.
          double otherRate =
              Math.max(nOther == 0 ? 0 : (double) removedOther / nOther, scale(0.002, f));
          cand = candidates(c, true, n0, touched, false, 0);
          k = Math.min(cand.length, Math.max(50, (int) Math.round(3.0 * otherRate * nb)));
          choose(cand, k, rng);
          for (int j = 0; j < k; j++) {
            v.status[cand[j]] = ST_R;
            v.reason[cand[j]] = RL;
          }
          int blackRemoved = counts.removedBlack[c] + k;
          details.put("reason_cd", "RL");
          details.put("group_baseline", nb);
          details.put("group_removed_background", counts.removedBlack[c]);
          details.put("group_removed_total", blackRemoved);
          details.put("rest_baseline", nOther);
          details.put("rest_removed", removedOther);
          double groupRate = nb == 0 ? 0 : (double) blackRemoved / nb;
          double restRate = nOther == 0 ? 0 : (double) removedOther / nOther;
          details.put("group_rate", round4(groupRate));
          details.put("rest_rate", round4(restRate));
          if (restRate > 0) {
            details.put("rate_ratio", round4(groupRate / restRate));
          }
          break;
        }
      case BULK_FIELD_CHANGE:
        {
          // Skip voters who would look under 18 after the shift, so every planted row stays valid.
          cand = candidates(c, false, n0, touched, true, to.getYear());
          k = Math.min(cand.length, (int) Math.max(30, Math.min(300, Math.round(0.05 * base))));
          choose(cand, k, rng);
          for (int j = 0; j < k; j++) {
            v.birthYear[cand[j]]++;
          }
          details.put("field", "birth_year");
          details.put("shift", 1);
          break;
        }
      case SAME_DAY_BATCH:
        {
          cand = candidates(c, false, n0, touched, false, 0);
          k = Math.min(cand.length, (int) Math.max(30, Math.round(0.03 * base)));
          choose(cand, k, rng);
          for (int j = 0; j < k; j++) {
            v.status[cand[j]] = ST_R;
            v.reason[cand[j]] = RC;
          }
          details.put("reason_cd", "RC");
          break;
        }
      case QUIET_PERIOD:
        {
          cand = candidates(c, false, n0, touched, false, 0);
          k = Math.min(cand.length, (int) Math.max(30, Math.round(0.02 * base)));
          choose(cand, k, rng);
          for (int j = 0; j < k; j++) {
            v.status[cand[j]] = ST_R;
            v.reason[cand[j]] = R2;
          }
          details.put("reason_cd", "R2");
          details.put(
              "note",
              "the files carry no removal dates: the plant is inside a quiet period only when the"
                  + " interval lies inside the 90 days before a federal election of the calendar");
          break;
        }
      case NOTICE_WAIT:
        {
          if (noticed != null) {
            // those still under notice and untouched by this interval's background
            IntList still = new IntList();
            for (int i : noticed) {
              if (v.status[i] == ST_I && !marked(touched, i)) {
                still.add(i);
              }
            }
            cand = Arrays.copyOf(still.data, still.size);
            k = cand.length;
            details.put("put_under_notice", noticedAt.toString());
          } else {
            cand = notUnderNotice(candidates(c, false, n0, touched, false, 0));
            k = Math.min(cand.length, (int) Math.max(30, Math.round(0.02 * base)));
            choose(cand, k, rng);
            details.put("put_under_notice", "never (active at baseline, removed at once)");
          }
          for (int j = 0; j < k; j++) {
            v.status[cand[j]] = ST_R;
            v.reason[cand[j]] = RM;
          }
          details.put("reason_cd", "RM");
          break;
        }
      case REREGISTRATION_CHURN:
        return churn(c, n0, touched, from, to, rng, details);
      case DUPLICATE_MATCH_REMOVAL:
        return duplicates(c, n0, touched, from, to, rng, details);
      default:
        throw new IllegalStateException(p.toString());
    }
    for (int j = 0; j < k; j++) {
      mark(touched, cand[j]);
    }
    details.put("affected", k);
    return new PlantTruth(
        p, c + 1, NcCounties.name(c + 1), group, from, to, ids(cand, 0, k), absent, details);
  }

  private static double round4(double x) {
    return Math.round(x * 10_000) / 10_000.0;
  }

  // ---------------------------------------------------------------- plants over history

  /**
   * Removed voters of county c (status R before the interval, not deceased) registering again under
   * new ncids: same person and birth year, new address in the county, 40% with a one-letter typo in
   * the last name and 30% in the first name. Truth: the new ncids, and details.pairs maps each to
   * the removed ncid.
   */
  private PlantTruth churn(
      int c,
      int n0,
      long[] touched,
      LocalDate from,
      LocalDate to,
      SplittableRandom rng,
      Map<String, Object> details) {
    IntList pool = new IntList();
    for (int i = 0; i < n0; i++) {
      if (v.status[i] == ST_R && v.reason[i] != RD && countyOf(i) == c && !marked(touched, i)) {
        pool.add(i);
      }
    }
    int[] cand = Arrays.copyOf(pool.data, pool.size);
    int k = Math.min(cand.length, (int) Math.max(30, Math.round(0.3 * cand.length)));
    choose(cand, k, rng);
    int fromDay = (int) from.toEpochDay();
    int toDay = (int) to.toEpochDay();
    Map<String, String> pairs = new java.util.TreeMap<>();
    List<String> fresh = new ArrayList<>();
    int typos = 0;
    for (int j = 0; j < k; j++) {
      int old = cand[j];
      int i = copyPerson(old, c, rng);
      v.registrDay[i] = fromDay + 1 + rng.nextInt(Math.max(1, toDay - fromDay));
      double u = rng.nextDouble();
      // a typo can leave the name as it was (short names, swapped equal letters): count real ones
      if (u < 0.4) {
        String t = typo(lastNameOf(old), rng);
        if (!t.equals(lastNameOf(old))) {
          lastNameSpelling.put(i, t);
          typos++;
        }
      } else if (u < 0.7) {
        String t = typo(firstNameOf(old), rng);
        if (!t.equals(firstNameOf(old))) {
          firstNameSpelling.put(i, t);
          typos++;
        }
      }
      mark(touched, old);
      pairs.put(ncid.of(i), ncid.of(old));
      fresh.add(ncid.of(i));
    }
    fresh.sort(null);
    details.put("removed_pool", cand.length);
    details.put("with_typo", typos);
    details.put("pairs", pairs);
    details.put("affected", k);
    return new PlantTruth(
        Plant.REREGISTRATION_CHURN,
        c + 1,
        NcCounties.name(c + 1),
        Map.of(),
        from,
        to,
        fresh,
        List.of(),
        details);
  }

  /**
   * A/I voters of county c removed as duplicates (R2) of a new record with the same names and a
   * birth year 1-3 years apart: two people, wrongly merged. Truth: the removed ncids, and
   * details.survivors maps each to the new record's ncid.
   */
  private PlantTruth duplicates(
      int c,
      int n0,
      long[] touched,
      LocalDate from,
      LocalDate to,
      SplittableRandom rng,
      Map<String, Object> details) {
    int base = (int) details.get("baseline_active_inactive");
    int[] cand = candidates(c, false, n0, touched, false, 0);
    int k = Math.min(cand.length, (int) Math.max(30, Math.round(0.01 * base)));
    choose(cand, k, rng);
    int fromDay = (int) from.toEpochDay();
    int toDay = (int) to.toEpochDay();
    Map<String, String> survivors = new java.util.TreeMap<>();
    for (int j = 0; j < k; j++) {
      int old = cand[j];
      int i = copyPerson(old, c, rng);
      v.registrDay[i] = fromDay + 1 + rng.nextInt(Math.max(1, toDay - fromDay));
      int shift = 1 + rng.nextInt(3);
      int latest = yearOf(v.registrDay[i]) - MIN_AGE;
      int by =
          v.birthYear[old] + shift <= latest ? v.birthYear[old] + shift : v.birthYear[old] - shift;
      v.birthYear[i] = (short) by;
      v.status[old] = ST_R;
      v.reason[old] = R2;
      mark(touched, old);
      survivors.put(ncid.of(old), ncid.of(i));
    }
    details.put("reason_cd", "R2");
    details.put("differing_field", "birth_year");
    details.put("survivors", survivors);
    details.put("affected", k);
    return new PlantTruth(
        Plant.DUPLICATE_MATCH_REMOVAL,
        c + 1,
        NcCounties.name(c + 1),
        Map.of(),
        from,
        to,
        ids(cand, 0, k),
        List.of(),
        details);
  }

  /**
   * A new active record (A/AN) in county c for the person of record {@code old}: same names, birth
   * year and demographics, a new address and registration number; not confidential.
   */
  private int copyPerson(int old, int c, SplittableRandom rng) {
    int i = v.add();
    v.birthYear[i] = v.birthYear[old];
    v.race[i] = v.race[old];
    v.ethnic[i] = v.ethnic[old];
    v.gender[i] = v.gender[old];
    v.firstName[i] = v.firstName[old];
    v.middleName[i] = v.middleName[old];
    v.lastName[i] = v.lastName[old];
    v.suffix[i] = v.suffix[old];
    v.party[i] = v.party[old];
    v.birthState[i] = v.birthState[old];
    v.flags[i] = (byte) (v.flags[old] & ~VoterTable.F_CONFIDENTIAL);
    address(i, geo.pickPrecinct(c, rng), rng);
    v.status[i] = ST_A;
    v.reason[i] = AN;
    v.regNum[i] = nextRegNum[c]++;
    return i;
  }

  private String lastNameOf(int i) {
    int n = v.lastName[i];
    return n < N_GENERAL
        ? Tables.LAST_GENERAL.get(n)
        : n < N_GENERAL + N_HISPANIC
            ? Tables.LAST_HISPANIC.get(n - N_GENERAL)
            : Tables.LAST_ASIAN.get(n - N_GENERAL - N_HISPANIC);
  }

  private String firstNameOf(int i) {
    int n = v.firstName[i];
    return n < N_FEMALE ? Tables.FIRST_FEMALE.get(n) : Tables.FIRST_MALE.get(n - N_FEMALE);
  }

  /**
   * One clerical slip, never in the first letter: a letter replaced, dropped, doubled, or two
   * neighbours swapped. Names of fewer than 4 letters are kept.
   */
  static String typo(String name, SplittableRandom rng) {
    if (name.length() < 4) {
      return name;
    }
    StringBuilder b = new StringBuilder(name);
    int at = 1 + rng.nextInt(name.length() - 1);
    switch (rng.nextInt(4)) {
      case 0:
        char r = (char) ('A' + rng.nextInt(26));
        b.setCharAt(at, r == name.charAt(at) ? (char) ('A' + (r - 'A' + 1) % 26) : r);
        break;
      case 1:
        b.deleteCharAt(at);
        break;
      case 2:
        b.insert(at, name.charAt(at));
        break;
      default:
        int a = Math.min(at, name.length() - 2);
        char x = b.charAt(a);
        b.setCharAt(a, b.charAt(a + 1));
        b.setCharAt(a + 1, x);
    }
    return b.toString();
  }
}
