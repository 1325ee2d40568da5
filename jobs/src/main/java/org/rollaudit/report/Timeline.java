package org.rollaudit.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.rollaudit.audit.Metrics;

/**
 * What a timeline bundle adds to a pair bundle: the intervals, the series of every county, and the
 * metrics of each finding's own interval (its section compares the unit within that interval, not
 * over the whole history).
 *
 * @param intervals consecutive pairs of the store, oldest first, numbered from 1
 * @param points one per county and interval, in county then interval order
 * @param findingMetrics finding id to the metrics of its interval
 */
public record Timeline(
    List<Interval> intervals, List<CountyPoint> points, Map<String, Metrics> findingMetrics) {

  public Timeline {
    intervals = List.copyOf(intervals);
    points = List.copyOf(points);
    findingMetrics = Map.copyOf(findingMetrics);
  }

  /**
   * One interval, jurisdiction-wide.
   *
   * @param findings findings raised in it
   */
  public record Interval(
      int index,
      LocalDate baselineAsOf,
      LocalDate currentAsOf,
      long atRisk,
      long removed,
      int findings) {}

  /**
   * One county in one interval.
   *
   * @param fired whether a finding of this interval names the county
   */
  public record CountyPoint(
      String countyId, String countyDesc, int interval, long atRisk, long removed, boolean fired) {}
}
