package org.rollaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.Severity;
import org.rollaudit.stats.TwoByTwo;

class RemovalSkewDetectorTest {
  private static final Rule SKEW = RuleFixtures.rule("removal-skew");

  /** Three counties; in county 1 Black voters are removed at 8%, everyone else at 2%. */
  private static Metrics skewed() {
    HandMetrics h = new HandMetrics();
    h.countyOnly("1", "HARNETT", 7_000, 260, 0)
        .cell("1", "W", "45-54", 5_000, 100)
        .cell("1", "B", "45-54", 2_000, 160);
    for (String c : List.of("2", "3")) {
      h.countyOnly(c, "C" + c, 7_000, 140, 0)
          .cell(c, "W", "45-54", 5_000, 100)
          .cell(c, "B", "45-54", 2_000, 40);
    }
    return h.build();
  }

  @Test
  void firesOnGroupRemovedFourTimesAsOftenByHand() {
    List<Finding> all = RuleFixtures.run(SKEW, skewed()).findings();
    List<Finding> county = Checks.in(all, Checks.unit("county_id", "1"));
    assertEquals(1, county.size(), all.toString());
    Finding f = county.get(0);
    Checks.wellFormed(f);
    assertEquals(Checks.unit("race", "B"), f.group());
    assertEquals(160, f.affected());
    assertEquals(Checks.unit("county_id", "1", "race", "B"), f.evidence().equals());
    TwoByTwo t = TwoByTwo.ofRates(160, 2_000, 100, 5_000);
    assertEquals(4.0, f.statistic().get("rate_ratio"), 1e-12);
    assertEquals(t.rateRatioInterval(0.95).low(), f.statistic().get("rr_ci_low"), 1e-12);
    assertEquals(t.oddsRatio(), f.statistic().get("odds_ratio"), 1e-12);
    // expected count of cell a = 2,000·260/7,000 = 74.3 < 100: Fisher exact
    assertEquals(t.fisherGreater().pValue(), f.statistic().get("p_value"), 0);
    assertEquals("rest of county (Fisher exact, one-sided)", f.comparison());
    assertEquals(Severity.HIGH, f.severity());
    assertEquals(
        "In Harnett County, 8.0% of Black voters (race B) were removed between 6 Jan 2024 and 3 Feb"
            + " 2024 (160 of 2,000), against 2.0% of the county's other voters (about 4 times as"
            + " often).",
        f.explanation());
    // statewide, within county and age band, the same group stands out too
    List<Finding> state = Checks.in(all, Checks.unit());
    assertEquals(1, state.size(), all.toString());
    assertTrue(
        state
            .get(0)
            .comparison()
            .startsWith("rest of state, within the same county and age band (Mantel-Haenszel"));
  }

  @Test
  void stratifyingByCountyAvoidsSimpsonsParadox() {
    // Everyone in county 1 is removed at 10%, everyone in county 2 at 2%. Black voters live mostly
    // in county 1, so crude statewide rates differ 3-fold; within each county they are equal.
    HandMetrics h = new HandMetrics();
    h.countyOnly("1", "A", 10_000, 1_000, 0)
        .cell("1", "B", "45-54", 8_000, 800)
        .cell("1", "W", "45-54", 2_000, 200);
    h.countyOnly("2", "B", 10_000, 200, 0)
        .cell("2", "B", "45-54", 1_000, 20)
        .cell("2", "W", "45-54", 9_000, 180);
    Metrics m = h.build();
    assertEquals(List.of(), RuleFixtures.run(SKEW, m).findings());
    // without strata the crude statewide comparison flags it: (820/9,000)/(380/11,000) = 2.64
    Rule crude = RuleFixtures.with(SKEW, "state_strata", JsonNodeFactory.instance.arrayNode());
    List<Finding> f = RuleFixtures.run(crude, m).findings();
    assertEquals(1, f.size(), f.toString());
    assertEquals(Checks.unit(), f.get(0).unit());
    assertEquals((820 / 9_000.0) / (380 / 11_000.0), f.get(0).statistic().get("rate_ratio"), 1e-12);
  }

  @Test
  void groupsBelowMinimumSizeAreNotTested() {
    HandMetrics h = new HandMetrics();
    h.countyOnly("1", "A", 10_060, 230, 0)
        .cell("1", "W", "45-54", 10_000, 200)
        .cell("1", "O", "45-54", 60, 30);
    h.countyOnly("2", "B", 10_150, 230, 0)
        .cell("2", "W", "45-54", 10_000, 200)
        .cell("2", "O", "45-54", 150, 30);
    Rule countyOnly =
        RuleFixtures.with(SKEW, "levels", JsonNodeFactory.instance.arrayNode().add("county"));
    DetectionResult r = RuleFixtures.run(countyOnly, h.build());
    // county 1's group O has 60 at-risk voters (< min_group_at_risk 100): only county 2's is
    // flagged
    assertEquals(
        List.of(Checks.unit("county_id", "2")), r.findings().stream().map(Finding::unit).toList());
    // tests run: county 1 W (rest 60 < 100: no), O (no); county 2 W (rest 150), O
    assertEquals(2, r.method().get("tests_run"));
    // W is 98.5% of county 2: even with all 230 removals in W, p = (10,000/10,150)^230 ≈ 0.03,
    // which cannot reach BH's level: that test leaves the family
    assertEquals(1, r.method().get("m"));
  }

  @Test
  void testsThatCouldNeverFlagDoNotDiluteTheFamily() {
    // County 1: Black voters removed 2.98 times as often (25 of 2,000 against 21 of 5,000),
    // one-sided Fisher p = 2.05e-4. Forty small counties with 2 + 2 removals: even all 4 in one
    // group would be fewer than min_affected (11), so none of their 80 tests can ever flag.
    HandMetrics h = new HandMetrics();
    h.countyOnly("1", "A", 7_000, 46, 0)
        .cell("1", "W", "45-54", 5_000, 21)
        .cell("1", "B", "45-54", 2_000, 25);
    for (int c = 2; c <= 41; c++) {
      String id = Integer.toString(c);
      h.countyOnly(id, "C" + c, 3_000, 4, 0)
          .cell(id, "W", "45-54", 2_000, 2)
          .cell(id, "B", "45-54", 1_000, 2);
    }
    Metrics m = h.build();
    Rule countyOnly =
        RuleFixtures.with(SKEW, "levels", JsonNodeFactory.instance.arrayNode().add("county"));
    DetectionResult kept = RuleFixtures.run(countyOnly, m);
    assertEquals(2, kept.method().get("m"));
    assertEquals(82, kept.method().get("tests_run"));
    assertEquals(80, kept.method().get("tests_untestable"));
    assertEquals(1, kept.findings().size(), kept.findings().toString());
    Finding f = kept.findings().get(0);
    assertEquals(Checks.unit("county_id", "1"), f.unit());
    double p = TwoByTwo.ofRates(25, 2_000, 21, 5_000).fisherGreater().pValue();
    assertEquals(p, f.statistic().get("p_value"), 0);
    // BH over the two kept tests: the smaller p is multiplied by 2 / 1
    assertEquals(2 * p, f.statistic().get("q_value"), 1e-15);
    // every test in the family: 82 · 2.05e-4 = 0.017 > max_q 0.01, no finding
    Rule all =
        RuleFixtures.with(
            countyOnly, "drop_untestable", JsonNodeFactory.instance.booleanNode(false));
    DetectionResult diluted = RuleFixtures.run(all, m);
    assertEquals(82, diluted.method().get("m"));
    assertEquals(List.of(), diluted.findings());
  }

  @Test
  void undesignatedCodesAreTestedAndSaidSo() {
    HandMetrics h = new HandMetrics();
    h.countyOnly("1", "A", 7_000, 260, 0)
        .cell("1", "W", "45-54", 5_000, 100)
        .cell("1", "U", "45-54", 2_000, 160);
    Finding f = RuleFixtures.run(SKEW, h.build()).findings().get(0);
    assertTrue(
        f.explanation()
            .endsWith(
                "code U means the race was not stated, so this group mixes many kinds of voters."),
        f.explanation());
  }

  @Test
  void firesOnSyntheticRollAndEvidenceMatches() {
    SyntheticRoll roll = new SyntheticRoll(21, 50, 150_000);
    int c = roll.largest();
    roll.withSkew(c, "B", 0.05);
    List<Finding> f = RuleFixtures.run(SKEW, roll.build()).findings();
    List<Finding> hit = Checks.in(f, Checks.unit("county_id", SyntheticRoll.county(c)));
    assertEquals(1, hit.size(), f.toString());
    assertEquals(Checks.unit("race", "B"), hit.get(0).group());
    Checks.evidenceMatches(roll, f);
  }

  @Test
  void quietOnCleanRoll() {
    SyntheticRoll roll = new SyntheticRoll(3, 60, 200_000);
    List<Finding> f = RuleFixtures.run(SKEW, roll.build()).findings();
    assertEquals(List.of(), f);
  }
}
