package org.rollaudit.generate;

import java.util.List;

/**
 * North Carolina's 100 counties: {@code county_id} 1–100 in alphabetical order, as NCSBE numbers
 * them, with {@code county_desc} as the {@code ncvoter} file spells it.
 *
 * <p>County names are public geography. The relative size weights are rounded 2020 census
 * populations in thousands (public aggregates, approximate); the generator only uses them to give
 * the synthetic counties a realistic heavy-tailed spread (the largest about 20 times the median,
 * several very small ones). No voter data is involved.
 */
public final class NcCounties {
  private NcCounties() {}

  /** Number of counties. */
  public static final int COUNT = 100;

  private static final List<String> NAMES =
      List.of(
          "ALAMANCE",
          "ALEXANDER",
          "ALLEGHANY",
          "ANSON",
          "ASHE",
          "AVERY",
          "BEAUFORT",
          "BERTIE",
          "BLADEN",
          "BRUNSWICK",
          "BUNCOMBE",
          "BURKE",
          "CABARRUS",
          "CALDWELL",
          "CAMDEN",
          "CARTERET",
          "CASWELL",
          "CATAWBA",
          "CHATHAM",
          "CHEROKEE",
          "CHOWAN",
          "CLAY",
          "CLEVELAND",
          "COLUMBUS",
          "CRAVEN",
          "CUMBERLAND",
          "CURRITUCK",
          "DARE",
          "DAVIDSON",
          "DAVIE",
          "DUPLIN",
          "DURHAM",
          "EDGECOMBE",
          "FORSYTH",
          "FRANKLIN",
          "GASTON",
          "GATES",
          "GRAHAM",
          "GRANVILLE",
          "GREENE",
          "GUILFORD",
          "HALIFAX",
          "HARNETT",
          "HAYWOOD",
          "HENDERSON",
          "HERTFORD",
          "HOKE",
          "HYDE",
          "IREDELL",
          "JACKSON",
          "JOHNSTON",
          "JONES",
          "LEE",
          "LENOIR",
          "LINCOLN",
          "MACON",
          "MADISON",
          "MARTIN",
          "MCDOWELL",
          "MECKLENBURG",
          "MITCHELL",
          "MONTGOMERY",
          "MOORE",
          "NASH",
          "NEW HANOVER",
          "NORTHAMPTON",
          "ONSLOW",
          "ORANGE",
          "PAMLICO",
          "PASQUOTANK",
          "PENDER",
          "PERQUIMANS",
          "PERSON",
          "PITT",
          "POLK",
          "RANDOLPH",
          "RICHMOND",
          "ROBESON",
          "ROCKINGHAM",
          "ROWAN",
          "RUTHERFORD",
          "SAMPSON",
          "SCOTLAND",
          "STANLY",
          "STOKES",
          "SURRY",
          "SWAIN",
          "TRANSYLVANIA",
          "TYRRELL",
          "UNION",
          "VANCE",
          "WAKE",
          "WARREN",
          "WASHINGTON",
          "WATAUGA",
          "WAYNE",
          "WILKES",
          "WILSON",
          "YADKIN",
          "YANCEY");

  /** Approximate population in thousands, same order as {@link #NAMES}. */
  private static final int[] WEIGHTS = {
    171, 36, 11, 22, 26, 18, 44, 18, 30, 136, 269, 87, 225, 80, 10, 68, 23, 160, 76, 28,
    14, 11, 100, 51, 100, 335, 28, 37, 169, 43, 49, 324, 49, 383, 69, 227, 10, 8, 61, 21,
    541, 48, 134, 62, 116, 21, 52, 5, 187, 43, 216, 9, 63, 55, 87, 37, 22, 22, 44, 1115,
    15, 26, 100, 95, 225, 17, 204, 148, 12, 41, 60, 13, 39, 171, 19, 145, 43, 117, 92, 146,
    64, 59, 35, 62, 45, 71, 14, 33, 3, 239, 42, 1129, 18, 11, 54, 118, 66, 78, 37, 18
  };

  static {
    if (NAMES.size() != COUNT || WEIGHTS.length != COUNT) {
      throw new IllegalStateException("county tables out of step");
    }
  }

  /** {@code county_desc} for a {@code county_id} in 1..100. */
  public static String name(int countyId) {
    return NAMES.get(countyId - 1);
  }

  /** All county names, index = county_id − 1. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * Relative size weight (approximate population in thousands) for a county_id in 1..100. Public
   * for the detector evaluation's metrics-level simulation, which gives its counties the same
   * sizes.
   */
  public static int weight(int countyId) {
    return WEIGHTS[countyId - 1];
  }
}
