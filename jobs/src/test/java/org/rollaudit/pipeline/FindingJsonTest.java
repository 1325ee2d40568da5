package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.EvidenceQuery;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Severity;

/** Kept findings read back equal, in the same order, through the bytes of a file. */
class FindingJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Finding back(Finding f) throws IOException {
    return FindingJson.read(JSON.readTree(JSON.writeValueAsBytes(FindingJson.write(f))));
  }

  @Test
  void everyPartReadsBackEqual() throws IOException {
    LinkedHashMap<String, Double> stat = new LinkedHashMap<>();
    // not in key order: the statistic keeps the detector's order
    stat.put("rate_ratio", 0.1 + 0.2);
    stat.put("p_value", 4.9e-324);
    stat.put("expected_rate", 3.0);
    stat.put("q_value", Double.NaN);
    stat.put("z", Double.NEGATIVE_INFINITY);
    stat.put("missing", null);
    SortedMap<String, String> equals = new TreeMap<>();
    equals.put("county_id", "41");
    equals.put("reason_after", null);
    SortedMap<String, List<String>> notes = new TreeMap<>();
    notes.put("NC2", Arrays.asList("2024-01-02", null));
    notes.put("NC1", List.of("2024-01-01", "\u00e9 \"quoted\", comma"));
    EvidenceQuery q =
        new EvidenceQuery(
                List.of(ChangeClass.REMOVED, ChangeClass.AGED_OUT),
                equals,
                "birth_year",
                "*",
                new EvidenceQuery.Voters(List.of("removed_on", "note"), notes))
            .withAnyOf("reason_after", List.of("RS", "RL"))
            .withDates(
                new EvidenceQuery.DateRange(
                    "status_date_after", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 5)));
    Finding f =
        new Finding(
            "removal-skew",
            "skew-race",
            Severity.MEDIUM,
            new TreeMap<>(Map.of("precinct", "P 01", "county_id", "41")),
            new TreeMap<>(Map.of("race", "B")),
            12,
            stat,
            "Twelve voters \u2014 \"many\".",
            q,
            null);
    Finding b = back(f);
    assertEquals(f, b);
    assertEquals(List.copyOf(f.statistic().keySet()), List.copyOf(b.statistic().keySet()));
    assertEquals(0.1 + 0.2, b.statistic().get("rate_ratio"));
    assertTrue(b.statistic().get("q_value").isNaN());
    assertNull(b.comparison());
    assertEquals(List.of("RL", "RS"), b.evidence().anyOf().get("reason_after"));
    assertEquals(f.evidence().voters(), b.evidence().voters());

    Finding plain =
        new Finding(
            "mass-deletion",
            "mass-deletion",
            Severity.HIGH,
            new TreeMap<>(),
            new TreeMap<>(),
            0,
            new LinkedHashMap<>(),
            "",
            EvidenceQuery.of(List.of(ChangeClass.REMOVED), Map.of()),
            "rest of state");
    assertEquals(plain, back(plain));
    assertNull(back(plain).evidence().voters());
    assertNull(back(plain).evidence().dates());
  }

  @Test
  void aMapWithItsOwnOrderIsNotKept() {
    SortedMap<String, String> reversed = new TreeMap<>(Comparator.reverseOrder());
    reversed.put("county_id", "41");
    Finding f =
        new Finding(
            "mass-deletion",
            "mass-deletion",
            Severity.HIGH,
            reversed,
            new TreeMap<>(),
            1,
            new LinkedHashMap<>(),
            "",
            EvidenceQuery.of(List.of(ChangeClass.REMOVED), Map.of()),
            "rest of state");
    assertFalse(FindingJson.exact(f));
  }
}
