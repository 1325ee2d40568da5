package org.rollaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.rollaudit.audit.Finding;

/** Assertions every detector test shares. */
final class Checks {
  static final List<String> LEADING =
      List.of(
          "observed_rate",
          "expected_rate",
          "rate_ratio",
          "rr_ci_low",
          "rr_ci_high",
          "p_value",
          "q_value");

  private Checks() {}

  /** The contract of every finding: leading statistic keys, finite values, a sentence. */
  static void wellFormed(Finding f) {
    assertEquals(LEADING, f.statistic().keySet().stream().limit(7).toList(), f.toString());
    f.statistic().values().forEach(v -> assertTrue(Double.isFinite(v), f.toString()));
    assertTrue(f.explanation().endsWith("."), f.explanation());
    assertTrue(f.affected() >= 11, f.toString());
    for (Map.Entry<String, String> e : f.unit().entrySet()) {
      assertTrue(e.getValue() != null && !e.getValue().isEmpty(), f.toString());
    }
  }

  /** affected equals the number of voters the evidence query selects from the change set. */
  static void evidenceMatches(SyntheticRoll roll, List<Finding> findings) {
    for (Finding f : findings) {
      wellFormed(f);
      assertEquals(f.affected(), roll.select(f.evidence()), f.toString());
    }
  }

  static List<Finding> in(List<Finding> findings, SortedMap<String, String> unit) {
    return findings.stream().filter(f -> f.unit().equals(unit)).toList();
  }

  static SortedMap<String, String> unit(String... kv) {
    SortedMap<String, String> m = new java.util.TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
