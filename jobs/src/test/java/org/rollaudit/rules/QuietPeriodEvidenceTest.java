package org.rollaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.Finding;
import org.rollaudit.compare.ChangeSet;
import org.rollaudit.compare.EvidenceJob;
import org.rollaudit.compare.SnapshotFixtures;
import org.rollaudit.store.StoredSnapshot;

/**
 * The evidence of a dated nvra-quiet-period finding selects exactly the voters it counts: reason in
 * the systematic set, status date inside the window (boundaries included), nothing else.
 */
class QuietPeriodEvidenceTest {

  @Test
  void evidenceSelectsTheDatedRemovalsInsideTheWindow(@TempDir Path root) {
    LocalDate base = LocalDate.of(2023, 11, 25);
    LocalDate cur = LocalDate.of(2024, 1, 6);
    LocalDate first = LocalDate.of(2023, 12, 6); // 90 days before the primary of 5 Mar 2024
    SnapshotFixtures a = new SnapshotFixtures();
    SnapshotFixtures b = new SnapshotFixtures();
    HandMetrics m = new HandMetrics().countyOnly("1", "HARNETT", 40, 24, 0);
    for (int i = 0; i < 40; i++) {
      String id = String.format("V%02d", i);
      a.dated(id, "1", "A", "AV", null);
      // 12 RM on the first day of the window, 6 RM the day before, 6 RD inside it, 16 kept
      String reason = i < 18 ? "RM" : i < 24 ? "RD" : null;
      LocalDate d = i < 12 ? first : i < 18 ? first.minusDays(1) : first.plusDays(3);
      if (reason == null) {
        b.dated(id, "1", "A", "AV", null);
      } else {
        b.dated(id, "1", "R", reason, d);
      }
    }
    m.reason("1", "RM", first, 12).reason("1", "RM", first.minusDays(1), 6);
    m.reason("1", "RD", first.plusDays(3), 6);
    StoredSnapshot sa = a.store(root, base);
    StoredSnapshot sb = b.store(root, cur);
    Dataset<Row> cs = ChangeSet.build(sa.data(), sb.data(), base);
    List<Finding> f =
        RuleFixtures.run(RuleFixtures.rule("nvra-quiet-period"), m.build(base, cur)).findings();
    assertEquals(1, f.size(), f::toString);
    assertEquals(12, f.get(0).affected());
    assertEquals(12L, cs.filter(EvidenceJob.condition(f.get(0).evidence())).count());
  }
}
