package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/** How a finding's figures and rate intervals read in the report. */
class FigureLabelsTest {

  @Test
  void everyStatisticOfTheSampleFindingsHasAReadableLabel() throws Exception {
    JsonNode findings;
    try (InputStream in =
        FigureLabelsTest.class.getResourceAsStream("/golden/sample-bundle/findings.json")) {
      findings = new ObjectMapper().readTree(in);
    }
    int n = 0;
    for (JsonNode f : findings.path("findings")) {
      String rule = f.path("rule").asText();
      for (Iterator<String> it = f.path("statistic").fieldNames(); it.hasNext(); ) {
        String key = it.next();
        assertNotEquals(
            key.replace('_', ' '), FindingSection.label(rule, key), rule + " " + key + " label");
        n++;
      }
    }
    assertTrue(n > 50, "the sample findings carry many statistics: " + n);
  }

  @Test
  void observedRatesSayWhatTheyAreARateOf() {
    assertEquals(
        "Removal rate of the unit", FindingSection.label("mass-deletion", "observed_rate"));
    assertTrue(
        FindingSection.label("bulk-field-change", "observed_rate").contains("with this change"));
    assertTrue(!FindingSection.label("bulk-field-change", "expected_rate").contains("Removal"));
  }

  @Test
  void valuesCarryTheirUnits() {
    assertEquals("7.07%", FindingSection.value("observed_ci_low", 0.0707091));
    assertEquals("549\u00d7", FindingSection.value("rr_ci_low", 549.041));
    assertEquals("1,174", FindingSection.value("group_at_risk", 1174));
    assertEquals("< 0.0001 (below 1e-300)", FindingSection.value("p_binomial", 0));
    assertEquals("0.3", FindingSection.value("between_unit_sd", 0.3));
  }

  @Test
  void aRateOfZeroHasAnIntervalFromExactlyZero() {
    double[] ci = RateRow.wilson(0, 38);
    assertEquals(0.0, ci[0]);
    assertEquals("0%", NumberText.percent(ci[0], NumberText.DISPLAY_DIGITS));
    assertEquals(1.0, RateRow.wilson(38, 38)[1]);
    assertTrue(RateRow.wilson(1, 38)[0] > 0);
  }
}
