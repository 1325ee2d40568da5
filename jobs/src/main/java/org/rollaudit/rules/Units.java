package org.rollaudit.rules;

import java.util.Comparator;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;

/**
 * Unit keys and totals built from {@link Metrics} on the driver. Unit and group values of "" stand
 * for "missing" in the metrics; no finding is ever raised on them, because an evidence query cannot
 * select such voters reliably (the change set holds null there).
 */
final class Units {
  private Units() {}

  /** Numeric ids by value ("2" before "10"), everything else after them by characters. */
  static final Comparator<String> IDS = Units::compareIds;

  /** A county, or a precinct of a county (precinct null for a county). */
  record Key(String county, String precinct) implements Comparable<Key> {
    static Key county(String county) {
      return new Key(county, null);
    }

    boolean known() {
      return !county.isEmpty() && (precinct == null || !precinct.isEmpty());
    }

    /** The finding's unit map: county_id, plus precinct at precinct level. */
    SortedMap<String, String> map() {
      SortedMap<String, String> m = new TreeMap<>();
      m.put("county_id", county);
      if (precinct != null) {
        m.put("precinct", precinct);
      }
      return m;
    }

    @Override
    public int compareTo(Key o) {
      int c = IDS.compare(county, o.county);
      if (c != 0) {
        return c;
      }
      if (precinct == null || o.precinct == null) {
        return precinct == null ? (o.precinct == null ? 0 : -1) : 1;
      }
      return IDS.compare(precinct, o.precinct);
    }
  }

  /** Counts per unit at the level ("county" or "precinct"), from the precinct cells. */
  static SortedMap<Key, Counts> counts(Metrics m, String level) {
    SortedMap<Key, Counts> out = new TreeMap<>();
    for (Metrics.PrecinctCell p : m.precincts()) {
      Key k =
          "precinct".equals(level) ? new Key(p.countyId(), p.precinct()) : Key.county(p.countyId());
      out.merge(k, p.counts(), Counts::plus);
    }
    return out;
  }

  /** Sum of every precinct cell: the jurisdiction, including units with unknown ids. */
  static Counts state(Metrics m) {
    Counts t = Counts.ZERO;
    for (Metrics.PrecinctCell p : m.precincts()) {
      t = t.plus(p.counts());
    }
    return t;
  }

  /** The unit a cell of the given level belongs to. */
  static Key key(String level, String county, String precinct) {
    return "precinct".equals(level) ? new Key(county, precinct) : Key.county(county);
  }

  /** Voters present in both snapshots and not removed: the denominator of field-change rates. */
  static long presentNotRemoved(Counts c) {
    return c.unchanged() + c.changed() + c.reactivated();
  }

  private static int compareIds(String x, String y) {
    boolean nx = isNumber(x);
    boolean ny = isNumber(y);
    if (nx && ny) {
      // by value without parsing: fewer significant digits is smaller, then digit by digit
      String a = stripZeros(x);
      String b = stripZeros(y);
      int c = a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
      return c != 0 ? c : x.compareTo(y);
    }
    if (nx != ny) {
      return nx ? -1 : 1;
    }
    return x.compareTo(y);
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
