package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.AuditResult;

class FindingsJsonTest {

  private static final ObjectMapper M = new ObjectMapper();

  @Test
  void keysFollowTheContractOrderExactly() throws Exception {
    JsonNode root = M.readTree(FindingsJson.write(Fixtures.sample("public")));
    assertEquals(
        List.of("schema", "run_id", "software", "baseline", "current", "counts", "findings"),
        keys(root));
    assertEquals(List.of("as_of", "voters"), keys(root.get("baseline")));
    assertEquals(List.of("as_of", "voters"), keys(root.get("current")));
    assertEquals(
        List.of("removed", "added", "reactivated", "changed", "unchanged", "aged_out"),
        keys(root.get("counts")));
    for (JsonNode f : root.get("findings")) {
      assertEquals(
          List.of(
              "id",
              "rule",
              "severity",
              "unit",
              "group",
              "affected",
              "statistic",
              "explanation",
              "evidence"),
          keys(f));
    }
    assertEquals("rollaudit/findings/v1", root.get("schema").asText());
    JsonNode f1 = root.get("findings").get(0);
    assertEquals("F-0001", f1.get("id").asText());
    assertEquals("high", f1.get("severity").asText());
    assertEquals("evidence/F-0001.csv", f1.get("evidence").asText());
    assertEquals(
        List.of("observed_rate", "expected_rate", "rate_ratio", "p_value", "q_value"),
        keys(f1.get("statistic")));
  }

  @Test
  void numbersGoThroughTheOneFormatter() {
    String text = FindingsJson.write(Fixtures.sample("public"));
    assertTrue(text.contains("\"observed_rate\": 0.15,"));
    assertTrue(text.contains("\"rate_ratio\": 3.7,"), "3.7000000000000002 rounds to 3.7");
    assertTrue(text.contains("\"p_value\": 1e-30,"));
    assertTrue(text.contains("\"q_value\": 1.23457e-28\n"));
    assertTrue(text.contains("\"not_a_number\": null"), "NaN is written as null");
    assertTrue(text.contains("\"q_value\": null"), "Infinity is written as null");
    assertTrue(text.contains("\"batch_size\": 85,"));
    assertFalse(text.contains("NaN") || text.contains("Infinity"));
    assertTrue(text.contains("\"group\": {},"), "empty objects stay on one line");
    assertTrue(text.endsWith("}\n") && !text.contains("\r"), "LF and a final newline");
  }

  @Test
  void hostileStringsAreValidJson() throws Exception {
    String text = FindingsJson.write(Fixtures.sample("public"));
    JsonNode root = M.readTree(text);
    assertTrue(root.get("findings").get(0).get("explanation").asText().endsWith(Fixtures.XSS));
  }

  @Test
  void countsMustBeTheContractsSix() {
    AuditResult r = Fixtures.sample("public");
    LinkedHashMap<String, Long> counts = new LinkedHashMap<>(r.counts());
    counts.put("extra", 1L);
    AuditResult bad =
        new AuditResult(
            r.runId(),
            r.software(),
            r.disclosure(),
            r.baseline(),
            r.current(),
            counts,
            r.findings(),
            r.inputs(),
            r.method(),
            r.metrics(),
            r.reproduce());
    assertThrows(IllegalArgumentException.class, () -> FindingsJson.write(bad));
  }

  static List<String> keys(JsonNode n) {
    List<String> k = new ArrayList<>();
    n.fieldNames().forEachRemaining(k::add);
    return k;
  }
}
