package org.rollaudit.generate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The header (column list) of North Carolina's public {@code ncvoter} file, by vintage.
 *
 * <p>Kept in one place so that the generator, the layouts and the tests agree on the exact names
 * and order. Readers must still match columns by name, never by position (domain.md §3).
 */
public enum NcVintage {
  /** Layout current since Feb 2022 ({@code layout_ncvoter.txt} updated 02/11/2022), 67 columns. */
  V2022(
      "2022",
      List.of(
          "county_id",
          "county_desc",
          "voter_reg_num",
          "ncid",
          "last_name",
          "first_name",
          "middle_name",
          "name_suffix_lbl",
          "status_cd",
          "voter_status_desc",
          "reason_cd",
          "voter_status_reason_desc",
          "res_street_address",
          "res_city_desc",
          "state_cd",
          "zip_code",
          "mail_addr1",
          "mail_addr2",
          "mail_addr3",
          "mail_addr4",
          "mail_city",
          "mail_state",
          "mail_zipcode",
          "full_phone_number",
          "confidential_ind",
          "registr_dt",
          "race_code",
          "ethnic_code",
          "party_cd",
          "gender_code",
          "birth_year",
          "age_at_year_end",
          "birth_state",
          "drivers_lic",
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
          "vtd_abbrv",
          "vtd_desc")),

  /** Feb 2026: the 2022 columns plus three Y/N flags at the end, 70 columns. */
  V2026("2026", concat(V2022.columns, List.of("hava_id_req", "ssn", "no_dl_ssn_chkbx"))),

  /** Layout before Feb 2022 (Sept 2020 order), 71 columns; {@code birth_age} not age. */
  PRE_2022(
      "pre-2022",
      List.of(
          "county_id",
          "county_desc",
          "voter_reg_num",
          "status_cd",
          "voter_status_desc",
          "reason_cd",
          "voter_status_reason_desc",
          "absent_ind",
          "name_prefx_cd",
          "last_name",
          "first_name",
          "middle_name",
          "name_suffix_lbl",
          "res_street_address",
          "res_city_desc",
          "state_cd",
          "zip_code",
          "mail_addr1",
          "mail_addr2",
          "mail_addr3",
          "mail_addr4",
          "mail_city",
          "mail_state",
          "mail_zipcode",
          "full_phone_number",
          "race_code",
          "ethnic_code",
          "party_cd",
          "gender_code",
          "birth_age",
          "birth_state",
          "drivers_lic",
          "registr_dt",
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
          "confidential_ind",
          "birth_year",
          "ncid",
          "vtd_abbrv",
          "vtd_desc"));

  private final String label;
  private final List<String> columns;

  NcVintage(String label, List<String> columns) {
    this.label = label;
    this.columns = columns;
  }

  /** The name used on the command line and in {@code generator.json}: 2022, 2026, pre-2022. */
  public String label() {
    return label;
  }

  /** The header columns, in file order (immutable). */
  public List<String> columns() {
    return columns;
  }

  /** Number of columns (fields per row). */
  public int width() {
    return columns.size();
  }

  /**
   * The vintage for a label ({@code 2022}, {@code 2026}, {@code pre-2022}; case-insensitive).
   *
   * @throws IllegalArgumentException for any other label, naming the accepted ones
   */
  public static NcVintage fromLabel(String label) {
    for (NcVintage v : values()) {
      if (v.label.equalsIgnoreCase(label.trim())) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "unknown NC vintage '" + label + "'; expected one of " + labels());
  }

  /** The accepted labels, for help and error texts. */
  public static String labels() {
    return String.join(", ", Arrays.stream(values()).map(NcVintage::label).toArray(String[]::new));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    String[] all = new String[a.size() + b.size()];
    for (int i = 0; i < a.size(); i++) {
      all[i] = a.get(i);
    }
    for (int i = 0; i < b.size(); i++) {
      all[a.size() + i] = b.get(i);
    }
    return List.of(all);
  }

  @Override
  public String toString() {
    return label.toLowerCase(Locale.ROOT);
  }
}
