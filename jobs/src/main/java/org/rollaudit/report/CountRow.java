package org.rollaudit.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.rollaudit.report.Suppression.Mark;

/** One bar of a count chart or row of a count table, already suppressed. */
record CountRow(String key, String label, long count, Mark mark, boolean highlighted) {

  String countText() {
    return Suppression.text(count, mark);
  }

  /** Rows of one partition of a known total, suppressed as one partition when asked. */
  static List<CountRow> of(
      Map<String, Long> cells,
      Function<String, String> label,
      Set<String> highlight,
      boolean suppress) {
    return of(cells, label, highlight, Set.of(), suppress);
  }

  /**
   * As above; {@code pinned} cells are public elsewhere (a finding's affected count), so they are
   * never hidden as a complement: hiding them would not protect the small cells.
   */
  static List<CountRow> of(
      Map<String, Long> cells,
      Function<String, String> label,
      Set<String> highlight,
      Set<String> pinned,
      boolean suppress) {
    List<String> keys = new ArrayList<>(cells.keySet());
    List<Long> counts = new ArrayList<>(cells.values());
    boolean[] pin = new boolean[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      pin[i] = pinned.contains(keys.get(i));
    }
    List<Mark> marks =
        suppress ? Suppression.partition(counts, pin) : Suppression.none(keys.size());
    List<CountRow> rows = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      rows.add(
          new CountRow(
              keys.get(i),
              label.apply(keys.get(i)),
              counts.get(i),
              marks.get(i),
              highlight.contains(keys.get(i))));
    }
    return rows;
  }
}
