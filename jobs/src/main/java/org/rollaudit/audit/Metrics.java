package org.rollaudit.audit;

import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;

/**
 * Everything the detectors read, computed by the compare step in one grouped aggregation per level
 * (deequ style: no detector rescans the data). Small enough to hold on the driver.
 *
 * @param baseline the baseline snapshot
 * @param current the current snapshot
 * @param countyNames county_id to county name (e.g. "41" to "GUILFORD")
 * @param demographic counts per county x race x ethnicity x gender x age band x party (the finest
 *     grain; every county or group marginal is a sum of these cells)
 * @param precincts counts per county x precinct
 * @param removalReasons removed voters per county x precinct x reason (reason_after, or {@code
 *     ABSENT} when the record vanished) x status date (null when the layout has none)
 * @param fieldChanges CHANGED and REACTIVATED voters (the evidence classes of bulk-field-change)
 *     whose tracked field changed, per county x precinct x field x transformation
 * @param total jurisdiction-wide counts
 * @param history earlier intervals of the same store (empty when the store has only the pair)
 */
public record Metrics(
    SnapshotInfo baseline,
    SnapshotInfo current,
    SortedMap<String, String> countyNames,
    List<DemographicCell> demographic,
    List<PrecinctCell> precincts,
    List<ReasonCell> removalReasons,
    List<FieldChangeCell> fieldChanges,
    Counts total,
    List<HistoryPoint> history) {

  /** The same metrics with another history (metrics are kept in the store without one). */
  public Metrics withHistory(List<HistoryPoint> points) {
    return new Metrics(
        baseline,
        current,
        countyNames,
        demographic,
        precincts,
        removalReasons,
        fieldChanges,
        total,
        List.copyOf(points));
  }

  /** The interval's own points: one per county, its at-risk voters and removals. */
  public List<HistoryPoint> countyPoints() {
    java.util.Map<String, long[]> sums = new java.util.LinkedHashMap<>();
    for (PrecinctCell p : precincts) {
      long[] s = sums.computeIfAbsent(p.countyId(), k -> new long[2]);
      s[0] += p.counts().atRisk();
      s[1] += p.counts().removed();
    }
    List<HistoryPoint> out = new java.util.ArrayList<>();
    sums.forEach(
        (county, s) ->
            out.add(new HistoryPoint(county, baseline.asOf(), current.asOf(), s[0], s[1])));
    return List.copyOf(out);
  }

  /** Counts of one county x race x ethnicity x gender x age band x party cell. */
  public record DemographicCell(
      String countyId,
      String race,
      String ethnicity,
      String gender,
      String ageBand,
      String party,
      Counts counts) {

    /** The value of a canonical group dimension (race, ethnicity, gender, age_band, party). */
    public String value(String dimension) {
      return switch (dimension) {
        case "race" -> race;
        case "ethnicity" -> ethnicity;
        case "gender" -> gender;
        case "age_band" -> ageBand;
        case "party" -> party;
        default ->
            throw new IllegalArgumentException(
                "Cannot read group: unknown dimension (" + dimension + ")");
      };
    }
  }

  /** Counts of one precinct. */
  public record PrecinctCell(String countyId, String precinct, Counts counts) {}

  /** Removed voters of one county x precinct x reason x status date. */
  public record ReasonCell(
      String countyId, String precinct, String reason, LocalDate statusDate, long removed) {}

  /**
   * Voters present in both snapshots whose {@code field} changed by {@code transformation}: for
   * code fields "OLD>NEW" (e.g. "DEM>REP"), for birth_year the signed shift ("+1"), for name,
   * address and registration date just "changed".
   */
  public record FieldChangeCell(
      String countyId, String precinct, String field, String transformation, long voters) {}

  /** One earlier interval of one county (for the own-history comparison). */
  public record HistoryPoint(
      String countyId, LocalDate baselineAsOf, LocalDate currentAsOf, long atRisk, long removed) {}
}
