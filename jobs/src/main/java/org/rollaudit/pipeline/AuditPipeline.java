package org.rollaudit.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.InputFile;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.audit.Severity;
import org.rollaudit.audit.Version;
import org.rollaudit.cli.Progress;
import org.rollaudit.history.HistoryContext;
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
                o.rules().errorRatesDigest(),
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

    PairMetrics pairs = new PairMetrics(progress);
    List<Metrics.HistoryPoint> history = pairs.history(snapshots, baseline);
    PairAudit.Result a =
        PairAudit.run(
            snapshots,
            baseline,
            current,
            history,
            o.rules(),
            o.disclosure(),
            pairs,
            null,
            true,
            progress);
    List<NumberedFinding> numbered = new ArrayList<>();
    for (int i = 0; i < a.findings().size(); i++) {
      String id = String.format(java.util.Locale.ROOT, "F-%04d", i + 1);
      numbered.add(new NumberedFinding(id, a.findings().get(i), a.evidence().get(i)));
    }

    List<InputFile> inputs = new ArrayList<>(rb.inputs(o.disclosure()));
    inputs.addAll(rc.inputs(o.disclosure()));
    LinkedHashMap<String, Object> method =
        Method.describe(a.detected().method(), o.rules().errorRates(), rb, rc, o.disclosure());
    AuditResult result =
        new AuditResult(
            runId,
            Version.software(),
            o.disclosure(),
            a.baseline(),
            a.current(),
            counts(a.metrics().total()),
            numbered,
            inputs,
            method,
            a.metrics(),
            o.reproduce());

    progress.stage("Writing the bundle to " + o.out());
    boolean already = BundleOutput.write(result, o.out(), o.signKey());
    return new Outcome(
        result,
        already,
        exitCode(numbered.stream().map(n -> n.finding().severity()).toList(), o.failOn()));
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
