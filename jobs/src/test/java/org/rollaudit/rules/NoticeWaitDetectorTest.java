package org.rollaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.Finding;
import org.rollaudit.compare.ChangeSet;
import org.rollaudit.compare.EvidenceJob;
import org.rollaudit.compare.SnapshotFixtures;
import org.rollaudit.history.HistoryContext;
import org.rollaudit.store.StoredSnapshot;

/**
 * notice-wait on hand-made histories written through the real store, with the shipped NC calendar
 * (generals 6 Nov 2018, 3 Nov 2020, 8 Nov 2022, 5 Nov 2024). Each voter's lawful or unlawful
 * outcome is worked out by hand in the comments.
 */
class NoticeWaitDetectorTest {
  /** min_affected 1: each case is one voter (the shipped 11 is about public cells). */
  private static final Rule WAIT =
      RuleFixtures.with(RuleFixtures.rule("notice-wait"), "min_affected", IntNode.valueOf(1));

  /** Per snapshot date, per voter: status and reason, optionally a status date (null: absent). */
  private static final class History {
    final LinkedHashMap<LocalDate, SnapshotFixtures> snaps = new LinkedHashMap<>();

    History at(LocalDate d, String... idStatusReason) {
      SnapshotFixtures f = snaps.computeIfAbsent(d, x -> new SnapshotFixtures());
      for (String v : idStatusReason) {
        String[] p = v.split(" ");
        f.dated(p[0], "1", p[1], p[2], p.length > 3 ? LocalDate.parse(p[3]) : null);
      }
      return this;
    }

    /** Stores every snapshot; the last two are the pair. */
    HistoryContext store(Path root) {
      List<StoredSnapshot> stored = new ArrayList<>();
      snaps.forEach((d, f) -> stored.add(f.store(root, d)));
      StoredSnapshot base = stored.get(stored.size() - 2);
      StoredSnapshot cur = stored.get(stored.size() - 1);
      Dataset<Row> cs = ChangeSet.build(base.data(), cur.data(), base.asOf()).cache();
      return new HistoryContext(stored, base, cur, cs);
    }
  }

  private static DetectionResult run(HistoryContext h) {
    HandMetrics m = new HandMetrics().countyOnly("1", "HARNETT", 1_000, 10, 0);
    return Detectors.of("notice-wait")
        .detect(WAIT, m.build(h.baseline().asOf(), h.current().asOf()), h);
  }

  private static Map<String, List<String>> notes(Finding f) {
    return f.evidence().voters().notes();
  }

  /** domain.md's worked example and its neighbours, five snapshots from 1 Oct 2018. */
  private static HistoryContext workedExample(Path root) {
    return new History()
        .at(
            LocalDate.of(2018, 10, 1),
            "V2 I IN", // under notice from the first snapshot on: cannot determine
            "V6 A AV", // not yet under notice on 1 Oct 2018
            "V7 I IN")
        .at(
            LocalDate.of(2019, 1, 1),
            "V1 A AV", // worked example: not yet under notice on 1 Jan 2019
            "V2 I IN",
            "V6 I IN",
            "V7 A AV", // answered the notice: active again
            "V3 A AV",
            "V4 A AV")
        .at(
            LocalDate.of(2019, 7, 1),
            "V1 I IN",
            "V2 I IN",
            "V6 I IN",
            "V7 I IN",
            "V3 A AV",
            "V4 I IN")
        .at(
            LocalDate.of(2022, 6, 1),
            "V1 I IN",
            "V2 I IN",
            "V6 I IN",
            "V7 I IN",
            "V3 A AV",
            "V4 I IN")
        .at(
            LocalDate.of(2022, 10, 1),
            "V1 R RM",
            "V2 R RM",
            "V6 R RM",
            "V7 R RM",
            "V3 R RM",
            "V4 R RD")
        .store(root);
  }

  @Test
  void workedExampleAndTheLowerBound(@TempDir Path root) {
    HistoryContext h = workedExample(root);
    DetectionResult r = run(h);
    assertEquals(1, r.findings().size(), r.findings()::toString);
    Finding f = r.findings().get(0);
    // V1: notice after 1 Jan 2019 -> generals 3 Nov 2020, 8 Nov 2022 -> earliest 9 Nov 2022;
    //     removed by 1 Oct 2022: early (domain.md's worked example).
    // V3: active, not under notice on 1 Jun 2022 -> generals 8 Nov 2022, 5 Nov 2024 -> 6 Nov 2024.
    // V7: answered a notice (active on 1 Jan 2019), noticed again: bound 1 Jan 2019, as V1.
    // V6: bound 1 Oct 2018 -> generals 6 Nov 2018, 3 Nov 2020 -> 4 Nov 2020: lawful. The upper
    //     bound (first seen under notice, 1 Jan 2019) would give 9 Nov 2022 and flag it wrongly.
    // V2: no bound (cannot determine); V4: death, not a residence removal.
    assertEquals(List.of("V1", "V3", "V7"), List.copyOf(notes(f).keySet()));
    assertEquals(List.of("2019-01-01", "2022-11-09"), notes(f).get("V1"));
    assertEquals(List.of("2022-06-01", "2024-11-06"), notes(f).get("V3"));
    assertEquals(3, f.affected());
    assertEquals(39.0, f.statistic().get("min_days_early")); // 1 Oct to 9 Nov 2022
    assertEquals(5L, r.method().get("residence_removals_checked"));
    assertEquals(1L, r.method().get("cannot_determine"));
    assertEquals(3L, h.changeSet().filter(EvidenceJob.condition(f.evidence())).count());
    assertTrue(
        f.explanation().startsWith("Harnett County removed 3 voters for change of residence"),
        f.explanation());
  }

  @Test
  void theLatestFreeDatesAreKeptPerSnapshotAndReadBack(@TempDir Path root) throws IOException {
    HistoryContext h = workedExample(root);
    DetectionResult computed = run(h);
    // One kept table per snapshot after the first and before the current one (three here).
    List<Path> kept;
    try (Stream<Path> files = Files.walk(root.resolve("metrics"), 3)) {
      kept =
          files
              .filter(f -> f.getFileName().toString().startsWith("notice-free-"))
              .sorted()
              .toList();
    }
    assertEquals(3, kept.size(), kept::toString);
    assertEquals(computed, run(h), "read back: the same findings and method");

    // What is read is what the rule uses: with V3 dropped from the newest table, V3 has no
    // lower bound and is no longer early.
    Path newest = kept.get(kept.size() - 1);
    Path edited = root.resolve("edited");
    SparkSession.active()
        .read()
        .parquet(newest.toString())
        .filter("voter_id <> 'V3'")
        .write()
        .parquet(edited.toString());
    Files.move(newest, root.resolve("original"));
    Files.move(edited, newest);
    Finding f = run(h).findings().get(0);
    assertEquals(List.of("V1", "V7"), List.copyOf(notes(f).keySet()));
  }

  @Test
  void exactDatesAtTheBoundary(@TempDir Path root) {
    HistoryContext h =
        new History()
            .at(LocalDate.of(2019, 6, 1), "B1 A AV", "B2 A AV", "B3 A AV")
            .at(LocalDate.of(2019, 8, 1), "B1 I IN", "B2 I IN", "B3 I IN")
            .at(LocalDate.of(2022, 10, 1), "B1 I IN", "B2 I IN", "B3 I IN")
            .at(
                LocalDate.of(2022, 12, 1),
                "B1 R RM 2022-11-09", // exactly the earliest lawful day: lawful
                "B2 R RM 2022-11-08", // one day before: early
                "B3 R RM") // undated: latest possible day 1 Dec 2022, lawful
            .store(root);
    DetectionResult r = run(h);
    assertEquals(1, r.findings().size(), r.findings()::toString);
    assertEquals(List.of("B2"), List.copyOf(notes(r.findings().get(0)).keySet()));
    assertEquals(1.0, r.findings().get(0).statistic().get("min_days_early"));
    assertEquals(3L, r.method().get("residence_removals_checked"));
  }

  @Test
  void twoSnapshotsAndVotersAlreadyInactiveCannotBeDetermined(@TempDir Path root) {
    HistoryContext h =
        new History()
            .at(LocalDate.of(2024, 1, 6), "C1 I IN", "C2 I IU", "C3 A IN")
            .at(LocalDate.of(2024, 2, 3), "C1 R RM", "C2 R RM", "C3 R RM")
            .store(root);
    DetectionResult r = run(h);
    assertEquals(List.of(), r.findings());
    assertEquals(3L, r.method().get("cannot_determine"));
  }

  @Test
  void withoutHistoryTheRuleSaysItDidNotRun() {
    DetectionResult r = Detectors.of("notice-wait").detect(WAIT, new HandMetrics().build(), null);
    assertEquals(List.of(), r.findings());
    assertTrue(r.method().containsKey("not_run"));
  }

  @Test
  void earliestLawfulRemoval() {
    ElectionCalendar nc = WAIT.calendar();
    assertEquals(
        LocalDate.of(2022, 11, 9),
        NoticeWaitDetector.earliestLawful(nc, LocalDate.of(2019, 6, 15)).earliest());
    // a bound on a general's day: the notice came after it, so that general does not count
    assertEquals(
        LocalDate.of(2024, 11, 6),
        NoticeWaitDetector.earliestLawful(nc, LocalDate.of(2020, 11, 3)).earliest());
    // beyond the calendar: the day after its end bounds the earliest lawful removal from below
    assertEquals(
        "after 2028-11-07 (beyond the election calendar nc)",
        NoticeWaitDetector.earliestLawful(nc, LocalDate.of(2027, 1, 1)).text());
    // before the calendar starts: earlier generals are unknown
    assertNull(NoticeWaitDetector.earliestLawful(nc, LocalDate.of(2013, 1, 1)));
  }
}
