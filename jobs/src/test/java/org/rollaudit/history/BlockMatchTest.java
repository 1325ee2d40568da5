package org.rollaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The driver-side matching of the history matchers: blocking on null and empty keys, the threshold
 * taken inclusively, and every tie-break the Spark windows used before (a change here changes
 * bundles).
 */
class BlockMatchTest {

  /** A churn record: keys from county, birth year and the two initials. */
  private static BlockMatch.Person churn(
      String id, String county, Integer year, String last, String first, String middle) {
    return new BlockMatch.Person(
        id,
        year,
        last,
        first,
        middle,
        BlockMatch.churnKey(county, year, last),
        BlockMatch.churnKey(county, year, first));
  }

  private static BlockMatch.Person dup(String id, Integer year, String last, String k1, String k2) {
    return new BlockMatch.Person(id, year, last, "ANNA", "", k1, k2);
  }

  /** The pairs {@link BlockMatch#forEachCandidate} hands out, in order. */
  private static List<BlockMatch.Pair> candidates(
      List<BlockMatch.Person> left, List<BlockMatch.Person> right) {
    List<BlockMatch.Pair> out = new ArrayList<>();
    BlockMatch.forEachCandidate(
        left, right, (i, j, score) -> out.add(new BlockMatch.Pair(i, j, score)));
    return out;
  }

  private static List<String> ids(
      List<BlockMatch.Person> l, List<BlockMatch.Person> r, List<BlockMatch.Pair> ps) {
    List<String> out = new ArrayList<>();
    for (BlockMatch.Pair p : ps) {
      out.add(l.get(p.left()).id() + ">" + r.get(p.right()).id());
    }
    return out;
  }

  @Test
  void churnKeysNeverMatchNullCountyNullYearOrEmptyName() {
    assertNull(BlockMatch.churnKey(null, 1950, "SMITH"));
    assertNull(BlockMatch.churnKey("1", null, "SMITH"));
    assertNull(BlockMatch.churnKey("1", 1950, ""));
    assertEquals(BlockMatch.churnKey("1", 1950, "SMITH"), BlockMatch.churnKey("1", 1950, "SOSA"));
    // "1:1" + year 950 must not meet "1" + year 1950 and the like.
    assertNotEquals(BlockMatch.churnKey("1:1", 950, "S"), BlockMatch.churnKey("1", 1950, "S"));

    List<BlockMatch.Person> fresh =
        List.of(
            churn("N1", null, 1950, "SMITH", "ANNA", ""),
            churn("N2", "1", null, "SMITH", "ANNA", ""),
            churn("N3", "1", 1950, "", "", ""),
            churn("N4", "1", 1950, "", "ANNA", ""));
    List<BlockMatch.Person> pool =
        List.of(
            churn("E1", null, 1950, "SMITH", "ANNA", ""),
            churn("E2", "1", null, "SMITH", "ANNA", ""),
            churn("E3", "1", 1950, "", "", ""),
            churn("E4", "1", 1950, "SMITH", "ANNA", ""));
    // Only N4 meets E4, through the first initial; nothing else shares a key.
    assertEquals(List.of("N4>E4"), ids(fresh, pool, candidates(fresh, pool)));
  }

  @Test
  void bothPassesCountAPairOnce() {
    List<BlockMatch.Person> fresh = List.of(churn("N1", "1", 1950, "SMITH", "SARA", ""));
    List<BlockMatch.Person> pool =
        List.of(
            churn("E1", "1", 1950, "SMYTH", "SARAH", ""), // both initials: one pair
            churn("E2", "1", 1950, "SMITH", "ANNA", ""), // last initial only
            churn("E3", "1", 1950, "JONES", "SARA", ""), // first initial only
            churn("E4", "2", 1950, "SMITH", "SARA", "")); // other county
    assertEquals(List.of("N1>E1", "N1>E2", "N1>E3"), ids(fresh, pool, candidates(fresh, pool)));
  }

  @Test
  void eachLeftRecordMeetsEachRightIdOnceAndNeverItself() {
    List<BlockMatch.Person> left =
        List.of(
            churn("N1", "1", 1950, "SMITH", "SARA", ""),
            churn("N2", "1", 1950, "SMITH", "SARA", ""),
            churn("E2", "1", 1950, "SMITH", "SARA", ""));
    List<BlockMatch.Person> right =
        List.of(
            churn("E1", "1", 1950, "SMITH", "SARA", ""),
            churn("E2", "1", 1950, "SMYTH", "SARAH", ""),
            churn("E1", "1", 1950, "SMITHE", "SARA", "")); // the same id again: not paired twice
    // Every left record sees both ids once, whichever key found them first; E2 never itself.
    assertEquals(
        List.of("N1>E1", "N1>E2", "N2>E1", "N2>E2", "E2>E1"),
        ids(left, right, candidates(left, right)));
  }

  @Test
  void thresholdIsInclusiveAndMiddleInitialsMustNotContradict() {
    List<BlockMatch.Person> fresh =
        List.of(
            churn("N1", "1", 1950, "SMITH", "ANNA", ""),
            churn("N2", "1", 1951, "JONES", "ANNA", "B"));
    List<BlockMatch.Person> pool =
        List.of(
            churn("E1", "1", 1950, "SMITH", "ANNE", ""),
            churn("E2", "1", 1951, "JONES", "ANNA", "C"));
    List<BlockMatch.Pair> c = candidates(fresh, pool);
    double s = Names.score("SMITH", "ANNA", "SMITH", "ANNE");
    assertEquals(List.of("N1>E1"), ids(fresh, pool, BlockMatch.returns(fresh, pool, c, s, true)));
    assertEquals(List.of(), ids(fresh, pool, BlockMatch.returns(fresh, pool, c, s + 1e-6, true)));
    // N2/E2 score 1 but their middle initials differ: a match only when that is not required.
    assertEquals(
        List.of("N1>E1", "N2>E2"), ids(fresh, pool, BlockMatch.returns(fresh, pool, c, s, false)));
  }

  @Test
  void eachNewRecordKeepsItsBestAndEachRemovedVoterReturnsOnce() {
    List<BlockMatch.Person> fresh =
        List.of(
            churn("N9", "1", 1950, "SMITH", "ANNA", ""), // exact match of E5 and E2
            churn("N1", "1", 1950, "SMITH", "ANNA", ""), // the same: E2 again, and N1 < N9
            churn("N5", "1", 1950, "SMITH", "ANNE", ""), // best E7 (ANNE), E7 only claimed once
            churn("N3", "1", 1950, "SMYTH", "ANNE", "")); // E7 too, lower score: loses it
    List<BlockMatch.Person> pool =
        List.of(
            churn("E5", "1", 1950, "SMITH", "ANNA", ""),
            churn("E2", "1", 1950, "SMITH", "ANNA", ""),
            churn("E7", "1", 1950, "SMITH", "ANNE", ""));
    List<BlockMatch.Pair> c = candidates(fresh, pool);
    assertEquals(12, c.size());
    // N9 and N1 both pick E2 (score 1, E2 < E5); E2 returns as N1 (N1 < N9), N9 gets nothing.
    // N5 picks E7 (score 1); N3 picks E7 too (its best, SMYTH/ANNE) and loses it to N5.
    assertEquals(
        List.of("N1>E2", "N5>E7"), ids(fresh, pool, BlockMatch.returns(fresh, pool, c, 0.8, true)));
  }

  @Test
  void bestSurvivorBreaksTiesOnYearThenGapThenId() {
    List<BlockMatch.Person> removed =
        List.of(
            dup("R1", 1950, "SMITH", "S530:A", null), // equal scores: same year wins
            dup("R2", 1950, "SMITH", "S530:A", "A500:S"), // second key too: T1 scores lower
            dup("R3", null, "SMITH", "S530:A", null), // unknown year: all differ, smallest id
            dup("R4", 1950, "SMITH", null, null), // no key: no survivor
            dup("R5", 1949, "SMITH", "S530:A", null)); // never itself (R5 < S1)
    List<BlockMatch.Person> right =
        List.of(
            dup("S9", 1950, "SMITH", "S530:A", null),
            dup("S1", 1949, "SMITH", "S530:A", null),
            dup("S0", null, "SMITH", "S530:A", null),
            dup("R5", 1949, "SMITH", "S530:A", null),
            dup("T1", 1960, "SMYTH", "X", "A500:S"));
    BlockMatch.Pair[] best = BlockMatch.bestSurvivors(removed, right, new boolean[right.size()]);
    assertEquals("S9", right.get(best[0].right()).id());
    assertEquals("S9", right.get(best[1].right()).id());
    assertEquals(1.0, best[1].score());
    assertEquals("R5", right.get(best[2].right()).id());
    assertNull(best[3]);
    assertEquals("S1", right.get(best[4].right()).id());

    // Without the same year: the nearest year, then the smaller id among equal gaps.
    List<BlockMatch.Person> r2 =
        List.of(
            dup("S9", 1952, "SMITH", "S530:A", null),
            dup("S5", 1948, "SMITH", "S530:A", null),
            dup("S1", 1947, "SMITH", "S530:A", null),
            dup("S0", null, "SMITH", "S530:A", null));
    BlockMatch.Pair[] b2 = BlockMatch.bestSurvivors(removed, r2, new boolean[r2.size()]);
    assertEquals("S5", r2.get(b2[0].right()).id());
    // A better name score beats the same birth year.
    List<BlockMatch.Person> r3 =
        List.of(
            dup("S1", 1950, "SMYTHE", "S530:A", null), dup("S2", 1970, "SMITH", "S530:A", null));
    BlockMatch.Pair[] b3 = BlockMatch.bestSurvivors(removed, r3, new boolean[r3.size()]);
    assertEquals("S2", r3.get(b3[0].right()).id());

    // A record registered in the interval beats an older namesake of the same birth year, but
    // not a better name score.
    List<BlockMatch.Person> r4 =
        List.of(
            dup("S1", 1950, "SMITH", "S530:A", null),
            dup("S8", 1952, "SMITH", "S530:A", null),
            dup("S9", 1950, "SMYTHE", "S530:A", null));
    boolean[] fresh = {false, true, true};
    BlockMatch.Pair[] b4 = BlockMatch.bestSurvivors(removed, r4, fresh);
    assertEquals("S8", r4.get(b4[0].right()).id());
    BlockMatch.Pair[] b5 = BlockMatch.bestSurvivors(removed, r4, new boolean[r4.size()]);
    assertEquals("S1", r4.get(b5[0].right()).id());
  }

  @Test
  void scoresKeptPerDistinctNameAreThoseOfEachPair() {
    // One block, names repeating on the right, and several left records in a row: a similarity
    // kept for one left record and reused for the next would show here.
    String[] lasts = {"SMITH", "SMYTH", "SMITHE", "SMITH", "SMIT", "SMYTH", "SMITH"};
    String[] firsts = {"ANNA", "ANNE", "ANNA", "JOHN", "ANNA", "ANNE", "ANNIE"};
    List<BlockMatch.Person> right = new ArrayList<>();
    for (int j = 0; j < 21; j++) {
      right.add(
          new BlockMatch.Person(
              "S" + j, 1950, lasts[j % lasts.length], firsts[j % 3 + 2 * (j % 2)], "", "K", null));
    }
    List<BlockMatch.Person> left =
        List.of(
            new BlockMatch.Person("R1", 1950, "SMITH", "ANNA", "", "K", null),
            new BlockMatch.Person("R2", 1950, "SMYTHE", "JOHN", "", "K", null),
            new BlockMatch.Person("R3", 1950, "SMITH", "ANNE", "", "K", null));
    List<BlockMatch.Pair> c = candidates(left, right);
    assertEquals(left.size() * right.size(), c.size());
    for (BlockMatch.Pair p : c) {
      BlockMatch.Person l = left.get(p.left());
      BlockMatch.Person r = right.get(p.right());
      assertEquals(Names.score(l.last(), l.first(), r.last(), r.first()), p.score(), 0.0);
    }
    assertEquals(
        c.size(),
        BlockMatch.forEachCandidate(left, right, (i, j, score) -> {}),
        "pairs counted as handed out");
  }
}
