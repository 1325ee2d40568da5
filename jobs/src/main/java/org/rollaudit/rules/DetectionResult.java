package org.rollaudit.rules;

import java.util.LinkedHashMap;
import java.util.List;
import org.rollaudit.audit.Finding;

/**
 * What the detectors found, and how: the findings (sorted by severity, rule, unit, group) and the
 * method description for method.json and the report (every enabled rule with all parameters, the
 * test, the test family and m, the number of tests actually run).
 */
public record DetectionResult(List<Finding> findings, LinkedHashMap<String, Object> method) {
  public DetectionResult {
    findings = List.copyOf(findings);
  }
}
