package org.rollaudit.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The per-county rate screen of the rules over history (reregistration-churn,
 * duplicate-match-removal): each county's count x of n against the rest of the state, scored with
 * {@link RateScreen} (exact binomial and the rule's overdispersion model, q-values by the rule's
 * multiplicity) over every county with at least {@code min_at_risk} in n.
 */
final class CountyScreen {
  private CountyScreen() {}

  /** x and n of one county. */
  record Count(long x, long n) {}

  /** The scored counties (at least min_at_risk), with q-values, in county order. */
  static List<RateScreen.Score<Units.Key>> screen(
      Rule rule, SortedMap<Units.Key, Count> counties, Thresholds t) {
    long minN = rule.integer("min_at_risk");
    long sx = 0;
    long sn = 0;
    for (Count c : counties.values()) {
      sx += c.x();
      sn += c.n();
    }
    List<RateScreen.Cell<Units.Key>> cells = new ArrayList<>();
    for (Map.Entry<Units.Key, Count> e : counties.entrySet()) {
      Count c = e.getValue();
      if (e.getKey().known() && c.n() >= minN && sn - c.n() > 0) {
        cells.add(new RateScreen.Cell<>(e.getKey(), c.x(), c.n(), sx - c.x(), sn - c.n()));
      }
    }
    RateScreen.Fit fit = RateScreen.fit(rule, cells);
    List<RateScreen.Score<Units.Key>> scores = new ArrayList<>();
    for (RateScreen.Cell<Units.Key> c : cells) {
      scores.add(RateScreen.score(c, fit, t));
    }
    return RateScreen.withQ(scores, rule);
  }
}
