package org.rollaudit.generate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Ground truth for one planted anomaly, as written to {@code plants.json}.
 *
 * @param plant which anomaly
 * @param countyId {@code county_id} (1–100) of the county it was planted in
 * @param countyDesc {@code county_desc} of that county
 * @param group demographic cell with the interface's canonical names ({@code {"race":"B"}} for
 *     removal-skew), empty otherwise
 * @param baseline as-of date of the interval's baseline snapshot
 * @param current as-of date of the interval's current snapshot (where the plant shows)
 * @param ncids every affected {@code ncid}, sorted
 * @param absentNcids the affected ids that are missing from the current file (mass-deletion's
 *     absent half), sorted; empty for the other plants
 * @param details plant-specific facts (counts, rates, the changed field), sorted by key
 */
public record PlantTruth(
    Plant plant,
    int countyId,
    String countyDesc,
    Map<String, String> group,
    LocalDate baseline,
    LocalDate current,
    List<String> ncids,
    List<String> absentNcids,
    Map<String, Object> details) {

  public PlantTruth {
    group = Map.copyOf(group);
    ncids = List.copyOf(ncids);
    absentNcids = List.copyOf(absentNcids);
    details = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(details));
  }
}
