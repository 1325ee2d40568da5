package org.rollaudit.rules;

import java.util.Set;
import org.rollaudit.audit.Metrics;
import org.rollaudit.history.HistoryContext;

/**
 * The seam for a new kind of anomaly (architecture.md §2): one implementation per rule type. A
 * detector reads only the parts of {@link Metrics} it declares, runs its tests, applies its own
 * multiplicity control across the tests of one rule entry, and returns findings plus a method
 * description. Detectors are stateless and deterministic: same rule and metrics, same result.
 *
 * <p>To add one: implement this interface, register it in {@link Detectors}, add its definition to
 * {@code rules/schema/rules.schema.json}, and document it in {@code rules/README.md}.
 */
public interface Detector {

  /** The rule id of interface.md §3 this detector implements, e.g. {@code mass-deletion}. */
  String type();

  /** The parts of the metrics it reads. */
  Set<MetricPart> reads();

  /**
   * Runs one rule entry.
   *
   * @return the findings and a method description with at least {@code test}, {@code test_family}
   *     and {@code m} (the number of tests run)
   */
  DetectionResult detect(Rule rule, Metrics metrics);

  /**
   * Runs one rule entry with the snapshot history at hand. Rules that need more than the pair's
   * metrics (notice-wait, reregistration-churn, ...) override this and may run Spark jobs on the
   * history; the rest ignore it.
   *
   * @param history null when the caller has no snapshots to offer (metrics-only evaluation)
   */
  default DetectionResult detect(Rule rule, Metrics metrics, HistoryContext history) {
    return detect(rule, metrics);
  }
}
