package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.layout.Layout;

/** Runs {@link LocalIngest} on bytes and asserts ledger, reason and line. */
final class Ingests {
  static final LocalDate AS_OF = LocalDate.of(2024, 1, 6);

  private Ingests() {}

  static LocalIngest.Result run(Layout l, Path dir, String name, byte[] bytes) throws IOException {
    return run(l, dir, name, bytes, 1 << 20);
  }

  static LocalIngest.Result run(Layout l, Path dir, String name, byte[] bytes, long split)
      throws IOException {
    Path p = NcText.write(dir, name, bytes);
    LocalIngest.Result r =
        LocalIngest.run(
            l,
            AS_OF,
            List.of(p.toString()),
            dir.resolve("staging-" + System.nanoTime()).toUri().toString(),
            split);
    assertLedger(r);
    return r;
  }

  /** The ledger holds per file (LocalIngest already threw if not; this re-checks the sums). */
  static void assertLedger(LocalIngest.Result r) {
    for (Ledger.Entry e : r.ledger()) {
      assertEquals(
          e.records(),
          e.accepted() + e.rejected() + e.header() + e.blank(),
          "ledger of " + e.name());
      long byReason = e.rejectsByReason().values().stream().mapToLong(Long::longValue).sum();
      assertEquals(e.rejected(), byReason, "rejects by reason of " + e.name());
    }
    assertEquals(r.rejects().size(), r.ledger().stream().mapToLong(Ledger.Entry::rejected).sum());
    assertEquals(r.accepted().size(), r.ledger().stream().mapToLong(Ledger.Entry::accepted).sum());
  }

  /** Exactly one reject, with this reason on this line. */
  static Reject onlyReject(LocalIngest.Result r, RejectReason reason, long line) {
    assertEquals(1, r.rejects().size(), () -> "rejects: " + r.rejects());
    Reject x = r.rejects().get(0);
    assertEquals(reason, x.reason(), () -> "reject: " + x);
    assertEquals(line, x.line(), () -> "reject: " + x);
    return x;
  }

  /** The input is refused as a whole (exit 3) with a message containing {@code words}. */
  static RollAuditException refused(
      Layout l, Path dir, String name, byte[] bytes, String... words) {
    RollAuditException e = assertThrows(RollAuditException.class, () -> run(l, dir, name, bytes));
    assertEquals(RollAuditException.INPUT, e.exitCode(), e::getMessage);
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
    }
    return e;
  }
}
