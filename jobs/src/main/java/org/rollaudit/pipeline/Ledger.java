package org.rollaudit.pipeline;

import org.rollaudit.audit.Counts;
import org.rollaudit.audit.SnapshotInfo;

/**
 * The snapshot-pair equations of reliability.md §2, asserted on every run. A failure is a bug in
 * the compare, never a property of the data, so it stops the run before any bundle is written.
 */
final class Ledger {
  private Ledger() {}

  static void check(Counts t, SnapshotInfo baseline, SnapshotInfo current) {
    long a =
        t.unchanged() + t.changed() + t.reactivated() + t.removed() + t.agedOut() + t.otherAbsent();
    long b = t.unchanged() + t.changed() + t.reactivated() + t.removedPresent() + t.added();
    if (t.baselineTotal() != baseline.voters() || a != baseline.voters()) {
      throw new IllegalStateException(
          "Cannot reconcile the baseline ledger: "
              + baseline.voters()
              + " stored records, "
              + t.baselineTotal()
              + " in the change set, "
              + a
              + " by class");
    }
    if (t.currentTotal() != current.voters() || b != current.voters()) {
      throw new IllegalStateException(
          "Cannot reconcile the current ledger: "
              + current.voters()
              + " stored records, "
              + t.currentTotal()
              + " in the change set, "
              + b
              + " by class");
    }
  }
}
