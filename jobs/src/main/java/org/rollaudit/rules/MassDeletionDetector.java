package org.rollaudit.rules;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.EvidenceQuery;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.Severity;
import org.rollaudit.stats.MultipleTesting;

/**
 * {@code mass-deletion}: a county or precinct whose removal rate (removed / active-or-inactive at
 * baseline) is far above the rest of the state (leave-one-out, so a big county cannot hide by
 * pulling the state rate toward itself) and, when the store has earlier intervals, above its own
 * history. The test is {@link RateScreen}: exact binomial and the overdispersion-adjusted screen,
 * BH across every unit tested, plus a rate-ratio floor. Evidence: the unit's REMOVED voters.
 *
 * <p>Example: a county removing 12.1% while the rest of the state removes 1.4% has RR ≈ 8.6; with
 * peers varying by a factor of about 1.4 (between-unit SD 0.35 on the log scale) its z is about
 * ln(8.6)/0.35 ≈ 6, so it is flagged high; a county at 2.2× the state is within ordinary spread.
 */
final class MassDeletionDetector implements Detector {

  @Override
  public String type() {
    return "mass-deletion";
  }

  @Override
  public Set<MetricPart> reads() {
    return EnumSet.of(MetricPart.PRECINCTS, MetricPart.HISTORY, MetricPart.COUNTY_NAMES);
  }

  @Override
  public DetectionResult detect(Rule rule, Metrics m) {
    Thresholds t = Thresholds.of(rule);
    String level = rule.text("level");
    boolean withinCounty = "county".equals(rule.text("reference"));
    long minAtRisk = rule.integer("min_at_risk");
    RateScreen.Dispersion mode = RateScreen.Dispersion.of(rule.text("dispersion"));
    OwnHistory.Config history = OwnHistory.Config.of(rule);

    SortedMap<Units.Key, Counts> units = Units.counts(m, level);
    SortedMap<Units.Key, Counts> counties = Units.counts(m, "county");
    Counts state = Units.state(m);
    List<RateScreen.Cell<Units.Key>> cells = new ArrayList<>();
    for (Map.Entry<Units.Key, Counts> e : units.entrySet()) {
      Counts c = e.getValue();
      Counts ref = withinCounty ? counties.get(Units.Key.county(e.getKey().county())) : state;
      long refAtRisk = ref.atRisk() - c.atRisk();
      if (!e.getKey().known() || c.atRisk() < minAtRisk || refAtRisk <= 0) {
        continue;
      }
      cells.add(
          new RateScreen.Cell<>(
              e.getKey(), c.removed(), c.atRisk(), ref.removed() - c.removed(), refAtRisk));
    }
    RateScreen.Fit fit = RateScreen.fit(rule, cells);
    List<RateScreen.Score<Units.Key>> scores = new ArrayList<>();
    for (RateScreen.Cell<Units.Key> c : cells) {
      scores.add(RateScreen.score(c, fit, t));
    }
    scores = RateScreen.withQ(scores, rule);

    // own history, for counties whose store has enough earlier intervals; its p-values are
    // adjusted across every county compared, like the peer test's
    List<OwnHistory> own = new ArrayList<>();
    List<Double> ownP = new ArrayList<>();
    for (RateScreen.Score<Units.Key> s : scores) {
      Units.Key k = s.cell().key();
      OwnHistory h =
          k.precinct() == null
              ? OwnHistory.of(m, k.county(), s.cell().n(), s.cell().x(), history)
              : null;
      own.add(h);
      if (h != null) {
        ownP.add(h.pValue());
      }
    }
    double[] ownQ =
        MultipleTesting.adjust(
            rule.text("multiplicity"), ownP.stream().mapToDouble(Double::doubleValue).toArray());

    List<Finding> findings = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < scores.size(); i++) {
      RateScreen.Score<Units.Key> s = scores.get(i);
      Units.Key k = s.cell().key();
      long affected = s.cell().x();
      boolean peersFire = t.flags(s.q(), s.rateRatio(), affected);
      OwnHistory h = own.get(i);
      double hq = h == null ? Double.NaN : ownQ[next++];
      boolean ownFires = h != null && h.passes(hq, history, affected, t.minAffected());
      if (!peersFire && !ownFires) {
        continue;
      }
      Severity severity =
          peersFire
              ? t.severity(s.q(), s.rateRatio(), affected)
              : Severity.parse(rule.text("history", "severity"));
      LinkedHashMap<String, Double> stat = RateScreen.statistic(s);
      Counts c = units.get(k);
      RateScreen.put(stat, "removed_absent", (double) c.removedAbsent());
      // How much own history the county had, even when too little to compare (a timeline's
      // first intervals): a reader must see that this check could not be made.
      int usable =
          h == null && history.enabled() && !m.history().isEmpty() && k.precinct() == null
              ? OwnHistory.usable(m, k.county(), history)
              : -1;
      if (usable >= 0) {
        RateScreen.put(stat, "history_intervals", usable);
      }
      if (h != null) {
        RateScreen.put(stat, "history_intervals", h.intervals());
        RateScreen.put(stat, "history_daily_rate", h.medianDailyRate());
        RateScreen.put(stat, "current_daily_rate", h.dailyRate());
        RateScreen.put(stat, "history_ratio", h.ratio());
        RateScreen.put(stat, "history_robust_z", h.robustZ());
        RateScreen.put(stat, "history_p_value", h.pValue());
        RateScreen.put(stat, "history_q_value", hq);
      }
      String reference = withinCounty ? "rest of county" : "rest of state";
      String comparison =
          peersFire && ownFires
              ? reference + " and own history"
              : peersFire ? reference : "own history (" + h.intervals() + " earlier intervals)";
      findings.add(
          new Finding(
              type(),
              rule.name(),
              severity,
              k.map(),
              new java.util.TreeMap<>(),
              affected,
              stat,
              explain(m, s, c, withinCounty, peersFire, ownFires ? h : null)
                  + shortHistory(usable, history),
              EvidenceQuery.of(List.of(ChangeClass.REMOVED), k.map()),
              comparison));
    }

    LinkedHashMap<String, Object> method = new LinkedHashMap<>();
    method.put(
        "test", mode.test(withinCounty ? "the rest of the county" : "the rest of the state"));
    method.put(
        "test_family",
        "every "
            + level
            + " with at least "
            + minAtRisk
            + " active or inactive voters at baseline,"
            + " one test each against the "
            + (withinCounty ? "rest of its county" : "rest of the state")
            + "; "
            + rule.text("multiplicity")
            + " across them");
    method.put("m", scores.size());
    method.put("fit", fit.describe(cells.size()));
    method.put("own_history_m", ownP.size());
    method.put("decision", t.describe());
    return new DetectionResult(findings, method);
  }

  /** Says that the own history was too short to compare with; "" when it was not looked at. */
  private static String shortHistory(int usable, OwnHistory.Config cfg) {
    if (usable < 0) {
      return "";
    }
    return " Its own history had "
        + usable
        + (usable == 1 ? " earlier interval" : " earlier intervals")
        + ", too few to compare with (at least "
        + cfg.minIntervals()
        + " needed).";
  }

  /** The sentence; {@code own} is the own-history comparison only when it fired. */
  private static String explain(
      Metrics m,
      RateScreen.Score<Units.Key> s,
      Counts c,
      boolean withinCounty,
      boolean peersFire,
      OwnHistory own) {
    SortedMap<String, String> unit = s.cell().key().map();
    StringBuilder b = new StringBuilder();
    b.append(Plain.sentence(Plain.unit(m, unit)))
        .append(" removed ")
        .append(Plain.percent(s.observedRate()))
        .append(" of its active and inactive voters (")
        .append(Plain.count(s.cell().x()))
        .append(") ")
        .append(Plain.period(m));
    String rest =
        withinCounty
            ? "the rest of " + Plain.county(m, unit.get("county_id"))
            : "the rest of the state";
    b.append("; ")
        .append(rest)
        .append(" removed ")
        .append(s.cell().xRef() == 0 ? "nobody" : Plain.percent(s.expectedRate()));
    if (s.cell().xRef() > 0 && s.rateRatio() >= 1.1) {
      b.append(" (").append(Plain.times(s.rateRatio())).append(" less)");
    }
    if (own != null) {
      b.append(peersFire ? ", and" : "; on its own,")
          .append(" its removal rate per day was ")
          .append(Plain.times(own.ratio()))
          .append(" its usual rate over ")
          .append(own.intervals())
          .append(" earlier intervals");
    }
    if (s.cell().x() < 20) {
      b.append("; the rate rests on fewer than 20 removals and is unstable");
    }
    if (c.removedAbsent() > 0) {
      b.append("; ")
          .append(Plain.count(c.removedAbsent()))
          .append(
              " of these records simply vanished from the file, which the publisher can also do when"
                  + " it removes a long-inactive voter");
    }
    return b.append('.').toString();
  }
}
