package org.rollaudit.audit;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Which voters of the change set stand behind a finding: a conjunction of conditions on change-set
 * columns (see {@code org.rollaudit.compare.ChangeSetSchema}). The compare step turns it into a
 * Spark filter, so detectors never touch Spark.
 *
 * @param classes the change classes to keep (e.g. REMOVED), never empty
 * @param equals column name to required value (e.g. county_id=41, race=B, reason_after=RC); a null
 *     value means the column must be null
 * @param changeKey with {@code changeValue}: the {@code changes} map entry that must match (e.g.
 *     birth_year -> "+1"); null for none. A changeValue of "*" matches any change of that field.
 * @param changeValue see changeKey
 */
public record EvidenceQuery(
    List<ChangeClass> classes,
    SortedMap<String, String> equals,
    String changeKey,
    String changeValue) {

  public EvidenceQuery {
    if (classes == null || classes.isEmpty()) {
      throw new IllegalArgumentException("Cannot build evidence query: no change class given");
    }
    classes = List.copyOf(classes);
    equals = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(equals));
  }

  public static EvidenceQuery of(List<ChangeClass> classes, Map<String, String> equals) {
    return new EvidenceQuery(classes, new java.util.TreeMap<>(equals), null, null);
  }
}
