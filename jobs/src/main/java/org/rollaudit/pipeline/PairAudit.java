package org.rollaudit.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.rollaudit.audit.EvidenceTable;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.SnapshotInfo;
import org.rollaudit.cli.Progress;
import org.rollaudit.compare.EvidenceJob;
import org.rollaudit.history.HistoryContext;
import org.rollaudit.rules.DetectionResult;
import org.rollaudit.rules.RuleSet;
import org.rollaudit.store.StoredSnapshot;

/**
 * One pair of stored snapshots audited up to its findings and their evidence: the part that {@code
 * audit} and {@code timeline} share. The change set is planned and marked for caching but only
 * computed when something reads it: the metrics when the store does not keep them, a rule over
 * history, or the evidence of a finding not already kept. With findings kept by an earlier run of a
 * timeline, no detector runs at all.
 */
final class PairAudit {

  /**
   * The pair's findings in contract order with their evidence (same order, same sizes).
   *
   * @param detected the detectors' method description and findings
   * @param evidenceCollected whether this run queried the evidence (false when there were no
   *     findings or the evidence was kept from an earlier run)
   * @param findingsKept whether the findings were read back instead of detected; the detectors'
   *     method description is then the kept one, or empty when the caller did not need it
   */
  record Result(
      Receipts baselineReceipts,
      Receipts currentReceipts,
      SnapshotInfo baseline,
      SnapshotInfo current,
      Metrics metrics,
      DetectionResult detected,
      List<Finding> findings,
      List<EvidenceTable> evidence,
      boolean evidenceCollected,
      boolean findingsKept) {}

  /**
   * An interval's findings (contract order), their evidence (same order) and the detectors' method
   * description, null when it was not kept.
   */
  record Kept(
      List<Finding> findings, List<EvidenceTable> evidence, LinkedHashMap<String, Object> method) {}

  /**
   * What an earlier run of the same inputs, rules and code kept of the pair (the timeline keeps it,
   * see {@link IntervalKeep}).
   */
  interface Keep {
    /** The findings and their evidence, if kept. */
    Optional<Kept> kept();

    /** The evidence, if kept for exactly these findings (just detected). */
    Optional<List<EvidenceTable>> evidence(List<Finding> findings);

    /**
     * Keeps the findings, their evidence and the detectors' method description, also when there are
     * no findings.
     */
    void put(
        List<Finding> findings, List<EvidenceTable> evidence, LinkedHashMap<String, Object> method);
  }

  private PairAudit() {}

  /**
   * Audits {@code baseline} to {@code current}.
   *
   * @param snapshots the store's snapshots up to and including {@code current}
   * @param history the own-history points of the interval (see {@link PairMetrics#history})
   * @param keep what earlier runs kept of the pair, or null
   * @param needsMethod whether the caller needs the detectors' method description (for
   *     method.json): kept findings then stand in for the detectors only when it was kept too
   */
  static Result run(
      List<StoredSnapshot> snapshots,
      StoredSnapshot baseline,
      StoredSnapshot current,
      List<Metrics.HistoryPoint> history,
      RuleSet rules,
      String disclosure,
      PairMetrics pairs,
      Keep keep,
      boolean needsMethod,
      Progress progress) {
    Receipts rb = Receipts.of(baseline, "baseline");
    Receipts rc = Receipts.of(current, "current");
    SnapshotInfo bi = rb.info(baseline.asOf());
    SnapshotInfo ci = rc.info(current.asOf());
    // Built when first read: an interval whose metrics and findings are kept needs no compare.
    LazyChangeSet changeSet = new LazyChangeSet(baseline, current);
    try {
      Metrics metrics = pairs.of(baseline, current, bi, ci, changeSet).withHistory(history);
      Optional<Kept> before =
          keep == null
              ? Optional.empty()
              : keep.kept().filter(k -> !needsMethod || k.method() != null);
      DetectionResult detected;
      List<Finding> findings;
      List<EvidenceTable> tables;
      boolean collected = false;
      if (before.isPresent()) {
        progress.stage(
            "Findings of " + baseline.asOf() + " to " + current.asOf() + ": kept in the store");
        findings = before.get().findings();
        LinkedHashMap<String, Object> method = before.get().method();
        detected = new DetectionResult(findings, method == null ? new LinkedHashMap<>() : method);
        tables = before.get().evidence();
      } else {
        progress.stage("Running detectors on " + baseline.asOf() + " to " + current.asOf());
        detected =
            rules.detect(
                metrics, new HistoryContext(snapshots, baseline, current, changeSet.get()));
        findings = new ArrayList<>(detected.findings());
        findings.sort(FindingOrder.ORDER);
        Optional<List<EvidenceTable>> kept =
            keep == null || findings.isEmpty() ? Optional.empty() : keep.evidence(findings);
        if (kept.isPresent()) {
          tables = kept.get();
        } else {
          tables = collect(findings, changeSet.get(), baseline, current, disclosure, progress);
          collected = !findings.isEmpty();
          if (keep != null) {
            keep.put(findings, tables, detected.method());
          }
        }
      }
      return new Result(
          rb, rc, bi, ci, metrics, detected, findings, tables, collected, before.isPresent());
    } finally {
      changeSet.release();
    }
  }

  /** The evidence of {@code findings} from the change set (and the names, when restricted). */
  private static List<EvidenceTable> collect(
      List<Finding> findings,
      Dataset<Row> changeSet,
      StoredSnapshot baseline,
      StoredSnapshot current,
      String disclosure,
      Progress progress) {
    if (findings.isEmpty()) {
      return List.of();
    }
    progress.stage("Collecting evidence for " + findings.size() + " finding(s)");
    Dataset<Row> pii = disclosure.equals("restricted") ? piiOf(baseline, current) : null;
    List<EvidenceJob.Request> requests = new ArrayList<>();
    for (Finding f : findings) {
      requests.add(new EvidenceJob.Request(f.evidence(), List.copyOf(f.group().keySet())));
    }
    List<EvidenceTable> tables = EvidenceJob.collectAll(changeSet, pii, requests);
    check(findings, tables);
    return tables;
  }

  private static void check(List<Finding> findings, List<EvidenceTable> tables) {
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      if (tables.get(i).rows().size() != f.affected()) {
        throw new IllegalStateException(
            "Cannot write finding "
                + (i + 1)
                + " ("
                + f.rule()
                + " "
                + f.unit()
                + "): the detector counted "
                + f.affected()
                + " voters but the evidence query "
                + f.evidence()
                + " selects "
                + tables.get(i).rows().size());
      }
    }
  }

  private static Dataset<Row> piiOf(StoredSnapshot baseline, StoredSnapshot current) {
    // Baseline names and addresses where the voter was there, else the current ones.
    Dataset<Row> b = baseline.pii();
    Dataset<Row> c = current.pii();
    return b.unionByName(c.join(b, c.col("voter_id").equalTo(b.col("voter_id")), "left_anti"));
  }
}
