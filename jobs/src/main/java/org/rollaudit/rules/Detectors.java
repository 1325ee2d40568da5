package org.rollaudit.rules;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The registry of rule types: implemented detectors, and the ids reserved for later ones. */
public final class Detectors {
  private static final SortedMap<String, Detector> ALL = new TreeMap<>();

  static {
    for (Detector d :
        List.of(
            new MassDeletionDetector(),
            new RemovalSkewDetector(),
            new BulkFieldChangeDetector(),
            new SameDayBatchDetector())) {
      ALL.put(d.type(), d);
    }
    // legal-timing rules (issue 8)
    for (Detector d : List.of(new QuietPeriodDetector(), new NoticeWaitDetector())) {
      ALL.put(d.type(), d);
    }
    // Rules over history: record matching across snapshots (issue 8).
    for (Detector d :
        List.of(new ReregistrationChurnDetector(), new DuplicateMatchRemovalDetector())) {
      ALL.put(d.type(), d);
    }
  }

  /** Rule ids of interface.md §3 that have no detector yet (none since issue 8). */
  public static final List<String> PLANNED = List.of();

  private Detectors() {}

  /** Implemented rule types, by id. */
  public static SortedMap<String, Detector> all() {
    return java.util.Collections.unmodifiableSortedMap(ALL);
  }

  /** The detector of a rule type, or null. */
  public static Detector of(String type) {
    return ALL.get(type);
  }
}
