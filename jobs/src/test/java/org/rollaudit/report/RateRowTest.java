package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.EvidenceQuery;
import org.rollaudit.audit.EvidenceTable;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.audit.Severity;

class RateRowTest {

  private static NumberedFinding finding(
      String rule, Map<String, String> unit, Map<String, String> group, long affected) {
    Finding f =
        new Finding(
            rule,
            rule,
            Severity.MEDIUM,
            new TreeMap<>(unit),
            new TreeMap<>(group),
            affected,
            new LinkedHashMap<>(),
            "x",
            EvidenceQuery.of(List.of(ChangeClass.REMOVED), unit),
            "rest of the state");
    return new NumberedFinding("F-0001", f, new EvidenceTable(List.of("voter_id"), List.of()));
  }

  @Test
  void onlyFindingsThatPublishTheCountysRemovalsPinIt() {
    Map<String, Counts> counties = new TreeMap<>();
    counties.put("1", Fixtures.counts(1000, 5));
    counties.put("2", Fixtures.counts(1000, 5));
    counties.put("3", Fixtures.counts(1000, 5));
    counties.put("4", Fixtures.counts(1000, 5));
    List<NumberedFinding> findings =
        List.of(
            finding("mass-deletion", Map.of("county_id", "1"), Map.of(), 5),
            // a field change publishes another count: county 2's small removed count stays hidden
            finding("bulk-field-change", Map.of("county_id", "2"), Map.of(), 30),
            finding("removal-skew", Map.of("county_id", "3"), Map.of("race", "B"), 5),
            finding("mass-deletion", Map.of("county_id", "4", "precinct", "P1"), Map.of(), 5));
    assertEquals(Set.of("1"), RateRow.removalsPublished(counties, findings));
  }
}
