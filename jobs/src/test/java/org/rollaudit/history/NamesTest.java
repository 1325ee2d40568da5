package org.rollaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.junit.jupiter.api.Test;

/**
 * The premise of the duplicate rule's namesake shortcut: two different names never score 1, with
 * the margin its proof states (1 - Jaro-Winkler at least 0.2 / length), checked on the closest
 * pairs there are: one letter changed, one added, or the last two swapped, behind a common prefix
 * that earns the full Winkler bonus.
 */
class NamesTest {
  private static final JaroWinklerSimilarity JW = new JaroWinklerSimilarity();

  @Test
  void differentNamesNeverScoreOne() {
    for (int n : new int[] {2, 5, 40, 1000, 4096}) {
      String base = "A".repeat(n - 2);
      String x = base + "BC";
      for (String y : new String[] {base + "CB", base + "BD", base + "BCE", base + "B"}) {
        double gap = 1 - JW.apply(x, y);
        int len = Math.max(x.length(), y.length());
        assertTrue(gap >= 0.2 / len - 1e-12, n + ": gap " + gap + " below 0.2/" + len);
        assertTrue(Names.score(x, "ANNA", y, "ANNA") < 1.0, n + ": " + y.substring(n - 2));
        assertTrue(Names.score("ANNA", x, "ANNA", y) < 1.0, n + ": first name");
      }
    }
    assertEquals(1.0, Names.score("SMITH", "ANNA", "SMITH", "ANNA"));
    assertTrue(DuplicateMatch.NAMESAKE_MAX_LENGTH <= 0.2 / 1.5e-6);
  }
}
