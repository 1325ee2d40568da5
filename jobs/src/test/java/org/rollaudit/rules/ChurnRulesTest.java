package org.rollaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.Finding;
import org.rollaudit.history.ChurnMatch;
import org.rollaudit.history.DuplicateMatch;
import org.rollaudit.history.NamedSnapshot;
import org.rollaudit.history.NamedSnapshot.Audit;
import org.rollaudit.history.Names;

/**
 * Scenarios of reregistration-churn and duplicate-match-removal on hand-made stores: must fire,
 * must not fire, and the boundaries (a score exactly at the threshold, a county one return short of
 * min_affected).
 */
class ChurnRulesTest {
  static final LocalDate B = LocalDate.of(2024, 1, 6);
  static final LocalDate C = LocalDate.of(2024, 2, 3);
  static final int COUNTIES = 12;
  static final int POOL = 40;

  @TempDir Path tmp;

  /**
   * 12 counties, each with POOL removed (R/RL) voters of distinct birth years and 10 active ones.
   * Every county but 1 sees one same-key return; county 1 sees {@code returns} new registrations of
   * its removed voters under new ids, with a typo when {@code typo} holds for the index.
   */
  private Audit churn(int returns, IntPredicate typo) {
    Path root = tmp.resolve("churn-" + returns);
    NamedSnapshot b = new NamedSnapshot();
    NamedSnapshot c = new NamedSnapshot();
    for (int k = 1; k <= COUNTIES; k++) {
      String county = Integer.toString(k);
      for (int j = 0; j < POOL; j++) {
        String id = "R" + k + "_" + j;
        String last = NamedSnapshot.name(k * 50 + j);
        b.voter(id, county, "R", "RL", 1930 + j, last, "ANNA", "MAE");
        boolean back = k > 1 && j == 0;
        c.voter(id, county, back ? "A" : "R", back ? "AV" : "RL", 1930 + j, last, "ANNA", "MAE");
      }
      for (int j = 0; j < 10; j++) {
        String id = "A" + k + "_" + j;
        b.voter(id, county, "A", "AV", 1980 + j, "ZED", "OTTO", null);
        c.voter(id, county, "A", "AV", 1980 + j, "ZED", "OTTO", null);
      }
    }
    for (int j = 0; j < returns; j++) {
      String last = NamedSnapshot.name(50 + j);
      if (typo.test(j)) {
        last = last.substring(0, 4) + last.substring(5); // one letter dropped
      }
      c.voter("N1_" + j, "1", "A", "AN", 1930 + j, last, "ANNA", j % 2 == 0 ? "MAE" : null);
    }
    return NamedSnapshot.audit(List.of(b.store(root, B), c.store(root, C)));
  }

  private static DetectionResult run(Rule r, Audit a) {
    return Detectors.of(r.type()).detect(r, a.metrics(), a.history());
  }

  @Test
  void churnFiresOnACountyWhoseRemovedVotersComeBack() {
    Audit a = churn(25, j -> j % 3 == 0);
    DetectionResult r = run(RuleFixtures.rule("reregistration-churn-county"), a);
    assertEquals(1, r.findings().size(), r.method().toString());
    Finding f = r.findings().get(0);
    assertEquals(Map.of("county_id", "1"), f.unit());
    assertEquals(25, f.affected());
    var notes = f.evidence().voters().notes();
    assertEquals(25, notes.size());
    // a typo'd return still points at the removed record, with its score below 1
    assertEquals("R1_0", notes.get("N1_0").get(0));
    assertEquals(B.toString(), notes.get("N1_0").get(1));
    assertTrue(Double.parseDouble(notes.get("N1_0").get(2)) < 1.0);
    assertEquals("1.0000", notes.get("N1_1").get(2));
    assertEquals(COUNTIES, ((Number) r.method().get("m")).intValue());
  }

  @Test
  void churnStaysQuietWhenReturnsAreOrdinary() {
    Audit a = churn(1, j -> false);
    DetectionResult r = run(RuleFixtures.rule("reregistration-churn-county"), a);
    assertEquals(List.of(), r.findings());
    assertEquals(12, ((Number) r.method().get("returns")).intValue());
  }

  @Test
  void churnNeedsMinAffectedReturns() {
    Rule rule = RuleFixtures.rule("reregistration-churn-county");
    long min = rule.integer("min_affected");
    Audit below = churn((int) min - 1, j -> false);
    assertEquals(List.of(), run(rule, below).findings());
    Audit at = churn((int) min, j -> false);
    List<Finding> fired = run(rule, at).findings();
    assertEquals(1, fired.size());
    assertEquals(min, fired.get(0).affected());
  }

  @Test
  void churnMatchesAScoreExactlyAtTheThreshold() {
    Audit a = churn(1, j -> true);
    String typo = NamedSnapshot.name(50).substring(0, 4) + NamedSnapshot.name(50).substring(5);
    double score =
        Names.score(Names.normalise(NamedSnapshot.name(50)), "ANNA", Names.normalise(typo), "ANNA");
    assertTrue(score < 1.0);
    List<ChurnMatch.Match> at =
        ChurnMatch.run(a.history(), new ChurnMatch.Params(score, true, List.of("RD"))).matches();
    assertTrue(at.stream().anyMatch(m -> m.voterId().equals("N1_0")), at.toString());
    List<ChurnMatch.Match> above =
        ChurnMatch.run(a.history(), new ChurnMatch.Params(score + 1e-6, true, List.of("RD")))
            .matches();
    assertFalse(above.stream().anyMatch(m -> m.voterId().equals("N1_0")), above.toString());
  }

  @Test
  void churnKeepsTheVoterWhoVanishedInAnEarlierPairAndReadsThemBack() throws java.io.IOException {
    // County 1: ten voters active on A vanish by B and register again under new ids by C; every
    // county keeps ten voters throughout.
    LocalDate a0 = B.minusDays(28);
    Path root = tmp.resolve("vanished");
    NamedSnapshot s0 = new NamedSnapshot();
    NamedSnapshot s1 = new NamedSnapshot();
    NamedSnapshot s2 = new NamedSnapshot();
    for (int k = 1; k <= COUNTIES; k++) {
      for (int j = 0; j < 10; j++) {
        String id = "A" + k + "_" + j;
        for (NamedSnapshot s : List.of(s0, s1, s2)) {
          s.voter(id, Integer.toString(k), "A", "AV", 1980 + j, "ZED", "OTTO", null);
        }
      }
    }
    for (int j = 0; j < 10; j++) {
      String last = NamedSnapshot.name(50 + j);
      s0.voter("V1_" + j, "1", "A", "AV", 1930 + j, last, "ANNA", "MAE");
      s2.voter("N1_" + j, "1", "A", "AN", 1930 + j, last, "ANNA", "MAE");
    }
    Audit a =
        NamedSnapshot.audit(List.of(s0.store(root, a0), s1.store(root, B), s2.store(root, C)));
    ChurnMatch.Params p = new ChurnMatch.Params(0.9, true, List.of("RD"));
    ChurnMatch.Result computed = ChurnMatch.run(a.history(), p);
    assertEquals(10, computed.matches().size(), computed.matches().toString());
    assertTrue(computed.matches().stream().allMatch(m -> m.earlierVoterId().startsWith("V1_")));
    Path build;
    try (var builds = java.nio.file.Files.list(root.resolve("metrics"))) {
      build = builds.filter(f -> f.getFileName().toString().startsWith("b-")).findFirst().get();
    }
    Path pair = build.resolve(a0 + "_" + B);
    Path kept;
    try (var files = java.nio.file.Files.list(pair)) {
      List<Path> found =
          files.filter(f -> f.getFileName().toString().startsWith("churn-vanished-")).toList();
      assertEquals(1, found.size(), "the earlier pair's vanished voters are kept");
      kept = found.get(0);
    }
    try (var files = java.nio.file.Files.list(pair)) {
      assertEquals(
          1,
          files.filter(f -> f.getFileName().toString().startsWith("churn-removed-")).count(),
          "and the dates the baseline's removed voters were first shown as removed");
    }
    assertEquals(computed, ChurnMatch.run(a.history(), p), "read back: the same result");

    // The kept table is what the next run reads: without one voter in it, one return less.
    Path edited = tmp.resolve("edited");
    org.apache.spark.sql.SparkSession.active()
        .read()
        .parquet(kept.toString())
        .filter("voter_id <> 'V1_0'")
        .write()
        .parquet(edited.toString());
    java.nio.file.Files.move(kept, tmp.resolve("original"));
    java.nio.file.Files.move(edited, kept);
    assertEquals(9, ChurnMatch.run(a.history(), p).matches().size());
  }

  /**
   * 12 counties of 220 active voters; in county 1, {@code removed} voters are removed as R2 while a
   * new record with the same names and a birth year {@code shift} apart appears. Every other county
   * removes one voter as R2 whose exact duplicate survives.
   */
  private Audit duplicates(int removed, int shift, String survivorFirst) {
    Path root = tmp.resolve("dup-" + removed + "-" + shift);
    NamedSnapshot b = new NamedSnapshot();
    NamedSnapshot c = new NamedSnapshot();
    for (int k = 1; k <= COUNTIES; k++) {
      String county = Integer.toString(k);
      String first =
          List.of(
                  "ANNA", "BORIS", "CARLA", "DMITRI", "ELENA", "FARID", "GRETA", "HUGO", "IRINA",
                  "JONAS", "KLARA", "LEON")
              .get(k - 1);
      for (int j = 0; j < 220; j++) {
        String id = "A" + k + "_" + j;
        String last = NamedSnapshot.name(j);
        int year = 1940 + (j % 50);
        b.voter(id, county, "A", "AV", year, last, first, null);
        boolean gone = k == 1 ? j < removed : j == 0;
        c.voter(id, county, gone ? "R" : "A", gone ? "R2" : "AV", year, last, first, null);
        if (gone) {
          String f = k == 1 ? survivorFirst : first;
          c.voter("S" + k + "_" + j, county, "A", "AV", year + (k == 1 ? shift : 0), last, f, null);
        }
      }
    }
    return NamedSnapshot.audit(List.of(b.store(root, B), c.store(root, C)));
  }

  @Test
  void duplicateFiresWhenSurvivorsDifferInBirthYear() {
    Audit a = duplicates(15, 2, "ANNA");
    DetectionResult r = run(RuleFixtures.rule("duplicate-match-removal-county"), a);
    assertEquals(1, r.findings().size(), r.method().toString());
    Finding f = r.findings().get(0);
    assertEquals(Map.of("county_id", "1"), f.unit());
    assertEquals(15, f.affected());
    List<String> note = f.evidence().voters().notes().get("A1_3");
    assertEquals(List.of("S1_3", "birth_year", "1.0000"), note);
  }

  @Test
  void duplicateStaysQuietWhenSurvivorsAgree() {
    Audit a = duplicates(15, 0, "ANNA");
    DetectionResult r = run(RuleFixtures.rule("duplicate-match-removal-county"), a);
    assertEquals(List.of(), r.findings());
    assertEquals(26, ((Number) r.method().get("duplicate_removals")).intValue());
    assertEquals(0, ((Number) r.method().get("mismatched")).intValue());
  }

  @Test
  void duplicateNameScoreExactlyAtTheThresholdIsNoDifference() {
    Audit a = duplicates(1, 0, "ANNE");
    double score = Names.score("x", "ANNA", "x", "ANNE");
    List<DuplicateMatch.Pair> at = DuplicateMatch.run(a.history(), List.of("R2"), score);
    DuplicateMatch.Pair p =
        at.stream().filter(x -> x.voterId().equals("A1_0")).findFirst().orElseThrow();
    assertEquals("S1_0", p.survivorId());
    assertEquals(List.of(), p.differing());
    List<DuplicateMatch.Pair> above = DuplicateMatch.run(a.history(), List.of("R2"), score + 1e-6);
    DuplicateMatch.Pair q =
        above.stream().filter(x -> x.voterId().equals("A1_0")).findFirst().orElseThrow();
    assertEquals(List.of("name"), q.differing());
  }

  @Test
  void duplicateSurvivorFoundThroughTheFirstNameKeyAlone() {
    // JOHNSON and JOHNSTON have different Soundex codes (J525, J523): only the second blocking
    // key (Soundex of ANNA with the last initial J) brings the survivor to the removed record.
    Path root = tmp.resolve("dup-second-key");
    NamedSnapshot b = new NamedSnapshot();
    NamedSnapshot c = new NamedSnapshot();
    removedDuplicate(b, c, "R1", 1950, "JOHNSON", "ANNA");
    b.voter("X1", "2", "A", "AV", 1950, "PETERSON", "BORIS", null);
    c.voter("X1", "2", "A", "AV", 1950, "PETERSON", "BORIS", null);
    c.voter("S1", "2", "A", "AV", 1951, "JOHNSTON", "ANNA", null);
    Audit a = NamedSnapshot.audit(List.of(b.store(root, B), c.store(root, C)));
    List<DuplicateMatch.Pair> pairs = DuplicateMatch.run(a.history(), List.of("R2"), 0.5);
    assertEquals(1, pairs.size(), pairs.toString());
    assertEquals("R1", pairs.get(0).voterId());
    assertEquals("S1", pairs.get(0).survivorId());
    assertEquals(List.of("birth_year"), pairs.get(0).differing());
  }

  @Test
  void duplicateBestSurvivorAmongNamesakes() {
    // Survivors sharing a name differ only in freshness, birth year and id: the one registered in
    // the interval wins over an older namesake, then the same birth year, then the smallest id.
    Path root = tmp.resolve("dup-namesakes");
    NamedSnapshot b = new NamedSnapshot();
    NamedSnapshot c = new NamedSnapshot();
    removedDuplicate(b, c, "R1", 1950, "SMITH", "ANNA");
    removedDuplicate(b, c, "R2", 1960, "SMITH", "BERTA");
    removedDuplicate(b, c, "R3", 1970, "SMITH", "CARLA");
    c.voter("S1", "2", "A", "AV", 1950, "SMITH", "ANNA", null);
    c.voter("S2", "2", "A", "AV", 1950, "SMITH", "ANNA", null, "2024-01-20");
    c.voter("T1", "2", "A", "AV", 1961, "SMITH", "BERTA", null);
    c.voter("T2", "2", "A", "AV", 1960, "SMITH", "BERTA", null);
    c.voter("U3", "2", "A", "AV", 1970, "SMITH", "CARLA", null);
    c.voter("U2", "2", "A", "AV", 1970, "SMITH", "CARLA", null);
    Audit a = NamedSnapshot.audit(List.of(b.store(root, B), c.store(root, C)));
    List<DuplicateMatch.Pair> pairs = DuplicateMatch.run(a.history(), List.of("R2"), 0.5);
    assertEquals(
        List.of("R1>S2", "R2>T2", "R3>U2"),
        pairs.stream().map(p -> p.voterId() + ">" + p.survivorId()).toList());
  }

  @Test
  void duplicateNamesakeBeatsABetterPlacedNearName() {
    // R1 has a survivor of its very names (S1, another birth year) and a near name (SMYTH) that is
    // fresh and of the same year: only identical names score 1, so S1 wins. R2 has no namesake and
    // is matched through its blocks (JOHNSTON).
    Path root = tmp.resolve("dup-namesake-first");
    NamedSnapshot b = new NamedSnapshot();
    NamedSnapshot c = new NamedSnapshot();
    removedDuplicate(b, c, "R1", 1950, "SMITH", "ANNA");
    removedDuplicate(b, c, "R2", 1960, "JOHNSON", "BERTA");
    c.voter("S1", "2", "A", "AV", 1970, "SMITH", "ANNA", null);
    c.voter("S2", "2", "A", "AV", 1950, "SMYTH", "ANNA", null, "2024-01-20");
    c.voter("S3", "2", "A", "AV", 1960, "JOHNSTON", "BERTA", null);
    // No first name: no blocking key, so no survivor, even one with the same (missing) names.
    removedDuplicate(b, c, "R3", 1980, "DOE", null);
    c.voter("S4", "2", "A", "AV", 1980, "DOE", null, null);
    Audit a = NamedSnapshot.audit(List.of(b.store(root, B), c.store(root, C)));
    List<DuplicateMatch.Pair> pairs = DuplicateMatch.run(a.history(), List.of("R2"), 0.9);
    assertEquals(
        List.of("R1>S1 [birth_year]", "R2>S3 []", "R3>null [no_surviving_match]"),
        pairs.stream().map(p -> p.voterId() + ">" + p.survivorId() + " " + p.differing()).toList());
  }

  /** A voter of county 1, active at the baseline and removed as a duplicate (R2) at current. */
  private static void removedDuplicate(
      NamedSnapshot b, NamedSnapshot c, String id, int year, String last, String first) {
    b.voter(id, "1", "A", "AV", year, last, first, null);
    c.voter(id, "1", "R", "R2", year, last, first, null);
  }
}
