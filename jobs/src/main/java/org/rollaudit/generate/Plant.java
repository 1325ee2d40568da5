package org.rollaudit.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The anomalies the generator can plant in the last interval. Each is ground truth for the audit
 * rule of the same id (interface.md §3), written to {@code plants.json} with the affected {@code
 * ncid}s so that recall and precision can be measured.
 */
public enum Plant {
  /**
   * One mid-sized county (never the largest) loses an extra 12% of its baseline A/I voters: half
   * shown as status {@code R} reason {@code RA}, half simply absent from the current file.
   */
  MASS_DELETION(
      "mass-deletion",
      "an extra 12% of the county's active/inactive voters removed: half shown R/RA, half absent"),
  /**
   * In another county Black ({@code race_code B}) A/I voters are removed as {@code R}/{@code RL}:
   * on top of their ordinary removals, three times the rest of the county's rate (so about four
   * times the rest), and at least 50 voters.
   */
  REMOVAL_SKEW(
      "removal-skew",
      "Black active/inactive voters removed (R/RL): an extra 3x the rest of the county's rate, at"
          + " least 50"),
  /**
   * In another county 300 voters (5% of the county's A/I voters if that is fewer, at least 30) get
   * {@code birth_year} + 1 (and age accordingly) with nothing else changed.
   */
  BULK_FIELD_CHANGE(
      "bulk-field-change",
      "birth_year shifted by +1 (age follows) on many records of one county, nothing else changed"),
  /**
   * In another county about 3% of A/I voters (at least 30) are removed with the otherwise rare
   * reason {@code RC} (sustained challenge).
   */
  SAME_DAY_BATCH(
      "same-day-batch",
      "about 3% of the county's active/inactive voters removed with reason RC (sustained challenge)"),

  // legal-timing plants (issue 8); not in the demo set

  /**
   * In another mid-sized county about 2% of A/I voters (at least 30) are removed with reason {@code
   * R2} (duplicate: database matching, a systematic program). The files carry no removal dates, so
   * the plant is inside a quiet period only when the interval is: the default dates (6 Jan to 3 Feb
   * 2024) lie inside the 90 days before NC's federal primary of 5 Mar 2024.
   */
  QUIET_PERIOD(
      "nvra-quiet-period",
      "about 2% of the county's active/inactive voters removed with reason R2 (database matching);"
          + " inside a quiet period when the interval is (the default dates are)"),
  /**
   * In another mid-sized county about 2% of active voters not under notice (at least 30) are put
   * under notice ({@code I}/{@code IN}) in the next-to-last snapshot and removed as {@code RM} in
   * the last one, long before the second federal general election after the notice. With only two
   * snapshots they are active at baseline and removed as RM at once.
   */
  NOTICE_WAIT(
      "notice-wait",
      "active voters put under notice (I/IN) in the next-to-last snapshot and removed as RM in the"
          + " last one, without the two-federal-general-elections wait"),

  // Plants of the rules over history (issue 8); not part of "demo", which keeps the committed
  // sample data reproducible.
  /**
   * In a large county about 30% (at least 30) of the voters removed before the interval (status
   * {@code R}, not deceased) register again under a new {@code ncid}, same birth year, some with a
   * one-letter typo in the last or first name; the removed record stays as it was.
   */
  REREGISTRATION_CHURN(
      "reregistration-churn",
      "removed voters of one county registered again under new ncids, some names with a typo"),
  /**
   * In another county 1% of A/I voters (at least 30) are removed as duplicates ({@code R2}) of a
   * new registration with the same names but a birth year 1-3 years apart (another person).
   */
  DUPLICATE_MATCH_REMOVAL(
      "duplicate-match-removal",
      "voters removed as duplicates (R2) of a new record with the same name, birth year differing");

  /** The plants of {@code --plant demo} (and the default): the sample data's four. */
  public static final Set<Plant> DEMO =
      Collections.unmodifiableSet(
          EnumSet.of(MASS_DELETION, REMOVAL_SKEW, BULK_FIELD_CHANGE, SAME_DAY_BATCH));

  private final String id;
  private final String description;

  Plant(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** The plant's name, equal to the audit rule id it exercises. */
  public String id() {
    return id;
  }

  /** One-line description for {@code plants.json} and help text. */
  public String description() {
    return description;
  }

  /** Parses one plant name. */
  public static Plant fromId(String id) {
    String s = id.trim().toLowerCase(Locale.ROOT);
    for (Plant p : values()) {
      if (p.id.equals(s)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown plant '" + id + "'; expected none, demo, or a comma list of " + allIds());
  }

  /**
   * Parses {@code none}, {@code demo} (the four of {@link #demo()}) or a comma list of plant names.
   * The result is in declaration order whatever the input order, so the same set always gives the
   * same output.
   */
  public static Set<Plant> parseList(String list) {
    String s = list == null ? "" : list.trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty plant list; use none, demo or names");
    }
    if (s.equals("none")) {
      return Collections.unmodifiableSet(EnumSet.noneOf(Plant.class));
    }
    if (s.equals("demo")) {
      return demo();
    }
    EnumSet<Plant> set = EnumSet.noneOf(Plant.class);
    for (String part : s.split(",")) {
      if (part.trim().equals("demo")) {
        set.addAll(demo()); // "demo,reregistration-churn": the demo four and more
      } else if (!part.isBlank()) {
        set.add(fromId(part));
      }
    }
    return Collections.unmodifiableSet(set);
  }

  /** The plants of {@code demo}: the four of the committed sample data. */
  public static Set<Plant> demo() {
    return DEMO;
  }

  /** Comma-separated names of all plants, for help texts. */
  public static String allIds() {
    List<String> ids = new ArrayList<>();
    for (Plant p : values()) {
      ids.add(p.id);
    }
    return String.join(", ", ids);
  }

  @Override
  public String toString() {
    return id;
  }
}
