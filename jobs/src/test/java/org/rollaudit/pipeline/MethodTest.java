package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.Version;
import org.rollaudit.rules.ErrorRates;

/** method.json's error_rates: the file's content, first saying whether it applies to the run. */
class MethodTest {

  private static ErrorRates rates(String software, String digest) {
    LinkedHashMap<String, Object> c = new LinkedHashMap<>();
    c.put("schema", ErrorRates.SCHEMA);
    c.put("software", software);
    c.put("rules_digest", digest);
    c.put("summary", List.of("No high finding in 20 clean audits."));
    return new ErrorRates(c, "x");
  }

  @Test
  void errorRatesMeasuredWithTheseRulesApply() {
    LinkedHashMap<String, Object> m =
        Method.errorRates(rates(Version.software(), "d1"), Map.of("digest", "d1"));
    assertEquals(
        List.of("applies_to_this_run", "schema", "software", "rules_digest", "summary"),
        List.copyOf(m.keySet()));
    assertTrue(m.get("applies_to_this_run").toString().startsWith("yes"));
  }

  @Test
  void errorRatesMeasuredWithOtherRulesSaySo() {
    String applies =
        Method.errorRates(rates(Version.software(), "d1"), Map.of("digest", "d2"))
            .get("applies_to_this_run")
            .toString();
    assertTrue(
        applies.startsWith("no: measured with other rules (digest d1, this run d2)"), applies);
  }
}
