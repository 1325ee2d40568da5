package org.rollaudit.pipeline;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import org.rollaudit.audit.Finding;
import org.rollaudit.compare.UnitOrder;

/**
 * The order of findings.json (interface.md §3): severity (high first), then rule, then unit, then
 * group. Units compare county_id (numeric ids by value) then precinct; groups by their sorted
 * entries. Detectors' output order never matters.
 */
public final class FindingOrder {
  private FindingOrder() {}

  public static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::rule)
          .thenComparing(Finding::unit, FindingOrder::compareMaps)
          .thenComparing(Finding::group, FindingOrder::compareMaps)
          .thenComparing(Finding::ruleName)
          .thenComparing(Finding::explanation);

  static int compareMaps(SortedMap<String, String> x, SortedMap<String, String> y) {
    Iterator<Map.Entry<String, String>> i = x.entrySet().iterator();
    Iterator<Map.Entry<String, String>> j = y.entrySet().iterator();
    while (i.hasNext() && j.hasNext()) {
      Map.Entry<String, String> a = i.next();
      Map.Entry<String, String> b = j.next();
      int c = a.getKey().compareTo(b.getKey());
      if (c != 0) {
        return c;
      }
      c = UnitOrder.IDS.compare(a.getValue(), b.getValue());
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(i.hasNext(), j.hasNext());
  }
}
