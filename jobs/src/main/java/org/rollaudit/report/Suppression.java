package org.rollaudit.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Small-cell suppression for public tables and charts (reliability.md §7, the CMS rule).
 *
 * <p>Every table the report prints is a <em>partition</em> of a total a reader knows (the
 * jurisdiction's removals are in findings.json; a county's are in the county table), so suppression
 * always works on a partition:
 *
 * <ol>
 *   <li>Primary: a count of 1 to 10 is shown as {@code <11} ({@link Mark#SMALL}); zero is shown.
 *   <li>Complementary: if the hidden cells could be worked out from the total (exactly one hidden
 *       cell, or all hidden cells forced to 1 or to 10 by their sum), the smallest shown positive
 *       cell is hidden too ({@link Mark#COMPLEMENT}, its own marker and footnote, as it may be 11
 *       or more). Cells already published elsewhere (a finding's {@code affected}) are
 *       <em>pinned</em> and never chosen; a zero cell is the last resort.
 *   <li>A rate built on a hidden numerator or denominator is hidden as well (callers use {@link
 *       #hidesRate}).
 * </ol>
 *
 * <p>Worked example, removals by reason with total 120 known: {@code RD 70, RL 45, RQ 5} → RQ is
 * {@code <11}; alone it would be 120 − 70 − 45, so RL (the next smallest) becomes {@code †}.
 */
public final class Suppression {

  /** Counts below this and above zero are hidden in public output. */
  public static final int MIN_SHOWN = 11;

  /** The rule in words, for method.json and the report. */
  public static final String RULE =
      "public tables and charts show counts of 1 to 10 as <11; where a"
          + " known total would let a reader work out a hidden cell, the next-smallest cell of that row or"
          + " column is also hidden (marked \u2020); rates built on hidden counts are not shown; restricted"
          + " bundles show exact counts";

  /** How a cell is shown. */
  public enum Mark {
    SHOWN,
    /** 1 to 10, shown as {@code <11}. */
    SMALL,
    /** Hidden so that a SMALL cell cannot be derived from a total; shown as {@code †}. */
    COMPLEMENT;

    public boolean hidden() {
      return this != SHOWN;
    }
  }

  private Suppression() {}

  /** Marks without any suppression (restricted bundles). */
  public static List<Mark> none(int size) {
    List<Mark> marks = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      marks.add(Mark.SHOWN);
    }
    return marks;
  }

  /** Suppresses a partition of a known total, nothing pinned. */
  public static List<Mark> partition(List<Long> counts) {
    return partition(counts, new boolean[counts.size()]);
  }

  /**
   * Suppresses one partition of a known total.
   *
   * @param counts the cells, all non-negative
   * @param pinned cells already published elsewhere, never chosen as complement
   */
  public static List<Mark> partition(List<Long> counts, boolean[] pinned) {
    int n = counts.size();
    Mark[] marks = new Mark[n];
    for (int i = 0; i < n; i++) {
      long c = counts.get(i);
      marks[i] = c >= 1 && c < MIN_SHOWN && !pinned[i] ? Mark.SMALL : Mark.SHOWN;
    }
    while (derivable(counts, marks)) {
      int pick = complement(counts, marks, pinned);
      if (pick < 0) {
        break; // nothing left to hide: every other cell is pinned; callers document this case
      }
      marks[pick] = Mark.COMPLEMENT;
    }
    return List.of(marks);
  }

  /** A rate is hidden when its numerator or denominator is. */
  public static boolean hidesRate(Mark numerator, Mark denominator) {
    return numerator.hidden() || denominator.hidden();
  }

  /** The text of a count cell: the number, {@code <11} or {@code †}. */
  public static String text(long count, Mark mark) {
    return switch (mark) {
      case SHOWN -> NumberText.count(count);
      case SMALL -> "<11";
      case COMPLEMENT -> "\u2020";
    };
  }

  /**
   * Whether a reader who knows the total can recover a hidden cell exactly: one hidden cell, or
   * only SMALL cells whose sum forces every one of them to 1 or to 10.
   */
  private static boolean derivable(List<Long> counts, Mark[] marks) {
    int hidden = 0;
    int small = 0;
    long sum = 0;
    for (int i = 0; i < marks.length; i++) {
      if (marks[i].hidden()) {
        hidden++;
        sum += counts.get(i);
        if (marks[i] == Mark.SMALL) {
          small++;
        }
      }
    }
    if (small == 0) {
      return false;
    }
    if (hidden == 1) {
      return true;
    }
    return small == hidden && (sum == hidden || sum == (long) (MIN_SHOWN - 1) * hidden);
  }

  private static int complement(List<Long> counts, Mark[] marks, boolean[] pinned) {
    int best = -1;
    for (int i = 0; i < marks.length; i++) {
      if (marks[i].hidden() || pinned[i] || counts.get(i) <= 0) {
        continue;
      }
      if (best < 0 || counts.get(i) < counts.get(best)) {
        best = i;
      }
    }
    if (best >= 0) {
      return best;
    }
    for (int i = 0; i < marks.length; i++) {
      if (!marks[i].hidden() && !pinned[i]) {
        return i; // a zero cell: hiding it still breaks the subtraction
      }
    }
    return -1;
  }
}
