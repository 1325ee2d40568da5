package org.rollaudit.audit;

import java.util.Locale;

/** Finding severity, ordered from most to least severe (findings.json sorts high first). */
public enum Severity {
  HIGH,
  MEDIUM,
  LOW;

  /** The lower-case word used in findings.json and on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
