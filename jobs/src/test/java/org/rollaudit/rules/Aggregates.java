package org.rollaudit.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;

/**
 * Sums synthetic voters into {@link Metrics} cells, as the compare step's grouped aggregations do
 * (field changes from CHANGED and REACTIVATED voters only, the contract of bulk-field-change).
 */
final class Aggregates {
  private static final String S = "\u0000";
  // hash maps while adding (fast), sorted once when the metrics are built (deterministic)
  private final Map<String, Counts> demo = new HashMap<>();
  private final Map<String, Counts> precincts = new HashMap<>();
  private final Map<String, Long> reasons = new HashMap<>();
  private final Map<String, Long> changes = new HashMap<>();

  void add(SyntheticRoll.Voter v) {
    String[] c = v.cols(); // county, precinct, race, ethnicity, gender, age band, party, ...
    Counts k = SyntheticRoll.counts(v);
    demo.merge(String.join(S, c[0], c[2], c[3], c[4], c[5], c[6]), k, Counts::plus);
    precincts.merge(c[0] + S + c[1], k, Counts::plus);
    if (v.cls() == ChangeClass.REMOVED) {
      reasons.merge(String.join(S, c[0], c[1], c[8], c[9] == null ? "" : c[9]), 1L, Long::sum);
    }
    if (v.cls() == ChangeClass.CHANGED || v.cls() == ChangeClass.REACTIVATED) {
      v.changes().forEach((f, t) -> changes.merge(String.join(S, c[0], c[1], f, t), 1L, Long::sum));
    }
  }

  Metrics metrics(SortedMap<String, String> names, List<Metrics.HistoryPoint> history) {
    List<Metrics.DemographicCell> d = new ArrayList<>();
    new TreeMap<>(demo)
        .forEach(
            (key, v) -> {
              String[] k = key.split(S, -1);
              d.add(new Metrics.DemographicCell(k[0], k[1], k[2], k[3], k[4], k[5], v));
            });
    List<Metrics.PrecinctCell> p = new ArrayList<>();
    Counts total = Counts.ZERO;
    for (Map.Entry<String, Counts> e : new TreeMap<>(precincts).entrySet()) {
      String[] k = e.getKey().split(S, -1);
      p.add(new Metrics.PrecinctCell(k[0], k[1], e.getValue()));
      total = total.plus(e.getValue());
    }
    List<Metrics.ReasonCell> r = new ArrayList<>();
    new TreeMap<>(reasons)
        .forEach(
            (key, v) -> {
              String[] k = key.split(S, -1);
              r.add(
                  new Metrics.ReasonCell(
                      k[0], k[1], k[2], k[3].isEmpty() ? null : LocalDate.parse(k[3]), v));
            });
    List<Metrics.FieldChangeCell> f = new ArrayList<>();
    new TreeMap<>(changes)
        .forEach(
            (key, v) -> {
              String[] k = key.split(S, -1);
              f.add(new Metrics.FieldChangeCell(k[0], k[1], k[2], k[3], v));
            });
    return new Metrics(
        SyntheticRoll.snapshot(SyntheticRoll.BASE, total.baselineTotal()),
        SyntheticRoll.snapshot(SyntheticRoll.CURR, total.currentTotal()),
        names,
        d,
        p,
        r,
        f,
        total,
        history);
  }
}
