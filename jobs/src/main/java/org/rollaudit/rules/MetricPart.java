package org.rollaudit.rules;

import java.util.Locale;

/** The parts of {@link org.rollaudit.audit.Metrics} a detector reads (declared for method.json). */
public enum MetricPart {
  COUNTY_NAMES,
  DEMOGRAPHIC,
  PRECINCTS,
  REMOVAL_REASONS,
  FIELD_CHANGES,
  TOTAL,
  HISTORY;

  /** The name in method.json, e.g. {@code removal_reasons}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
