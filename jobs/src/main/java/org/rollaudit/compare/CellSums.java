package org.rollaudit.compare;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;

/**
 * Precinct and removal-reason cells summed by their keys: from the detail groups of one pair
 * ({@link MetricsJob}) or over the intervals of a timeline. The cells come out in no particular
 * order; {@link MetricsJob#assemble} sorts them.
 */
public final class CellSums {
  private final Map<List<String>, Counts> precincts = new HashMap<>();
  private final Map<List<Object>, Long> reasons = new HashMap<>();

  public void precinct(String countyId, String precinct, Counts counts) {
    precincts.merge(List.of(countyId, precinct), counts, Counts::plus);
  }

  /** Adds removed voters of a (county, precinct, reason, status date or null) cell. */
  public void reason(
      String countyId, String precinct, String reason, LocalDate statusDate, long removed) {
    reasons.merge(Arrays.asList(countyId, precinct, reason, statusDate), removed, Long::sum);
  }

  public List<Metrics.PrecinctCell> precinctCells() {
    List<Metrics.PrecinctCell> out = new ArrayList<>();
    precincts.forEach((k, c) -> out.add(new Metrics.PrecinctCell(k.get(0), k.get(1), c)));
    return out;
  }

  public List<Metrics.ReasonCell> reasonCells() {
    List<Metrics.ReasonCell> out = new ArrayList<>();
    reasons.forEach(
        (k, n) ->
            out.add(
                new Metrics.ReasonCell(
                    (String) k.get(0),
                    (String) k.get(1),
                    (String) k.get(2),
                    (LocalDate) k.get(3),
                    n)));
    return out;
  }
}
