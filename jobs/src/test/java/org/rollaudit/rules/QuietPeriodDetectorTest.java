package org.rollaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.Severity;

/**
 * nvra-quiet-period on hand-made metrics and the shipped NC calendar. Primary of 5 Mar 2024: window
 * 6 Dec 2023 to 4 Mar 2024. General of 5 Nov 2024: window 7 Aug to 4 Nov 2024.
 */
class QuietPeriodDetectorTest {
  private static final Rule QUIET = RuleFixtures.rule("nvra-quiet-period");
  private static final LocalDate PRIMARY = LocalDate.of(2024, 3, 5);

  /** County 1 (10,000 voters) removes {@code n} voters per reason given; county 2 only deaths. */
  private static HandMetrics roll(LocalDate date, long rm, long rd) {
    return new HandMetrics()
        .countyOnly("1", "HARNETT", 10_000, rm + rd, 0)
        .reason("1", "RM", date, rm)
        .reason("1", "RD", date, rd)
        .countyOnly("2", "WAKE", 10_000, 40, 0)
        .reason("2", "RD", date, 40);
  }

  private static List<Finding> run(Metrics m) {
    return RuleFixtures.run(QUIET, m).findings();
  }

  @Test
  void undatedIntervalWhollyInsideFires() {
    // 6 Jan - 3 Feb 2024 lies inside the primary's window; deaths are exempt
    List<Finding> f = run(roll(null, 30, 500).build());
    assertEquals(1, f.size(), f::toString);
    Finding x = f.get(0);
    assertEquals(Map.of("county_id", "1"), x.unit());
    assertEquals(30, x.affected());
    assertEquals(Severity.MEDIUM, x.severity()); // 30 >= 20 and 0.3% >= 0.2%
    assertEquals(0.0, x.statistic().get("possibly_inside"));
    assertTrue(
        x.explanation().contains("wholly inside the 90 days before the primary of 5 Mar 2024"),
        x.explanation());
    assertEquals(List.of(ChangeClass.REMOVED), x.evidence().classes());
    assertEquals(
        List.of("R2", "RA", "RC", "RL", "RM", "RP", "RS"),
        x.evidence().anyOf().get("reason_after"));
    assertTrue(x.evidence().equals().containsKey("status_date_after"));
    assertEquals(null, x.evidence().equals().get("status_date_after"));
  }

  @Test
  void undatedIntervalOutsideEveryWindowDoesNotFire() {
    // 6 Mar - 3 Apr 2024: after the primary, long before the general's window
    Metrics m = roll(null, 300, 500).build(LocalDate.of(2024, 3, 6), LocalDate.of(2024, 4, 3));
    assertEquals(List.of(), run(m));
    assertEquals(
        "undated removals: outside every window",
        RuleFixtures.run(QUIET, m).method().get("interval_dating"));
  }

  @Test
  void undatedIntervalOverlappingAWindowIsPossiblyInsideOneBandLower() {
    // 1 Jul - 15 Aug 2024 overlaps the general's window (from 7 Aug) without lying inside it
    Metrics m = roll(null, 300, 0).build(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 8, 15));
    List<Finding> f = run(m);
    assertEquals(1, f.size(), f::toString);
    assertEquals(Severity.MEDIUM, f.get(0).severity()); // high by size (300, 3%), one band lower
    assertEquals(1.0, f.get(0).statistic().get("possibly_inside"));
    assertTrue(f.get(0).explanation().contains("possibly inside"), f.get(0).explanation());
  }

  @Test
  void exemptReasonsNeverCount() {
    assertEquals(List.of(), run(roll(null, 0, 5_000).build()));
  }

  @Test
  void removalDatedExactlyNinetyDaysBeforeIsInsideOneDayEarlierIsNot() {
    LocalDate first = PRIMARY.minusDays(90);
    assertEquals(LocalDate.of(2023, 12, 6), first);
    Metrics m =
        new HandMetrics()
            .countyOnly("1", "HARNETT", 10_000, 40, 0)
            .reason("1", "RM", first, 25)
            .reason("1", "RM", first.minusDays(1), 15)
            .build(LocalDate.of(2023, 11, 25), LocalDate.of(2024, 1, 6));
    List<Finding> f = run(m);
    assertEquals(1, f.size(), f::toString);
    assertEquals(25, f.get(0).affected());
    assertEquals(90.0, f.get(0).statistic().get("days_before_election_max"));
    assertEquals(
        new org.rollaudit.audit.EvidenceQuery.DateRange(
            "status_date_after", first, PRIMARY.minusDays(1)),
        f.get(0).evidence().dates());
    assertEquals(15L, RuleFixtures.run(QUIET, m).method().get("dated_outside_windows"));
    // the other reading of the statute: day E - 90 still allowed
    Rule w89 = RuleFixtures.with(QUIET, "window_days", IntNode.valueOf(89));
    assertEquals(List.of(), RuleFixtures.run(w89, m).findings());
  }

  @Test
  void datedRemovalsInTwoWindowsGiveOneFindingPerElection() {
    Metrics m =
        new HandMetrics()
            .countyOnly("1", "HARNETT", 10_000, 60, 0)
            .reason("1", "RM", LocalDate.of(2024, 2, 1), 30)
            .reason("1", "RC", LocalDate.of(2024, 9, 1), 30)
            .build(LocalDate.of(2024, 1, 6), LocalDate.of(2024, 10, 1));
    List<Finding> f = run(m);
    assertEquals(2, f.size(), f::toString);
    assertTrue(f.stream().anyMatch(x -> x.explanation().contains("primary of 5 Mar 2024")));
    assertTrue(f.stream().anyMatch(x -> x.explanation().contains("general of 5 Nov 2024")));
  }

  @Test
  void belowTheMinimumNoFinding() {
    assertEquals(List.of(), run(roll(null, 10, 0).build()));
  }

  @Test
  void severityFromCountAndShare() {
    assertEquals(Severity.HIGH, run(roll(null, 150, 0).build()).get(0).severity());
    // 15 voters: above the minimum, below medium's 20
    assertEquals(Severity.LOW, run(roll(null, 15, 0).build()).get(0).severity());
  }
}
