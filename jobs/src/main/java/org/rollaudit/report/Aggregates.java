package org.rollaudit.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.Metrics.DemographicCell;
import org.rollaudit.compare.UnitOrder;

/**
 * Marginals the report needs, summed on the driver from the finest cells of {@link Metrics} (counts
 * are longs, so the sums do not depend on order). Keys are sorted in natural order ("2" before
 * "10"); a null code is the key "" and reads "(blank)".
 */
final class Aggregates {

  /**
   * Natural order: digit strings by value, then everything else by UTF-16 order. Hand-written (no
   * regular expressions): the report sorts every demographic cell's county through it.
   */
  static final Comparator<String> NATURAL =
      (a, b) -> {
        boolean da = UnitOrder.digits(a);
        boolean db = UnitOrder.digits(b);
        if (da && db) {
          return UnitOrder.byValue(a, b);
        }
        if (da != db) {
          return da ? -1 : 1;
        }
        return a.compareTo(b);
      };

  /** The canonical group dimensions, in report order. */
  static final List<String> DIMENSIONS =
      List.of("race", "ethnicity", "gender", "age_band", "party");

  private final Metrics m;
  private SortedMap<String, Counts> counties;
  private Map<String, List<DemographicCell>> cellsByCounty;

  Aggregates(Metrics m) {
    this.m = m;
  }

  Metrics metrics() {
    return m;
  }

  /**
   * Counts per county (from the demographic cells, or the precincts when there are none). Summed
   * once: every finding section asks for it, and the metrics never change.
   */
  SortedMap<String, Counts> counties() {
    if (counties == null) {
      counties = Collections.unmodifiableSortedMap(sumCounties());
    }
    return counties;
  }

  private SortedMap<String, Counts> sumCounties() {
    SortedMap<String, Counts> out = new TreeMap<>(NATURAL);
    if (!m.demographic().isEmpty()) {
      for (DemographicCell c : m.demographic()) {
        out.merge(key(c.countyId()), c.counts(), Counts::plus);
      }
    } else {
      for (Metrics.PrecinctCell p : m.precincts()) {
        out.merge(key(p.countyId()), p.counts(), Counts::plus);
      }
    }
    return out;
  }

  /** Counts per precinct of one county. */
  SortedMap<String, Counts> precinctsOf(String countyId) {
    SortedMap<String, Counts> out = new TreeMap<>(NATURAL);
    for (Metrics.PrecinctCell p : m.precincts()) {
      if (key(p.countyId()).equals(key(countyId))) {
        out.merge(key(p.precinct()), p.counts(), Counts::plus);
      }
    }
    return out;
  }

  /** Counts per value of one group dimension, statewide. */
  SortedMap<String, Counts> byDimension(String dimension) {
    return sum(m.demographic(), dimension);
  }

  /**
   * {@link #byDimension} within one county ({@link #key} of its id). The tables ask this for every
   * county and dimension: a pass over that county's cells instead of the whole state's.
   */
  SortedMap<String, Counts> byDimensionIn(String countyKey, String dimension) {
    if (cellsByCounty == null) {
      Map<String, List<DemographicCell>> byCounty = new HashMap<>();
      for (DemographicCell c : m.demographic()) {
        byCounty.computeIfAbsent(key(c.countyId()), k -> new ArrayList<>()).add(c);
      }
      cellsByCounty = byCounty;
    }
    return sum(cellsByCounty.getOrDefault(countyKey, List.of()), dimension);
  }

  private static SortedMap<String, Counts> sum(List<DemographicCell> cells, String dimension) {
    SortedMap<String, Counts> out = new TreeMap<>(NATURAL);
    for (DemographicCell c : cells) {
      out.merge(key(c.value(dimension)), c.counts(), Counts::plus);
    }
    return out;
  }

  /** Removed voters per reason code, optionally within one county and precinct (null = all). */
  SortedMap<String, Long> reasons(String countyId, String precinct) {
    SortedMap<String, Long> out = new TreeMap<>(NATURAL);
    for (Metrics.ReasonCell r : m.removalReasons()) {
      if (matches(r.countyId(), countyId) && matches(r.precinct(), precinct)) {
        out.merge(key(r.reason()), r.removed(), Long::sum);
      }
    }
    return out;
  }

  /** Removed voters per status date ("" when undated) within one county and precinct. */
  SortedMap<String, Long> statusDates(String countyId, String precinct) {
    SortedMap<String, Long> out = new TreeMap<>();
    for (Metrics.ReasonCell r : m.removalReasons()) {
      if (matches(r.countyId(), countyId) && matches(r.precinct(), precinct)) {
        LocalDate d = r.statusDate();
        out.merge(d == null ? "" : d.toString(), r.removed(), Long::sum);
      }
    }
    return out;
  }

  /** Voters per transformation of one field within one county and precinct. */
  SortedMap<String, Long> fieldChanges(String countyId, String precinct, String field) {
    SortedMap<String, Long> out = new TreeMap<>(NATURAL);
    for (Metrics.FieldChangeCell f : m.fieldChanges()) {
      if (matches(f.countyId(), countyId)
          && matches(f.precinct(), precinct)
          && (field == null || field.equals(f.field()))) {
        out.merge(key(f.transformation()), f.voters(), Long::sum);
      }
    }
    return out;
  }

  /**
   * Counts of a finding's unit: jurisdiction, county, or precinct; null when the metrics lack it.
   */
  Counts unit(Map<String, String> unit) {
    String county = unit.get("county_id");
    String precinct = unit.get("precinct");
    if (county == null) {
      return m.total();
    }
    if (precinct == null) {
      return counties().get(key(county));
    }
    return precinctsOf(county).get(key(precinct));
  }

  /** Counts of a group within a county unit (or the jurisdiction); null below county grain. */
  Counts group(Map<String, String> unit, Map<String, String> group) {
    if (unit.containsKey("precinct") || m.demographic().isEmpty()) {
      return null;
    }
    Counts sum = Counts.ZERO;
    boolean any = false;
    for (DemographicCell c : m.demographic()) {
      if (inUnit(c, unit) && inGroup(c, group)) {
        sum = sum.plus(c.counts());
        any = true;
      }
    }
    return any ? sum : null;
  }

  static boolean inUnit(DemographicCell c, Map<String, String> unit) {
    String county = unit.get("county_id");
    return county == null || key(county).equals(key(c.countyId()));
  }

  static boolean inGroup(DemographicCell c, Map<String, String> group) {
    for (Map.Entry<String, String> e : group.entrySet()) {
      if (!DIMENSIONS.contains(e.getKey()) || !key(e.getValue()).equals(key(c.value(e.getKey())))) {
        return false;
      }
    }
    return true;
  }

  /** "GUILFORD (41)" when the name is known, else the id. */
  String countyLabel(String countyId) {
    String name = m.countyNames() == null ? null : m.countyNames().get(countyId);
    return name == null || name.isBlank() ? label(countyId) : name + " (" + countyId + ")";
  }

  static String label(String key) {
    return key == null || key.isEmpty() ? "(blank)" : key;
  }

  static String key(String s) {
    return s == null ? "" : s;
  }

  private static boolean matches(String value, String wanted) {
    return wanted == null || key(wanted).equals(key(value));
  }
}
