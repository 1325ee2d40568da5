package org.rollaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.Severity;

class MassDeletionDetectorTest {
  private static final Rule COUNTY = RuleFixtures.rule("mass-deletion-county");
  private static final Rule PRECINCT = RuleFixtures.rule("mass-deletion-precinct");

  /** 20 ordinary counties of 10,000 at risk removing 140, 144, ..., 216 (1.78% overall). */
  private static HandMetrics ordinary() {
    HandMetrics h = new HandMetrics();
    for (int i = 0; i < 20; i++) {
      h.county(Integer.toString(i + 1), "COUNTY " + (i + 1), 10_000, 140 + 4L * i);
    }
    return h;
  }

  @Test
  void firesOnTwelvePercentByHand() {
    Metrics m = ordinary().county("21", "HARNETT", 10_000, 1_210).build();
    DetectionResult r = RuleFixtures.run(COUNTY, m);
    assertEquals(1, r.findings().size(), r.findings().toString());
    Finding f = r.findings().get(0);
    Checks.wellFormed(f);
    assertEquals(Severity.HIGH, f.severity());
    assertEquals(Checks.unit("county_id", "21"), f.unit());
    assertEquals(1_210, f.affected());
    // rest of state: (20·140 + 4·190) / 200,000 = 3,560 / 200,000 = 1.78%
    assertEquals(0.121, f.statistic().get("observed_rate"), 1e-12);
    assertEquals(0.0178, f.statistic().get("expected_rate"), 1e-12);
    assertEquals(0.121 / 0.0178, f.statistic().get("rate_ratio"), 1e-9);
    assertTrue(f.statistic().get("q_value") < 1e-6);
    assertEquals(List.of(ChangeClass.REMOVED), f.evidence().classes());
    assertEquals(Checks.unit("county_id", "21"), f.evidence().equals());
    assertEquals("rest of state", f.comparison());
    assertEquals(
        "Harnett County removed 12.1% of its active and inactive voters (1,210) between 6 Jan 2024"
            + " and 3 Feb 2024; the rest of the state removed 1.8% (about 7 times less).",
        f.explanation());
    assertEquals(21, r.method().get("m"));
  }

  @Test
  void everyDispersionAndMultiplicityOptionFiresOnTheObviousCase() {
    Metrics m = ordinary().county("21", "HARNETT", 10_000, 1_210).build();
    double bh = RuleFixtures.run(COUNTY, m).findings().get(0).statistic().get("q_value");
    for (String mode : List.of("quasi-binomial", "none")) {
      Rule r = RuleFixtures.with(COUNTY, "dispersion", TextNode.valueOf(mode));
      List<Finding> f = RuleFixtures.run(r, m).findings();
      assertEquals(
          List.of(Checks.unit("county_id", "21")), f.stream().map(Finding::unit).toList(), mode);
      // quasi-binomial reports its phi; none has no overdispersion-adjusted p at all
      assertEquals(mode.equals("quasi-binomial"), f.get(0).statistic().containsKey("phi"), mode);
      assertEquals(
          mode.equals("quasi-binomial"),
          f.get(0).statistic().containsKey("p_overdispersion"),
          mode);
    }
    Rule holm = RuleFixtures.with(COUNTY, "multiplicity", TextNode.valueOf("holm"));
    double q = RuleFixtures.run(holm, m).findings().get(0).statistic().get("q_value");
    assertTrue(q >= bh, q + " vs " + bh);
  }

  @Test
  void belowMinimumUnitSizeOrCountRaisesNothing() {
    HandMetrics h = new HandMetrics();
    for (int i = 0; i < 20; i++) {
      h.county(Integer.toString(i + 1), "C", 10_000, 8 + (i % 5));
    }
    h.county("21", "TINY", 150, 100); // below min_at_risk 200: not even tested
    h.county("22", "SMALL", 200, 10); // 5% against 0.1%, but 10 voters < min_affected 11
    h.county("23", "CONTROL", 220, 11); // the same rate with 11 voters: flagged
    DetectionResult r = RuleFixtures.run(COUNTY, h.build());
    assertEquals(22, r.method().get("m"));
    assertEquals(
        List.of(Checks.unit("county_id", "23")), r.findings().stream().map(Finding::unit).toList());
  }

  @Test
  void ownHistoryFiresWhenPeersDoNot() {
    HandMetrics h = new HandMetrics();
    for (int i = 0; i < 20; i++) {
      h.county(Integer.toString(i + 1), "C", 10_000, 180 + 2L * i);
    }
    h.county("21", "DARE", 10_000, 250); // 2.5% against about 1.9%: ordinary among peers
    long[] past = {40, 45, 50, 42, 48, 55};
    for (int k = 0; k < past.length; k++) {
      LocalDate start = SyntheticRoll.BASE.minusDays(28L * (k + 1));
      h.history("21", start, 28, 10_000, past[k]);
      h.history("20", start, 28, 10_000, 208 + k); // county 20: as usual now
    }
    DetectionResult r = RuleFixtures.run(COUNTY, h.build());
    assertEquals(1, r.findings().size(), r.findings().toString());
    Finding f = r.findings().get(0);
    assertEquals(Checks.unit("county_id", "21"), f.unit());
    assertEquals(Severity.MEDIUM, f.severity());
    assertEquals("own history (6 earlier intervals)", f.comparison());
    assertEquals(6.0, f.statistic().get("history_intervals"));
    // median of 40, 42, 45, 48, 50, 55 is 46.5 per 28 days: 250/46.5 = 5.4
    assertEquals(250 / 46.5, f.statistic().get("history_ratio"), 1e-9);
    assertTrue(
        f.explanation()
            .contains(
                "on its own, its removal rate per day was about 5 times its usual rate over 6 earlier intervals"),
        f.explanation());
  }

  @Test
  void firesOnSyntheticRollAndEvidenceMatches() {
    SyntheticRoll roll = new SyntheticRoll(11, 60, 120_000).withMassDeletion(4, 0.2);
    Metrics m = roll.build();
    List<Finding> county = RuleFixtures.run(COUNTY, m).findings();
    List<Finding> five = Checks.in(county, Checks.unit("county_id", "5"));
    assertEquals(1, five.size(), county.toString());
    assertEquals(Severity.HIGH, five.get(0).severity(), five.get(0).toString());
    assertTrue(
        five.get(0).explanation().startsWith("Ashe County removed 1"), five.get(0).explanation());
    Checks.evidenceMatches(roll, county);
    // a county-wide event does not also raise its precincts (they are compared within the county)
    List<Finding> precincts = RuleFixtures.run(PRECINCT, m).findings();
    assertTrue(
        precincts.stream().noneMatch(f -> f.unit().get("county_id").equals("5")),
        precincts.toString());
    Checks.evidenceMatches(roll, precincts);
  }

  @Test
  void precinctPurgeInsideAnOrdinaryCounty() {
    SyntheticRoll roll = new SyntheticRoll(12, 40, 150_000);
    int c = roll.largest(); // the county with the most precincts
    String big = SyntheticRoll.county(c);
    roll.withPrecinctPurge(c, 1, 0.15);
    Metrics m = roll.build();
    List<Finding> f = RuleFixtures.run(PRECINCT, m).findings();
    List<Finding> hit = Checks.in(f, Checks.unit("county_id", big, "precinct", "P1"));
    assertEquals(1, hit.size(), f.toString());
    assertEquals("rest of county", hit.get(0).comparison());
    assertTrue(hit.get(0).explanation().startsWith("Precinct P1 of "), hit.get(0).explanation());
    Checks.evidenceMatches(roll, f);
  }

  @Test
  void quietOnCleanRoll() {
    SyntheticRoll roll = new SyntheticRoll(2, 55, 150_000);
    Metrics m = roll.build();
    assertEquals(List.of(), RuleFixtures.run(COUNTY, m).findings());
    assertEquals(List.of(), RuleFixtures.run(PRECINCT, m).findings());
  }
}
