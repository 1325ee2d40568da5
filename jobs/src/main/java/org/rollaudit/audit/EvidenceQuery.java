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
 * @param voters null for none; else only these voters (rules over several snapshots, which find
 *     their voters with their own Spark jobs), with extra columns for the evidence file
 */
public record EvidenceQuery(
    List<ChangeClass> classes,
    SortedMap<String, String> equals,
    String changeKey,
    String changeValue,
    Voters voters) {

  /**
   * An explicit voter list: {@code notes} maps each voter_id to its values of {@code columns}
   * (appended to the evidence file after the standard columns; blanked for confidential voters).
   */
  public record Voters(List<String> columns, SortedMap<String, List<String>> notes) {
    public Voters {
      columns = List.copyOf(columns);
      notes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(notes));
      for (Map.Entry<String, List<String>> e : notes.entrySet()) {
        if (e.getValue().size() != columns.size()) {
          throw new IllegalArgumentException(
              "Cannot build evidence voters: voter "
                  + e.getKey()
                  + " has "
                  + e.getValue().size()
                  + " note value(s) for "
                  + columns.size()
                  + " column(s)");
        }
      }
    }
  }

  public EvidenceQuery(
      List<ChangeClass> classes,
      SortedMap<String, String> equals,
      String changeKey,
      String changeValue) {
    this(classes, equals, changeKey, changeValue, null);
  }

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

  /** This query restricted to the given voters (see {@link Voters}). */
  public EvidenceQuery withVoters(Voters v) {
    return new EvidenceQuery(classes, equals, changeKey, changeValue, v);
  }
}
