package org.rollaudit.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.rollaudit.audit.Version;
import org.rollaudit.rules.ErrorRates;
import org.rollaudit.spark.Sparks;

/**
 * Builds method.json's content: definitions, layouts, the settings results depend on, every rule
 * with its parameters (from the rule set) and, when the rules folder has them, the measured error
 * rates (rules/error-rates.yaml, under {@code error_rates}, which the report shows under "Error
 * rates"). Key order is fixed here; values never include paths, host names or times.
 */
final class Method {
  private Method() {}

  static LinkedHashMap<String, Object> describe(
      Map<String, Object> rules,
      Optional<ErrorRates> errorRates,
      Receipts baseline,
      Receipts current,
      String disclosure) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("schema", "rollaudit/method/v1");
    m.put("software", Version.software());
    m.put("spark_version", Version.sparkVersion());
    m.put("java_specification", System.getProperty("java.specification.version"));
    m.put("jurisdiction", jurisdiction(baseline.layoutId()));
    m.put("disclosure", disclosure);
    m.put("definitions", definitions());
    LinkedHashMap<String, Object> layouts = new LinkedHashMap<>();
    layouts.put("baseline", baseline.layoutDescription());
    layouts.put("current", current.layoutDescription());
    m.put("layouts", layouts);
    m.put("spark_settings", new LinkedHashMap<>(Sparks.forcedSettings()));
    m.put("rules", rules);
    errorRates.ifPresent(e -> m.put("error_rates", errorRates(e, rules)));
    return m;
  }

  /**
   * The measured error rates as method.json carries them: per enabled entry of this run (its digest
   * in the rules part), whether the rates were measured with exactly that entry and this software,
   * then the file's content in file order.
   */
  static LinkedHashMap<String, Object> errorRates(ErrorRates e, Map<String, Object> rules) {
    return e.forMethod(ErrorRates.runEntries(rules), Version.software());
  }

  /** The state a layout belongs to, from the id's prefix (layouts are named state-first). */
  static String jurisdiction(String layoutId) {
    if (layoutId.startsWith("nc-")) {
      return "North Carolina";
    }
    return "the jurisdiction of layout " + layoutId;
  }

  private static LinkedHashMap<String, Object> definitions() {
    LinkedHashMap<String, Object> d = new LinkedHashMap<>();
    d.put("at_risk", "voters with status A (active) or I (inactive) in the baseline snapshot");
    d.put(
        "removed",
        "at-risk voters missing from the current snapshot (reason ABSENT) or carrying status R"
            + " (removed) there");
    d.put(
        "aged_out",
        "baseline records with status R missing from the current snapshot: the publisher drops"
            + " removed records after ten years (NC), so these are not removals");
    d.put("added", "voter keys present only in the current snapshot");
    d.put(
        "reactivated",
        "voters with status R in the baseline and A, I or S in the current snapshot");
    d.put(
        "changed",
        "voters present in both whose status, reason, name, address, birth year, gender, race,"
            + " ethnicity, party, county, precinct or registration date differs (whitespace and"
            + " case differences in names and addresses do not count)");
    d.put("removal_rate", "removed / at_risk, per unit or group; computed once on the driver");
    d.put("age_band", "age at the end of the baseline year, in bands 18-24 ... 75+");
    return d;
  }
}
