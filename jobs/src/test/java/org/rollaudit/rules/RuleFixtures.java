package org.rollaudit.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.rollaudit.audit.Metrics;

/** The shipped rule entries, optionally with one parameter changed, run on synthetic metrics. */
final class RuleFixtures {
  private static RuleSet shipped;

  private RuleFixtures() {}

  static synchronized RuleSet shipped() {
    if (shipped == null) {
      shipped = RuleSet.load(Path.of("..", "rules"));
    }
    return shipped;
  }

  static Rule rule(String name) {
    return shipped().rules().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  /** A copy of the rule with entry[key] (a dotted path) replaced. */
  static Rule with(Rule r, String path, JsonNode value) {
    ObjectNode e = r.entry().deepCopy();
    String[] keys = path.split("\\.");
    ObjectNode o = e;
    for (int i = 0; i < keys.length - 1; i++) {
      o = (ObjectNode) o.get(keys[i]);
    }
    o.set(keys[keys.length - 1], value);
    return new Rule(r.name(), r.type(), r.file(), r.line(), r.enabled(), e, r.calendar());
  }

  static DetectionResult run(Rule r, Metrics m) {
    return Detectors.of(r.type()).detect(r, m);
  }
}
