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
 * @param anyOf column name to the values it may take (e.g. reason_after in RL, RS, RM); empty for
 *     none
 * @param dates null for none; else a date column must lie in an inclusive range (e.g. removals
 *     dated inside the 90 days before an election)
 */
public record EvidenceQuery(
    List<ChangeClass> classes,
    SortedMap<String, String> equals,
    String changeKey,
    String changeValue,
    Voters voters,
    SortedMap<String, List<String>> anyOf,
    DateRange dates) {

  /** A date column (e.g. status_date_after) between {@code from} and {@code to}, both included. */
  public record DateRange(String column, java.time.LocalDate from, java.time.LocalDate to) {
    public DateRange {
      if (from.isAfter(to)) {
        throw new IllegalArgumentException(
            "Cannot build evidence date range: " + from + " is after " + to);
      }
    }
  }

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

  public EvidenceQuery(
      List<ChangeClass> classes,
      SortedMap<String, String> equals,
      String changeKey,
      String changeValue,
      Voters voters) {
    this(classes, equals, changeKey, changeValue, voters, new java.util.TreeMap<>(), null);
  }

  public EvidenceQuery {
    if (classes == null || classes.isEmpty()) {
      throw new IllegalArgumentException("Cannot build evidence query: no change class given");
    }
    classes = List.copyOf(classes);
    equals = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(equals));
    java.util.TreeMap<String, List<String>> sets = new java.util.TreeMap<>();
    anyOf.forEach((k, v) -> sets.put(k, List.copyOf(new java.util.TreeSet<>(v))));
    anyOf = java.util.Collections.unmodifiableSortedMap(sets);
  }

  public static EvidenceQuery of(List<ChangeClass> classes, Map<String, String> equals) {
    return new EvidenceQuery(classes, new java.util.TreeMap<>(equals), null, null);
  }

  /** This query restricted to the given voters (see {@link Voters}). */
  public EvidenceQuery withVoters(Voters v) {
    return new EvidenceQuery(classes, equals, changeKey, changeValue, v, anyOf, dates);
  }

  /** This query with {@code column} restricted to {@code values} as well. */
  public EvidenceQuery withAnyOf(String column, java.util.Collection<String> values) {
    SortedMap<String, List<String>> m = new java.util.TreeMap<>(anyOf);
    m.put(column, List.copyOf(values));
    return new EvidenceQuery(classes, equals, changeKey, changeValue, voters, m, dates);
  }

  /** This query with a date column restricted to an inclusive range as well. */
  public EvidenceQuery withDates(DateRange range) {
    return new EvidenceQuery(classes, equals, changeKey, changeValue, voters, anyOf, range);
  }
}
