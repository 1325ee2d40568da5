package org.rollaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Severity;

class BulkFieldChangeDetectorTest {
  private static final Rule BULK = RuleFixtures.rule("bulk-field-change-county");

  /** 20 counties of 10,000 voters; counties 1-10 each have one birth_year +1 (background). */
  private static HandMetrics background() {
    HandMetrics h = new HandMetrics();
    for (int i = 1; i <= 20; i++) {
      String c = Integer.toString(i);
      h.countyOnly(c, "C" + c, 10_000, 0, i <= 10 ? 1 : 0);
      if (i <= 10) {
        h.change(c, "birth_year", "+1", 1);
      }
    }
    return h;
  }

  @Test
  void firesOnBirthYearShiftByHand() {
    HandMetrics h = background();
    h.countyOnly("21", "HARNETT", 10_000, 0, 505)
        .change("21", "birth_year", "+1", 500)
        .change("21", "birth_year", "-1", 5);
    DetectionResult r = RuleFixtures.run(BULK, h.build());
    assertEquals(1, r.findings().size(), r.findings().toString());
    Finding f = r.findings().get(0);
    Checks.wellFormed(f);
    assertEquals(Severity.HIGH, f.severity());
    assertEquals(Checks.unit("county_id", "21"), f.unit());
    assertEquals(500, f.affected());
    assertEquals(List.of(ChangeClass.CHANGED, ChangeClass.REACTIVATED), f.evidence().classes());
    assertEquals("birth_year", f.evidence().changeKey());
    assertEquals("+1", f.evidence().changeValue());
    // rest of state: 10 of 200,000 = 0.005%; 5% / 0.005% = 1,000
    assertEquals(0.05, f.statistic().get("observed_rate"), 1e-12);
    assertEquals(0.00005, f.statistic().get("expected_rate"), 1e-12);
    assertEquals(1000.0, f.statistic().get("rate_ratio"), 1e-9);
    assertEquals(500 / 505.0, f.statistic().get("batch_share"), 1e-12);
    assertEquals(
        "Harnett County: 500 voters (5.0% of those present in both snapshots) had their birth year"
            + " changed by the same transformation +1 between 6 Jan 2024 and 3 Feb 2024; in the rest"
            + " of the state this change touched 0.005% of voters (about 1,000 times less), and 99.0%"
            + " of the unit's birth year changes were this identical change, which points to one batch"
            + " edit.",
        f.explanation());
    // two (field, transformation) pairs × 21 counties
    assertEquals(42, r.method().get("m"));
  }

  @Test
  void belowMinimumAndExpectedChangesRaiseNothing() {
    HandMetrics h = background();
    h.countyOnly("21", "A", 10_000, 0, 8).change("21", "birth_year", "+1", 8); // 8 < 11
    h.countyOnly("22", "B", 10_000, 0, 3_000)
        .change("22", "precinct", "P1>P2", 3_000); // redistricting
    DetectionResult r = RuleFixtures.run(BULK, h.build());
    assertEquals(List.of(), r.findings());
    assertEquals(22, r.method().get("m"));
    assertEquals(1, r.method().get("changes_tested"));
  }

  @Test
  void firesOnSyntheticRollAndEvidenceMatches() {
    SyntheticRoll roll = new SyntheticRoll(31, 50, 150_000);
    int c = roll.largest();
    roll.withBulkChange(c, "birth_year", "+1", 0.3);
    List<Finding> f = RuleFixtures.run(BULK, roll.build()).findings();
    List<Finding> hit = Checks.in(f, Checks.unit("county_id", SyntheticRoll.county(c)));
    assertEquals(1, hit.size(), f.toString());
    assertEquals(Severity.HIGH, hit.get(0).severity());
    assertTrue(hit.get(0).explanation().contains("one batch edit"), hit.get(0).explanation());
    assertNull(hit.get(0).evidence().equals().get("precinct"));
    Checks.evidenceMatches(roll, f);
  }

  @Test
  void quietOnCleanRollEvenWithRedistricting() {
    SyntheticRoll roll = new SyntheticRoll(4, 60, 200_000);
    roll.withBulkChange(roll.largest(), "precinct", "P0>P9", 0.5);
    assertEquals(List.of(), RuleFixtures.run(BULK, roll.build()).findings());
  }
}
