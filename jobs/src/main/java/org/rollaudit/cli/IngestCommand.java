package org.rollaudit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.ingest.IngestJob;
import org.rollaudit.ingest.Ledger;
import org.rollaudit.layout.Layout;
import org.rollaudit.layout.LayoutRegistry;
import org.rollaudit.pipeline.Home;
import org.rollaudit.report.SigningKey;
import org.rollaudit.spark.Sparks;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rollaudit ingest}: checks one snapshot (one or more files, plain, .gz or .zip) and stores
 * it under its as-of date with a receipt (interface.md §1). Exit 0 stored or already ingested; 2
 * usage; 3 input refused (unreadable, header, rejects above the tolerance, other bytes already
 * stored for the date); 4 internal error (e.g. a ledger that does not reconcile).
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a snapshot strictly and writes it to the snapshot store with a receipt.",
      "Every record is accepted or rejected with a reason; the ledger must reconcile exactly."
          + " Ingesting the same bytes again changes nothing.",
      "Writes receipt.json and receipt.html beside the snapshot (a refused snapshot: in"
          + " --refusal-dir) and prints the receipt's path."
    })
public final class IngestCommand implements Callable<Integer> {
  @Option(
      names = "--layout",
      required = true,
      paramLabel = "ID|FILE",
      description = "Layout id (see 'rollaudit layouts') or path of a layout YAML file.")
  String layout;

  @Option(
      names = "--as-of",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "Date of the snapshot (the publisher's extract date).")
  LocalDate asOf;

  @Option(
      names = "--store",
      required = true,
      paramLabel = "DIR",
      description = "Snapshot store folder (local path or hdfs://, s3a:// URI).")
  String store;

  @Option(
      names = "--replace",
      description =
          "Replace a stored snapshot of the same date made from other bytes"
              + " (the old one is kept under replaced/).")
  boolean replace;

  @Option(
      names = "--max-reject-rate",
      defaultValue = "0.001",
      paramLabel = "RATE",
      description =
          "Refuse the snapshot (exit 3) when more than this share of records is"
              + " rejected (default: ${DEFAULT-VALUE}).")
  double maxRejectRate;

  @Option(names = "--source", paramLabel = "TEXT", description = "Where the files came from.")
  String source;

  @Option(names = "--obtained", paramLabel = "YYYY-MM-DD", description = "When they were obtained.")
  LocalDate obtained;

  @Option(names = "--submitter", paramLabel = "TEXT", description = "Who submitted them.")
  String submitter;

  @Option(
      names = "--refusal-dir",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "Where a refusal receipt is written (default: the working directory).")
  Path refusalDir;

  @Option(
      names = "--split-mb",
      defaultValue = "64",
      hidden = true,
      description = "Target size of a parse split in MiB.")
  long splitMb;

  @Option(
      names = "--sign-key",
      paramLabel = "FILE",
      description =
          "Ed25519 private key (PKCS#8 PEM, as for audit) to sign the receipt: writes"
              + " receipt.sha256, receipt.sha256.sig and signer.pub beside it.")
  Path signKey;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description =
          "Rules folder whose ingest/receipt.yaml sets the receipt's county size-change warning"
              + " (default: rules/).")
  String rules;

  @Option(names = "--stacktrace", description = "Print the stack trace of an internal error.")
  boolean stacktrace;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Input files (.txt, .gz, .zip).")
  List<String> files;

  @Override
  public Integer call() throws Exception {
    Layout l = LayoutRegistry.standard().resolveForIngest(layout);
    if (splitMb < 1) {
      throw RollAuditException.usage("--split-mb must be at least 1.");
    }
    Path rulesDir = Home.rules(rules);
    IngestJob.ReceiptSigner signer = null;
    if (signKey != null) {
      if (!Files.isReadable(signKey)) {
        throw RollAuditException.usage(
            "Cannot sign: the key file "
                + signKey
                + " is not readable. Make one with 'rollaudit keygen'.");
      }
      SigningKey key = SigningKey.read(signKey);
      signer = IngestJob.ReceiptSigner.of(key::sign, key.publicKeyPem());
    }
    Progress progress = Progress.stderr();
    progress.stage("starting Spark");
    SparkSession spark = Sparks.session();
    IngestJob.Options o =
        new IngestJob.Options(
            l,
            asOf,
            store,
            files,
            replace,
            maxRejectRate,
            source,
            obtained,
            submitter,
            refusalDir,
            splitMb << 20,
            rulesDir,
            signer);
    IngestJob.Result r = IngestJob.run(spark, o, progress::stage);
    switch (r.outcome()) {
      case REFUSED -> {
        // The page for people; receipt.json's twin (.json) is beside it.
        System.out.println(
            "refused: receipt " + r.receiptPath().toString().replaceFirst("\\.json$", ".html"));
        throw RollAuditException.input(r.message());
      }
      case ALREADY_INGESTED -> {
        System.out.println(r.message());
        System.out.println("receipt: " + receiptPath(spark));
      }
      default -> {
        System.out.println(r.message());
        System.out.println("receipt: " + receiptPath(spark));
        for (Ledger.Entry e : r.ledger()) {
          System.out.println(
              String.format(
                  Locale.ROOT,
                  "  %s: %,d records = %,d accepted + %,d rejected + %d header + %,d blank %s",
                  e.name(),
                  e.records(),
                  e.accepted(),
                  e.rejected(),
                  e.header(),
                  e.blank(),
                  e.rejectsByReason().isEmpty() ? "" : e.rejectsByReason().toString()));
        }
      }
    }
    return 0;
  }

  /** Where the stored snapshot's receipt.html is: a local path when the store is local. */
  private String receiptPath(SparkSession spark) {
    String dir =
        SnapshotStore.open(spark, store)
            .find(asOf)
            .map(StoredSnapshot::location)
            .orElse(store + "/snapshots/" + asOf);
    String html = dir + "/receipt.html";
    return html.startsWith("file:") ? Path.of(java.net.URI.create(html)).toString() : html;
  }
}
