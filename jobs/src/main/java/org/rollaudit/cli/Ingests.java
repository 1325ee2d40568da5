package org.rollaudit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.ingest.IngestJob;
import org.rollaudit.layout.Layout;
import org.rollaudit.layout.LayoutRegistry;
import org.rollaudit.pipeline.Home;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;

/** Ingest as a step of another command (audit on files, demo): idempotent, refuses like ingest. */
final class Ingests {
  private Ingests() {}

  /**
   * @param replace replace a snapshot of the same date from other bytes (only in a store the
   *     command owns as a cache, never in a user's --store)
   */
  static StoredSnapshot ingest(
      SparkSession spark,
      SnapshotStore store,
      String layout,
      LocalDate asOf,
      List<String> files,
      double maxRejectRate,
      boolean replace,
      Progress progress) {
    return ingest(
        spark,
        store,
        layout,
        asOf,
        files,
        maxRejectRate,
        replace,
        Inbox.Provenance.NONE,
        Path.of("out"),
        progress);
  }

  /** As above, with the files' provenance and the folder a refusal receipt goes to. */
  static StoredSnapshot ingest(
      SparkSession spark,
      SnapshotStore store,
      String layout,
      LocalDate asOf,
      List<String> files,
      double maxRejectRate,
      boolean replace,
      Inbox.Provenance provenance,
      Path refusalDir,
      Progress progress) {
    Layout l = LayoutRegistry.standard().resolveForIngest(layout);
    IngestJob.Options o =
        new IngestJob.Options(
            l,
            asOf,
            store.root(),
            files,
            replace,
            maxRejectRate,
            provenance.source(),
            provenance.obtained(),
            provenance.submitter(),
            refusalDir,
            IngestJob.DEFAULT_SPLIT_BYTES,
            // the default rules' ingest/receipt.yaml sets the receipt's size-change warning
            Home.rules(null),
            null);
    IngestJob.Result r;
    try {
      r = IngestJob.run(spark, o, progress::stage);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (r.outcome() == IngestJob.Outcome.REFUSED) {
      throw RollAuditException.input(r.message() + " (refusal receipt: " + r.receiptPath() + ")");
    }
    return store
        .find(asOf)
        .orElseThrow(
            () -> new IllegalStateException("Cannot find snapshot " + asOf + " just ingested"));
  }
}
