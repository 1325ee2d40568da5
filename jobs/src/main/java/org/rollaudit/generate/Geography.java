package org.rollaudit.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The synthetic state: county sizes, per-county traits (race mix, removal-rate multiplier),
 * precincts, towns, ZIP codes and every district column, all drawn once from the seed.
 *
 * <p>Counties are indexed 0..99 here ({@code county_id − 1}); precincts have a global index so a
 * voter's precinct alone gives its county. District values are stored per precinct as ready-to-
 * write Latin-1 bytes, keyed by the {@code ncvoter} column name.
 */
final class Geography {
  static final int COUNTIES = NcCounties.COUNT;

  /** Spread of county removal-rate multipliers (lognormal sigma), as between real NC counties. */
  static final double REMOVAL_SIGMA = 0.35;

  /** Records per county in the first snapshot; sums to the requested voters. */
  final int[] countySize = new int[COUNTIES];

  /** Share of Black voters per county (varies as in the real state; weighted mean ≈ 21%). */
  final double[] blackShare = new double[COUNTIES];

  /** Race draw per county over {@link #RACES}. */
  final Weighted[] race = new Weighted[COUNTIES];

  /** Fixed removal-rate multiplier per county, mean 1, lognormal sigma {@link #REMOVAL_SIGMA}. */
  final double[] removalMult = new double[COUNTIES];

  /** Area code index (into {@link Tables#AREA_CODES}) per county. */
  final int[] areaCode = new int[COUNTIES];

  /** County draw proportional to size, for moves between counties. */
  final Weighted countyPick;

  /** County c's precincts are [precinctStart[c], precinctStart[c + 1]). */
  final int[] precinctStart = new int[COUNTIES + 1];

  final Weighted[] precinctPick = new Weighted[COUNTIES];
  final int[] precinctCounty;
  final int precinctCount;

  /** res_city_desc and zip_code per precinct. */
  final byte[][] precinctCity;

  final byte[][] precinctZip;

  /** Column name → per-precinct value bytes (null = empty) for the precinct/district columns. */
  final Map<String, byte[][]> precinctColumns = new TreeMap<>();

  static final List<String> RACES = List.of("W", "B", "U", "A", "O", "M", "I", "P");
  static final int RACE_B = 1;

  /** Shares of the races other than W and B, state-wide (W takes 1 − B − these). */
  private static final double[] OTHER_RACES = {0.07, 0.015, 0.022, 0.012, 0.006, 0.001};

  /** Column names filled per precinct. */
  static final List<String> DISTRICT_COLUMNS =
      List.of(
          "precinct_abbrv",
          "precinct_desc",
          "municipality_abbrv",
          "municipality_desc",
          "ward_abbrv",
          "ward_desc",
          "cong_dist_abbrv",
          "super_court_abbrv",
          "judic_dist_abbrv",
          "nc_senate_abbrv",
          "nc_house_abbrv",
          "county_commiss_abbrv",
          "county_commiss_desc",
          "township_abbrv",
          "township_desc",
          "school_dist_abbrv",
          "school_dist_desc",
          "fire_dist_abbrv",
          "fire_dist_desc",
          "water_dist_abbrv",
          "water_dist_desc",
          "sewer_dist_abbrv",
          "sewer_dist_desc",
          "sanit_dist_abbrv",
          "sanit_dist_desc",
          "rescue_dist_abbrv",
          "rescue_dist_desc",
          "munic_dist_abbrv",
          "munic_dist_desc",
          "dist_1_abbrv",
          "dist_1_desc",
          "dist_2_abbrv",
          "dist_2_desc",
          "vtd_abbrv",
          "vtd_desc");

  Geography(long seed, int voters) {
    SplittableRandom rng = Seeds.stream(seed, "geography");
    double[] weight = new double[COUNTIES];
    for (int c = 0; c < COUNTIES; c++) {
      weight[c] = NcCounties.weight(c + 1) * Math.exp(0.12 * rng.nextGaussian());
    }
    allocate(voters, weight);
    countyPick = new Weighted(Arrays.stream(countySize).asDoubleStream().toArray());

    // Black share varies strongly between NC counties; rescale so the state-wide share is 21%.
    double[] raw = new double[COUNTIES];
    double num = 0;
    double den = 0;
    for (int c = 0; c < COUNTIES; c++) {
      raw[c] = Math.exp(0.55 * rng.nextGaussian());
      num += raw[c] * countySize[c];
      den += countySize[c];
    }
    double other = Arrays.stream(OTHER_RACES).sum();
    for (int c = 0; c < COUNTIES; c++) {
      blackShare[c] = Math.min(0.65, Math.max(0.01, 0.21 * raw[c] * den / num));
      double[] w = new double[RACES.size()];
      w[0] = 1.0 - other - blackShare[c];
      w[1] = blackShare[c];
      System.arraycopy(OTHER_RACES, 0, w, 2, OTHER_RACES.length);
      race[c] = new Weighted(w);
    }
    for (int c = 0; c < COUNTIES; c++) {
      removalMult[c] =
          Math.exp(REMOVAL_SIGMA * rng.nextGaussian() - REMOVAL_SIGMA * REMOVAL_SIGMA / 2);
      areaCode[c] = rng.nextInt(Tables.AREA_CODES.size());
    }

    // About 2,600 precincts state-wide at full scale (as in NC), never fewer than ~150 records
    // per precinct, so small rolls still have several precincts in their large counties.
    double perPrecinct = Math.max(150.0, voters / 2600.0);
    int total = 0;
    int[] nPrec = new int[COUNTIES];
    for (int c = 0; c < COUNTIES; c++) {
      nPrec[c] = (int) Math.max(1, Math.min(400, Math.round(countySize[c] / perPrecinct)));
      precinctStart[c] = total;
      total += nPrec[c];
    }
    precinctStart[COUNTIES] = total;
    precinctCount = total;
    precinctCounty = new int[total];
    precinctCity = new byte[total][];
    precinctZip = new byte[total][];
    for (String col : DISTRICT_COLUMNS) {
      precinctColumns.put(col, new byte[total][]);
    }
    buildPrecincts(rng, nPrec);
  }

  /** Splits the voters over counties by weight (largest remainder), at least 3 per county. */
  private void allocate(int voters, double[] weight) {
    int floor = voters >= 3 * COUNTIES * 4 ? 3 : 0;
    int rest = voters - floor * COUNTIES;
    double sum = Arrays.stream(weight).sum();
    double[] frac = new double[COUNTIES];
    int given = 0;
    for (int c = 0; c < COUNTIES; c++) {
      double exact = rest * weight[c] / sum;
      countySize[c] = floor + (int) Math.floor(exact);
      frac[c] = exact - Math.floor(exact);
      given += countySize[c];
    }
    Integer[] order = new Integer[COUNTIES];
    for (int c = 0; c < COUNTIES; c++) {
      order[c] = c;
    }
    // Stable tie-break on the county index keeps this deterministic.
    Arrays.sort(order, (a, b) -> frac[a] != frac[b] ? Double.compare(frac[b], frac[a]) : a - b);
    for (int i = 0; given < voters; i++) {
      countySize[order[i % COUNTIES]]++;
      given++;
    }
  }

  private static String two(int n) {
    return String.format(Locale.ROOT, "%02d", n);
  }

  private void put(String column, int precinct, String value) {
    if (value != null && !value.isEmpty()) {
      precinctColumns.get(column)[precinct] = Latin1Out.latin1(value);
    }
  }

  private void buildPrecincts(SplittableRandom rng, int[] nPrec) {
    // All "A"+"B" place-name combinations; towns take names from one state-wide shuffle so no
    // two counties share a town name.
    List<String> combos = new ArrayList<>();
    for (String a : Tables.PLACE_A) {
      for (String b : Tables.PLACE_B) {
        combos.add(a + b);
      }
    }
    List<String> townNames = shuffled(combos, rng);
    List<Integer> zipPool = new ArrayList<>();
    for (int z = 27006; z <= 28909; z += 1) {
      zipPool.add(z);
    }
    List<Integer> zips = shuffled(zipPool, rng);
    int nextTown = 0;
    int nextZip = 0;

    // Cumulative expected records for district numbering: districts are contiguous runs of
    // precincts (county order) with about equal population, like real districts.
    double grand = Arrays.stream(countySize).sum();
    double cumCounty = 0;
    double cumPrecinct = 0;
    Map<String, Integer> townAbbrevUse = new TreeMap<>();

    for (int c = 0; c < COUNTIES; c++) {
      int n = nPrec[c];
      int base = precinctStart[c];
      int towns =
          (int)
              Math.max(
                  1, Math.min(8, 1 + Math.round(1.5 * Math.log(NcCounties.weight(c + 1) / 20.0))));
      String[] townName = new String[towns];
      String[] townAbbr = new String[towns];
      int[][] townZip = new int[towns][];
      double[] townWeight = new double[towns];
      for (int t = 0; t < towns; t++) {
        townName[t] = townNames.get(nextTown++ % townNames.size());
        String letters = townName[t].replace(" ", "");
        String abbr = letters.substring(0, Math.min(3, letters.length()));
        int used = townAbbrevUse.merge(abbr, 1, Integer::sum);
        townAbbr[t] = used == 1 ? abbr : abbr.substring(0, 2) + used;
        int nz = t == 0 ? 1 + Math.min(2, n / 8) : 1;
        townZip[t] = new int[nz];
        for (int k = 0; k < nz; k++) {
          townZip[t][k] = zips.get(nextZip++ % zips.size());
        }
        townWeight[t] = t == 0 ? 3.0 : 1.0 / (t + 1);
      }
      Weighted townPick = new Weighted(townWeight);
      List<String> places = shuffled(combos, rng);

      int style = rng.nextInt(5);
      boolean commiss = rng.nextDouble() < 0.5;
      int commissDistricts = rng.nextBoolean() ? 5 : 7;
      boolean township = rng.nextDouble() < 0.4;
      boolean fire = rng.nextDouble() < 0.4;
      boolean wards = rng.nextDouble() < 0.3;
      boolean school = rng.nextDouble() < 0.1;
      boolean water = rng.nextDouble() < 0.05;
      boolean sewer = rng.nextDouble() < 0.05;
      boolean sanit = rng.nextDouble() < 0.05;
      boolean rescue = rng.nextDouble() < 0.1;
      boolean municDist = rng.nextDouble() < 0.15;
      String county = NcCounties.name(c + 1);

      double countyMid = (cumCounty + countySize[c] / 2.0) / grand;
      cumCounty += countySize[c];
      int superCourt = (int) (countyMid * 48) + 1;
      int judicial = (int) (countyMid * 43) + 1;
      int prosecutorial = (int) (countyMid * 45) + 1;

      double[] pw = new double[n];
      String[] abbrvs = precinctCodes(style, n, places, rng);
      for (int i = 0; i < n; i++) {
        int p = base + i;
        precinctCounty[p] = c;
        pw[i] = Math.exp(0.4 * rng.nextGaussian());
        String abbrv = abbrvs[i];
        String place = places.get(i % places.size());
        String desc;
        switch (style) {
          case 2:
            desc = "PRECINCT " + abbrv.substring(2);
            break;
          case 3:
            desc = abbrv;
            break;
          default:
            desc = place;
        }
        put("precinct_abbrv", p, abbrv);
        put("precinct_desc", p, desc);
        put("vtd_abbrv", p, abbrv);
        put("vtd_desc", p, abbrv);

        int t = townPick.pick(rng);
        boolean incorporated = rng.nextDouble() < (t == 0 ? 0.8 : 0.6);
        precinctCity[p] = Latin1Out.latin1(townName[t]);
        int[] tz = townZip[t];
        precinctZip[p] = Latin1Out.latin1(Integer.toString(tz[rng.nextInt(tz.length)]));
        if (incorporated) {
          put("municipality_abbrv", p, townAbbr[t]);
          put("municipality_desc", p, townName[t]);
          if (wards) {
            int w = 1 + rng.nextInt(4);
            put("ward_abbrv", p, "W" + w);
            put("ward_desc", p, townName[t] + " WARD " + w);
          }
          if (municDist) {
            int d = 1 + rng.nextInt(3);
            put("munic_dist_abbrv", p, townAbbr[t] + d);
            put("munic_dist_desc", p, townName[t] + " DISTRICT " + d);
          }
        }

        // Per-precinct position in the state for the legislative districts.
        double mid = (cumPrecinct + countySize[c] / (double) n / 2.0) / grand;
        cumPrecinct += countySize[c] / (double) n;
        put("cong_dist_abbrv", p, Integer.toString((int) (mid * 14) + 1));
        put("nc_senate_abbrv", p, Integer.toString((int) (mid * 50) + 1));
        put("nc_house_abbrv", p, String.format(Locale.ROOT, "%03d", (int) (mid * 120) + 1));
        String sc = Integer.toString(superCourt);
        if (n >= 10) {
          sc += i < n / 2 ? "A" : "B"; // large counties are split into A/B districts
        }
        put("super_court_abbrv", p, sc);
        put("judic_dist_abbrv", p, Integer.toString(judicial));
        put("dist_1_abbrv", p, Integer.toString(prosecutorial));
        put("dist_1_desc", p, "PROSECUTORIAL DISTRICT " + prosecutorial);

        double within = (i + 0.5) / n;
        if (commiss) {
          int d = (int) (within * commissDistricts) + 1;
          put("county_commiss_abbrv", p, Integer.toString(d));
          put("county_commiss_desc", p, "COMMISSIONER DISTRICT " + d);
        }
        if (township) {
          int d = (int) (within * Math.max(1, Math.min(12, n / 3 + 1))) + 1;
          put("township_abbrv", p, two(d));
          put("township_desc", p, places.get(places.size() - d));
        }
        if (fire) {
          int d = (int) (within * Math.max(1, Math.min(20, n / 2 + 1))) + 1;
          put("fire_dist_abbrv", p, "F" + two(d));
          put("fire_dist_desc", p, places.get(places.size() - 20 - d) + " FIRE");
        }
        if (school) {
          int d = (int) (within * 3) + 1;
          put("school_dist_abbrv", p, Integer.toString(d));
          put("school_dist_desc", p, county + " SCHOOL DISTRICT " + d);
        }
        if (water && rng.nextDouble() < 0.5) {
          put("water_dist_abbrv", p, "W01");
          put("water_dist_desc", p, county + " WATER DISTRICT");
        }
        if (sewer && rng.nextDouble() < 0.5) {
          put("sewer_dist_abbrv", p, "S01");
          put("sewer_dist_desc", p, county + " SEWER DISTRICT");
        }
        if (sanit && rng.nextDouble() < 0.5) {
          put("sanit_dist_abbrv", p, "SD1");
          put("sanit_dist_desc", p, county + " SANITARY DISTRICT");
        }
        if (rescue) {
          int d = (int) (within * 2) + 1;
          put("rescue_dist_abbrv", p, "R" + d);
          put("rescue_dist_desc", p, places.get(places.size() - 40 - d) + " RESCUE");
        }
      }
      precinctPick[c] = new Weighted(pw);
    }
  }

  /** Precinct codes in one of the styles seen in NC counties, unique within the county. */
  private static String[] precinctCodes(
      int style, int n, List<String> places, SplittableRandom rng) {
    String[] out = new String[n];
    switch (style) {
      case 0: // "01", "02", ...
        for (int i = 0; i < n; i++) {
          out[i] = two(i + 1);
        }
        break;
      case 1:
        { // "01", "02A", "02B", "03", ... (split precincts)
          int num = 1;
          for (int i = 0; i < n; ) {
            if (i + 1 < n && rng.nextDouble() < 0.25) {
              out[i++] = two(num) + "A";
              out[i++] = two(num) + "B";
            } else {
              out[i++] = two(num);
            }
            num++;
          }
          break;
        }
      case 2: // "PR01", "PR17"
        for (int i = 0; i < n; i++) {
          out[i] = "PR" + two(i + 1);
        }
        break;
      case 3: // "01-05": township-precinct, as in the largest counties
        for (int i = 0; i < n; i++) {
          out[i] = two(i / 6 + 1) + "-" + two(i % 6 + 1);
        }
        break;
      default:
        { // four-letter codes from the place name, e.g. "CDGR"
          Map<String, Integer> seen = new TreeMap<>();
          for (int i = 0; i < n; i++) {
            String[] words = places.get(i % places.size()).split(" ");
            String code =
                words.length > 1
                    ? words[0].substring(0, 2) + words[1].substring(0, 2)
                    : words[0].substring(0, Math.min(4, words[0].length()));
            int k = seen.merge(code, 1, Integer::sum);
            out[i] = k == 1 ? code : code + k; // letters-only bases, so a digit never collides
          }
        }
    }
    return out;
  }

  private static <T> List<T> shuffled(List<T> in, SplittableRandom rng) {
    List<T> out = new ArrayList<>(in);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      T tmp = out.get(i);
      out.set(i, out.get(j));
      out.set(j, tmp);
    }
    return out;
  }

  /** County index (0-based) of a precinct. */
  int countyOf(int precinct) {
    return precinctCounty[precinct];
  }

  /** Draws a precinct (global index) of county c. */
  int pickPrecinct(int c, SplittableRandom rng) {
    return precinctStart[c] + precinctPick[c].pick(rng);
  }
}
