package org.rollaudit.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.EvidenceQuery;
import org.rollaudit.audit.EvidenceTable;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.SnapshotInfo;
import org.rollaudit.store.StoredSnapshot;

class ChangeSetTest {
  static final LocalDate A = LocalDate.of(2024, 1, 6);
  static final LocalDate B = LocalDate.of(2024, 2, 3);
  @TempDir static Path dir;
  static StoredSnapshot base;
  static StoredSnapshot cur;

  @BeforeAll
  static void stores() {
    Path root = dir.resolve("store");
    base =
        new SnapshotFixtures()
            .voter("AA1", "1", "A", "AV", "W", "DEM", 1970, 1)
            .voter("AA2", "1", "A", "AV", "B", "DEM", 1950, 2)
            .voter("AA3", "1", "I", "IN", "B", "REP", 1980, 3)
            .voter("AA4", "2", "R", "RD", "W", "REP", 1930, 4)
            .voter("AA6", "2", "R", "RL", "W", "UNA", 1990, 6)
            .voter("AA7", "2", "A", "AV", "W", "UNA", 1990, 7)
            .voter("AA8", "10", "D", "DI", "W", "UNA", 2000, 8)
            .voter("AA9", "10", "A", "AV", "W", "UNA", 1985, 9)
            .confidential("CC1", "10", "A")
            .store(root, A);
    cur =
        new SnapshotFixtures()
            .voter("AA1", "1", "A", "AV", "W", "REP", 1970, 1)
            .voter("AA2", "1", "R", "RD", "B", "DEM", 1950, 2)
            .voter("AA5", "1", "A", "AN", "W", "DEM", 2004, 5)
            .voter("AA6", "2", "A", "AV", "W", "UNA", 1990, 6)
            .voter("AA7", "2", "A", "AV", "W", "UNA", 1991, 7)
            .voter("AA9", "10", "A", "AV", "W", "UNA", 1985, 9)
            .store(root, B);
  }

  private static Dataset<Row> changeSet() {
    return ChangeSet.build(base.data(), cur.data(), A);
  }

  @Test
  void everyVoterGetsExactlyOneClass() {
    Map<String, String> got = new HashMap<>();
    for (Row r : changeSet().select("voter_id", "change_class").collectAsList()) {
      assertEquals(null, got.put(r.getString(0), r.getString(1)), "duplicate key " + r);
    }
    Map<String, String> want = new HashMap<>();
    want.put("AA1", "CHANGED");
    want.put("AA2", "REMOVED");
    want.put("AA3", "REMOVED");
    want.put("AA4", "AGED_OUT");
    want.put("AA5", "ADDED");
    want.put("AA6", "REACTIVATED");
    want.put("AA7", "CHANGED");
    want.put("AA8", "OTHER_ABSENT");
    want.put("AA9", "UNCHANGED");
    want.put("CC1", "REMOVED");
    assertEquals(want, got);
  }

  @Test
  void changesMapNamesTheTransformation() {
    Row r = changeSet().filter("voter_id = 'AA1'").select("changes").first();
    assertEquals(Map.of("party", "DEM>REP"), ChangeSet.parseChanges(r.getString(0)));
    Row by = changeSet().filter("voter_id = 'AA7'").select("changes").first();
    assertEquals(Map.of("birth_year", "+1"), ChangeSet.parseChanges(by.getString(0)));
    Row gone = changeSet().filter("voter_id = 'AA3'").select("reason_after", "race").first();
    assertEquals("ABSENT", gone.getString(0));
    assertEquals("B", gone.getString(1), "a removed voter keeps baseline demographics");
  }

  @Test
  void joinOfTwoStoredSnapshotsNeedsNoShuffle() {
    String plan = changeSet().queryExecution().executedPlan().toString();
    assertFalse(plan.contains("Exchange"), "bucketed join must not shuffle:\n" + plan);
    assertTrue(plan.contains("SortMergeJoin"), plan);
  }

  @Test
  void metricsReconcileWithTheLedgerEquations() {
    Dataset<Row> cs = changeSet().cache();
    Metrics m =
        MetricsJob.compute(
            cs, new SnapshotInfo(A, 9, "t", "t"), new SnapshotInfo(B, 6, "t", "t"), List.of());
    Counts t = m.total();
    assertEquals(9, t.baselineTotal());
    assertEquals(6, t.currentTotal());
    // |A| = unchanged + changed + reactivated + removed + aged_out + other_absent
    assertEquals(
        t.baselineTotal(),
        t.unchanged()
            + t.changed()
            + t.reactivated()
            + t.removed()
            + t.agedOut()
            + t.otherAbsent());
    // |B| = unchanged + changed + reactivated + removed_present + added
    assertEquals(
        t.currentTotal(),
        t.unchanged() + t.changed() + t.reactivated() + t.removedPresent() + t.added());
    assertEquals(3, t.removed());
    assertEquals(6, t.atRisk());
    assertEquals(
        List.of("1", "2", "10"), List.copyOf(m.countyNames().keySet()), "numeric unit order");
    long birthShift =
        m.fieldChanges().stream()
            .filter(f -> f.field().equals("birth_year") && f.transformation().equals("+1"))
            .mapToLong(Metrics.FieldChangeCell::voters)
            .sum();
    assertEquals(1, birthShift);
    cs.unpersist();
  }

  @Test
  void evidenceSelectsByFieldChange() {
    EvidenceQuery q =
        new EvidenceQuery(
            List.of(ChangeClass.CHANGED, ChangeClass.REACTIVATED),
            new java.util.TreeMap<>(Map.of("county_id", "2")),
            "birth_year",
            "+1");
    EvidenceTable t = EvidenceJob.collect(changeSet(), null, q, List.of());
    assertEquals(List.of("AA7"), t.rows().stream().map(r -> r.get(0)).toList());
    assertEquals("+1", t.rows().get(0).get(t.header().indexOf("change")));
  }

  @Test
  void explicitVoterListsKeepOnlyThoseVotersAndAppendTheirNotes() {
    java.util.TreeMap<String, List<String>> notes = new java.util.TreeMap<>();
    notes.put("AA3", List.of("2023-05-01"));
    notes.put("CC1", List.of("2023-06-01"));
    notes.put("ZZ9", List.of("never in the change set"));
    EvidenceQuery q =
        EvidenceQuery.of(List.of(ChangeClass.REMOVED), Map.of())
            .withVoters(new EvidenceQuery.Voters(List.of("removed_on"), notes));
    EvidenceTable t = EvidenceJob.collect(changeSet(), null, q, List.of());
    assertEquals("removed_on", t.header().get(t.header().size() - 1));
    // AA2 is removed but not listed; ZZ9 is listed but not removed; CC1 is confidential.
    assertEquals(
        List.of(List.of("AA3", "2023-05-01"), List.of("CONFIDENTIAL", "")),
        t.rows().stream().map(r -> List.of(r.get(0), r.get(r.size() - 1))).toList());
  }

  @Test
  void oneVoterCanStandBehindSeveralFindingsInOnePass() {
    EvidenceQuery removed = EvidenceQuery.of(List.of(ChangeClass.REMOVED), Map.of());
    EvidenceQuery county1 =
        EvidenceQuery.of(
            List.of(ChangeClass.REMOVED, ChangeClass.CHANGED), Map.of("county_id", "1"));
    List<EvidenceTable> t =
        EvidenceJob.collectAll(
            changeSet(),
            null,
            List.of(
                new EvidenceJob.Request(removed, List.of()),
                new EvidenceJob.Request(county1, List.of("party"))));
    assertEquals(
        List.of("AA2", "AA3", "CONFIDENTIAL"),
        t.get(0).rows().stream().map(r -> r.get(0)).toList());
    assertEquals(
        List.of("AA1", "AA2", "AA3"), t.get(1).rows().stream().map(r -> r.get(0)).toList());
    assertTrue(t.get(1).header().contains("party"));
    assertFalse(t.get(0).header().contains("party"));
  }

  @Test
  void countyQueriesSeeOnlyTheirCountyAndClassesBeforeTheirConditionsRun() {
    java.util.TreeMap<String, String> nullCounty = new java.util.TreeMap<>();
    nullCounty.put("county_id", null);
    List<EvidenceJob.Request> requests =
        List.of(
            new EvidenceJob.Request(
                EvidenceQuery.of(List.of(ChangeClass.CHANGED), Map.of("county_id", "2")),
                List.of()),
            new EvidenceJob.Request(
                EvidenceQuery.of(List.of(ChangeClass.REMOVED), Map.of("county_id", "1")),
                List.of()),
            new EvidenceJob.Request(
                EvidenceQuery.of(List.of(ChangeClass.REACTIVATED), Map.of("county_id", "1")),
                List.of()),
            new EvidenceJob.Request(
                new EvidenceQuery(List.of(ChangeClass.ADDED), nullCounty, null, null), List.of()));
    // The pre-test keeps exactly the rows of the (class, county) pairs asked for, and every row
    // of a class asked for with no county (ADDED AA5: its query wants a null county).
    assertEquals(
        List.of("AA2", "AA3", "AA5", "AA7"),
        changeSet()
            .filter(EvidenceJob.candidates(requests))
            .select("voter_id")
            .orderBy("voter_id")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList());
    List<EvidenceTable> t = EvidenceJob.collectAll(changeSet(), null, requests);
    assertEquals(List.of("AA7"), t.get(0).rows().stream().map(r -> r.get(0)).toList());
    assertEquals(List.of("AA2", "AA3"), t.get(1).rows().stream().map(r -> r.get(0)).toList());
    assertEquals(List.of(), t.get(2).rows());
    assertEquals(List.of(), t.get(3).rows(), "AA5 has a county, the query wants none");
  }

  @Test
  void evidenceRedactsConfidentialVotersAndSortsAfterRedaction() {
    EvidenceQuery q = EvidenceQuery.of(List.of(ChangeClass.REMOVED), Map.of());
    EvidenceTable t = EvidenceJob.collect(changeSet(), null, q, List.of("race"));
    assertEquals("voter_id", t.header().get(0));
    assertEquals(3, t.rows().size());
    assertEquals(
        List.of("AA2", "AA3", "CONFIDENTIAL"), t.rows().stream().map(r -> r.get(0)).toList());
    List<String> conf = t.rows().get(2);
    assertEquals("", conf.get(t.header().indexOf("race")), "confidential demographics are blank");
    assertFalse(t.header().contains("last_name"), "public evidence has no names");
    EvidenceTable restricted = EvidenceJob.collect(changeSet(), base.pii(), q, List.of());
    assertEquals("LASTAA2", restricted.rows().get(0).get(restricted.header().indexOf("last_name")));
    assertEquals("", restricted.rows().get(2).get(restricted.header().indexOf("last_name")));
  }
}
