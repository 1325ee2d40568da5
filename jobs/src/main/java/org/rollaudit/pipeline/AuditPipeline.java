package org.rollaudit.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.EvidenceTable;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.InputFile;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.audit.Severity;
import org.rollaudit.audit.SnapshotInfo;
import org.rollaudit.audit.Version;
import org.rollaudit.cli.Progress;
import org.rollaudit.compare.ChangeSet;
import org.rollaudit.compare.EvidenceJob;
import org.rollaudit.compare.MetricsJob;
import org.rollaudit.history.HistoryContext;
import org.rollaudit.rules.DetectionResult;
import org.rollaudit.rules.ErrorRates;
import org.rollaudit.rules.RuleSet;
import org.rollaudit.store.StoredSnapshot;

/**
 * One audit of a pair of stored snapshots, from change set to bundle.
 *
 * <p>Spark work: the change set (a shuffle-free bucketed join, cached), four aggregations for the
 * metrics, one filter per finding for its evidence. Everything after the metrics is driver-side.
 */
public final class AuditPipeline {

  /**
   * What the user chose.
   *
   * @param rules the loaded rule set
   * @param disclosure "public" or "restricted"
   * @param signKey PKCS#8 PEM Ed25519 key, if the bundle is to be signed
   * @param failOn the lowest severity that makes the exit code 1; null for never
   * @param out the bundle folder
   * @param reproduce command lines that reproduce and verify the bundle (relative paths only)
   */
  public record Options(
      RuleSet rules,
      String disclosure,
      Optional<Path> signKey,
      Severity failOn,
      Path out,
      List<String> reproduce) {}

  /**
   * What the run produced, for the command's summary and exit code; {@code result} is null when the
   * bundle was already complete and nothing was computed.
   */
  public record Outcome(AuditResult result, boolean alreadyComplete, int exitCode) {}

  private AuditPipeline() {}

  /** Audits the pair with no earlier snapshots to look back on. */
  public static Outcome run(
      StoredSnapshot baseline, StoredSnapshot current, Options o, Progress progress) {
    return run(List.of(baseline, current), baseline, current, o, progress);
  }

  /**
   * Audits the pair.
   *
   * @param snapshots the store's snapshots up to and including {@code current}, sorted by as-of
   *     date, for the rules over history (see {@link HistoryContext})
   */
  public static Outcome run(
      List<StoredSnapshot> snapshots,
      StoredSnapshot baseline,
      StoredSnapshot current,
      Options o,
      Progress progress) {
    if (!baseline.asOf().isBefore(current.asOf())) {
      throw RollAuditException.usage(
          "Cannot audit: the baseline ("
              + baseline.asOf()
              + ") must be older than the current"
              + " snapshot ("
              + current.asOf()
              + "). Swap --baseline and --current.");
    }
    Receipts rb = Receipts.of(baseline, "baseline");
    Receipts rc = Receipts.of(current, "current");
    List<String> idParts = new ArrayList<>();
    for (StoredSnapshot s : snapshots) {
      // Earlier snapshots feed the rules over history, so they are inputs of the run too.
      if (s.asOf().isBefore(baseline.asOf())) {
        idParts.add(s.asOf() + ":" + s.inputDigest());
      }
    }
    List<String> parts =
        new ArrayList<>(
            List.of(
                rb.inputDigest(),
                rb.layoutKey(),
                rb.provenanceKey(),
                rc.inputDigest(),
                rc.layoutKey(),
                rc.provenanceKey(),
                o.rules().digest(),
                // the measured error rates are copied into method.json, so they are part of the id
                o.rules().errorRates().map(ErrorRates::digest).orElse(""),
                o.disclosure(),
                Version.software()));
    if (!idParts.isEmpty()) {
      parts.add("history " + String.join(",", idParts));
    }
    String runId = RunId.of(parts);
    progress.stage("Run id " + runId.substring(0, 16) + "...");
    if (BundleOutput.precheck(o.out(), runId, o.signKey())) {
      // Nothing to compute: the exit code follows the bundle's findings and this --fail-on.
      progress.stage("already complete: " + o.out() + " holds the verified bundle of this run");
      return new Outcome(null, true, exitCode(FindingsFile.severities(o.out()), o.failOn()));
    }

    progress.stage("Comparing " + baseline.asOf() + " with " + current.asOf() + " (change set)");
    Dataset<Row> changeSet =
        ChangeSet.build(baseline.data(), current.data(), baseline.asOf())
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      SnapshotInfo bi = rb.info(baseline.asOf());
      SnapshotInfo ci = rc.info(current.asOf());
      progress.stage("Computing metrics");
      Metrics metrics = MetricsJob.compute(changeSet, bi, ci, List.of());
      Ledger.check(metrics.total(), bi, ci);

      progress.stage("Running detectors");
      DetectionResult detected =
          o.rules().detect(metrics, new HistoryContext(snapshots, baseline, current, changeSet));
      List<Finding> findings = new ArrayList<>(detected.findings());
      findings.sort(FindingOrder.ORDER);

      progress.stage("Collecting evidence for " + findings.size() + " finding(s)");
      Dataset<Row> pii = o.disclosure().equals("restricted") ? piiOf(baseline, current) : null;
      List<EvidenceJob.Request> requests = new ArrayList<>();
      for (Finding f : findings) {
        requests.add(new EvidenceJob.Request(f.evidence(), List.copyOf(f.group().keySet())));
      }
      List<EvidenceTable> tables = EvidenceJob.collectAll(changeSet, pii, requests);
      List<NumberedFinding> numbered = new ArrayList<>();
      for (int i = 0; i < findings.size(); i++) {
        Finding f = findings.get(i);
        String id = String.format(java.util.Locale.ROOT, "F-%04d", i + 1);
        EvidenceTable t = tables.get(i);
        if (t.rows().size() != f.affected()) {
          throw new IllegalStateException(
              "Cannot write finding "
                  + id
                  + " ("
                  + f.rule()
                  + "): the detector counted "
                  + f.affected()
                  + " voters but the evidence query "
                  + f.evidence()
                  + " selects "
                  + t.rows().size());
        }
        numbered.add(new NumberedFinding(id, f, t));
      }

      List<InputFile> inputs = new ArrayList<>(rb.inputs(o.disclosure()));
      inputs.addAll(rc.inputs(o.disclosure()));
      LinkedHashMap<String, Object> method =
          Method.describe(detected.method(), o.rules().errorRates(), rb, rc, o.disclosure());
      AuditResult result =
          new AuditResult(
              runId,
              Version.software(),
              o.disclosure(),
              bi,
              ci,
              counts(metrics.total()),
              numbered,
              inputs,
              method,
              metrics,
              o.reproduce());

      progress.stage("Writing the bundle to " + o.out());
      boolean already = BundleOutput.write(result, o.out(), o.signKey());
      return new Outcome(
          result,
          already,
          exitCode(numbered.stream().map(n -> n.finding().severity()).toList(), o.failOn()));
    } finally {
      changeSet.unpersist();
    }
  }

  private static Dataset<Row> piiOf(StoredSnapshot baseline, StoredSnapshot current) {
    // Baseline names and addresses where the voter was there, else the current ones.
    Dataset<Row> b = baseline.pii();
    Dataset<Row> c = current.pii();
    return b.unionByName(c.join(b, c.col("voter_id").equalTo(b.col("voter_id")), "left_anti"));
  }

  static LinkedHashMap<String, Long> counts(Counts t) {
    LinkedHashMap<String, Long> m = new LinkedHashMap<>();
    m.put("removed", t.removed());
    m.put("added", t.added());
    m.put("reactivated", t.reactivated());
    m.put("changed", t.changed());
    m.put("unchanged", t.unchanged());
    m.put("aged_out", t.agedOut());
    return m;
  }

  /** 1 when a finding is at least {@code failOn} severe (null: never), else 0 (interface.md). */
  public static int exitCode(List<Severity> severities, Severity failOn) {
    if (failOn == null) {
      return 0;
    }
    for (Severity s : severities) {
      if (s.compareTo(failOn) <= 0) {
        return RollAuditException.FINDINGS;
      }
    }
    return 0;
  }
}
