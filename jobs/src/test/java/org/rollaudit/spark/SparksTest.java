package org.rollaudit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Defaults that depend on where Spark runs. */
class SparksTest {
  @Test
  void adaptiveExecutionIsOffOnOneMachineAndOnForAClusterByDefault() {
    assertFalse(Sparks.adaptiveByDefault("local"));
    assertFalse(Sparks.adaptiveByDefault("local[2]"));
    assertFalse(Sparks.adaptiveByDefault("local[2,4]"));
    assertTrue(Sparks.adaptiveByDefault("spark://127.0.0.1:7077"));
    assertTrue(Sparks.adaptiveByDefault("yarn"));
    assertTrue(Sparks.adaptiveByDefault("k8s://https://host:6443"));
  }

  @Test
  void theLocalSessionHasAdaptiveExecutionOff() {
    // The test session is built as bin/rollaudit's is, with a local master.
    assertEquals("false", TestSpark.session().conf().get("spark.sql.adaptive.enabled"));
  }
}
