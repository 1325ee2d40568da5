package org.rollaudit.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;

/** Small hand-made metrics, for cases whose expected result is computed by hand in the test. */
final class HandMetrics {
  private final SortedMap<String, String> names = new TreeMap<>(Units.IDS);
  private final List<Metrics.DemographicCell> demo = new ArrayList<>();
  private final List<Metrics.PrecinctCell> precincts = new ArrayList<>();
  private final List<Metrics.ReasonCell> reasons = new ArrayList<>();
  private final List<Metrics.FieldChangeCell> changes = new ArrayList<>();
  private final List<Metrics.HistoryPoint> history = new ArrayList<>();

  /** Removed voters: present with status R (absent = false) or vanished (absent = true). */
  static Counts counts(long atRisk, long removed, long changed) {
    return new Counts(
        atRisk,
        atRisk,
        atRisk,
        removed,
        removed,
        0,
        0,
        0,
        changed,
        atRisk - removed - changed,
        0,
        0);
  }

  /** A county of one precinct and one demographic cell (race W unless cell() adds more). */
  HandMetrics county(String id, String name, long atRisk, long removed) {
    names.put(id, name);
    precincts.add(new Metrics.PrecinctCell(id, "P1", counts(atRisk, removed, 0)));
    demo.add(
        new Metrics.DemographicCell(
            id, "W", "NL", "F", "45-54", "DEM", counts(atRisk, removed, 0)));
    return this;
  }

  /** A county without demographic cells (they are added with cell()). */
  HandMetrics countyOnly(String id, String name, long atRisk, long removed, long changed) {
    names.put(id, name);
    precincts.add(new Metrics.PrecinctCell(id, "P1", counts(atRisk, removed, changed)));
    return this;
  }

  HandMetrics cell(String county, String race, String ageBand, long atRisk, long removed) {
    demo.add(
        new Metrics.DemographicCell(
            county, race, "NL", "F", ageBand, "DEM", counts(atRisk, removed, 0)));
    return this;
  }

  HandMetrics reason(String county, String reason, LocalDate date, long removed) {
    reasons.add(new Metrics.ReasonCell(county, "P1", reason, date, removed));
    return this;
  }

  HandMetrics change(String county, String field, String transformation, long voters) {
    changes.add(new Metrics.FieldChangeCell(county, "P1", field, transformation, voters));
    return this;
  }

  HandMetrics history(String county, LocalDate start, int days, long atRisk, long removed) {
    history.add(new Metrics.HistoryPoint(county, start, start.plusDays(days), atRisk, removed));
    return this;
  }

  Metrics build() {
    return build(SyntheticRoll.BASE, SyntheticRoll.CURR);
  }

  /** The metrics of an interval between the given as-of dates. */
  Metrics build(LocalDate base, LocalDate curr) {
    Counts total = Counts.ZERO;
    for (Metrics.PrecinctCell p : precincts) {
      total = total.plus(p.counts());
    }
    return new Metrics(
        SyntheticRoll.snapshot(base, total.baselineTotal()),
        SyntheticRoll.snapshot(curr, total.currentTotal()),
        names,
        demo,
        precincts,
        reasons,
        changes,
        total,
        history);
  }
}
