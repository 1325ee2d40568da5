package org.rollaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Metrics;

/** Same metrics, same findings and method, whatever the input order or default locale. */
class DeterminismTest {

  private static Metrics anomalous() {
    SyntheticRoll roll = new SyntheticRoll(77, 40, 80_000).withDates();
    int c = roll.largest();
    return roll.withMassDeletion((c + 1) % 40, 0.15)
        .withSkew(c, "B", 0.06)
        .withBulkChange(c, "birth_year", "+1", 0.2)
        .withBatch(c, "RC", LocalDate.of(2024, 1, 14), 150)
        .build();
  }

  private static <T> List<T> shuffled(List<T> l, long seed) {
    List<T> c = new ArrayList<>(l);
    Collections.shuffle(c, new Random(seed));
    return c;
  }

  @Test
  void sameMetricsSameResultInAnyInputOrderAndLocale() throws Exception {
    Metrics m = anomalous();
    RuleSet rules = RuleFixtures.shipped();
    DetectionResult a = rules.detect(m);
    Set<String> types = new TreeSet<>();
    a.findings().forEach(f -> types.add(f.rule()));
    // the dated RC batch of 14 Jan 2024 also lies inside the quiet period before 5 Mar 2024
    assertEquals(
        Set.of(
            "bulk-field-change",
            "mass-deletion",
            "nvra-quiet-period",
            "removal-skew",
            "same-day-batch"),
        types);

    Metrics reordered =
        new Metrics(
            m.baseline(),
            m.current(),
            m.countyNames(),
            shuffled(m.demographic(), 1),
            shuffled(m.precincts(), 2),
            shuffled(m.removalReasons(), 3),
            shuffled(m.fieldChanges(), 4),
            m.total(),
            shuffled(m.history(), 5));
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      DetectionResult b = rules.detect(reordered);
      Locale.setDefault(Locale.GERMANY);
      DetectionResult c = rules.detect(m);
      assertEquals(a.findings(), b.findings());
      assertEquals(a.findings(), c.findings());
      ObjectMapper json = new ObjectMapper();
      assertEquals(json.writeValueAsString(a.method()), json.writeValueAsString(b.method()));
      assertEquals(json.writeValueAsString(a.method()), json.writeValueAsString(c.method()));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void findingsComeSortedAndMethodDescribesEveryEnabledRule() {
    DetectionResult r = RuleFixtures.shipped().detect(anomalous());
    List<Finding> sorted = new ArrayList<>(r.findings());
    sorted.sort(RuleSet.ORDER);
    assertEquals(sorted, r.findings());
    @SuppressWarnings("unchecked")
    List<java.util.Map<String, Object>> entries =
        (List<java.util.Map<String, Object>>) r.method().get("entries");
    for (java.util.Map<String, Object> e : entries) {
      assertTrue(e.containsKey("parameters"), e.toString());
      if ((boolean) e.get("enabled")) {
        assertTrue(
            e.containsKey("test") && e.containsKey("test_family") && e.containsKey("m"),
            e.toString());
      }
    }
    assertEquals(List.of("removal-skew-age"), r.method().get("disabled"));
  }
}
