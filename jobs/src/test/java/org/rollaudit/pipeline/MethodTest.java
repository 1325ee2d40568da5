package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.Version;
import org.rollaudit.rules.ErrorRates;

/** method.json's error_rates: the file's content, first saying per entry whether it applies. */
class MethodTest {

  private static ErrorRates rates(String software, String digest) {
    LinkedHashMap<String, Object> c = new LinkedHashMap<>();
    c.put("schema", ErrorRates.SCHEMA);
    c.put("software", software);
    c.put("rules", Map.of("skew", Map.of("digest", digest)));
    c.put("summary", List.of("No high finding in 20 clean audits."));
    return new ErrorRates(c, "x");
  }

  /** The rules part of method.json with the given enabled entries (name, digest pairs). */
  private static Map<String, Object> rules(String... nameDigest) {
    List<Object> entries = new java.util.ArrayList<>();
    for (int i = 0; i < nameDigest.length; i += 2) {
      entries.add(Map.of("name", nameDigest[i], "enabled", true, "digest", nameDigest[i + 1]));
    }
    entries.add(Map.of("name", "off", "enabled", false, "digest", "d9"));
    return Map.of("digest", "all", "entries", entries);
  }

  @Test
  void errorRatesMeasuredWithTheseEntriesApply() {
    LinkedHashMap<String, Object> m =
        Method.errorRates(rates(Version.software(), "d1"), rules("skew", "d1"));
    assertEquals(
        List.of("applies_to_this_run", "applies_by_rule", "schema", "software", "rules", "summary"),
        List.copyOf(m.keySet()));
    assertTrue(m.get("applies_to_this_run").toString().startsWith("yes"));
    // disabled entries run nowhere and are not listed
    assertEquals(Map.of("skew", "yes: " + ErrorRates.MEASURED), m.get("applies_by_rule"));
  }

  @Test
  void newAndChangedEntriesSaySo() {
    LinkedHashMap<String, Object> m =
        Method.errorRates(rates(Version.software(), "d1"), rules("skew", "d2", "quiet", "d3"));
    Map<?, ?> by = (Map<?, ?>) m.get("applies_by_rule");
    assertEquals(
        "no: measured with other parameters (entry digest d1, this run d2); re-run eval/run.sh",
        by.get("skew"));
    assertEquals("no: " + ErrorRates.NOT_MEASURED, by.get("quiet"));
    assertTrue(m.get("applies_to_this_run").toString().startsWith("no: "));
  }
}
