package org.rollaudit.pipeline;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.InputFile;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.audit.Version;
import org.rollaudit.cli.Progress;
import org.rollaudit.compare.CellSums;
import org.rollaudit.compare.MetricsJob;
import org.rollaudit.compare.UnitOrder;
import org.rollaudit.report.Timeline;
import org.rollaudit.store.StoredSnapshot;

/**
 * {@code rollaudit timeline}: every consecutive pair of the store audited by {@link PairAudit},
 * each with the own history of the intervals before it, in one bundle.
 *
 * <p>Incremental: each pair's metrics and each interval's findings and evidence are kept in the
 * store ({@link PairMetrics}, {@link IntervalKeep}), keyed by the snapshots up to the interval's
 * end, the rules and the build of the code. After one new snapshot only the new pair is compared
 * and only the new interval is detected; the intervals before it are read back, and a timeline run
 * again detects nothing. The last interval's detectors' method description, which goes into
 * method.json, is kept with its findings. Without the kept findings a timeline's detection grew
 * with the square of its snapshots, since the rules over the history (churn, duplicate
 * registrations, notice waits) read every earlier snapshot (docs/performance.md, "The timeline").
 *
 * <p>How the bundle keeps the pair contract (interface.md §3): {@code baseline} is the first
 * snapshot and {@code current} the last; {@code counts} are sums over the intervals (a voter
 * removed twice counts twice); each finding's {@code statistic} carries {@code interval} (1 = the
 * first pair; method.json {@code timeline.intervals} gives its dates) and its explanation starts
 * with the interval's dates; findings are in contract order, then by interval.
 */
public final class TimelinePipeline {

  /**
   * The pipeline's outcome, how many pairs it compared, how many intervals it ran the detectors on
   * and for how many it queried the evidence (the rest were kept in the store).
   */
  public record Outcome(
      AuditPipeline.Outcome outcome,
      int pairsComputed,
      int intervalsDetected,
      int evidenceCollected) {}

  private TimelinePipeline() {}

  /**
   * Audits the timeline of {@code snapshots} (the store's, oldest first).
   *
   * @throws RollAuditException usage (exit 2) with fewer than two snapshots
   */
  public static Outcome run(
      String storeName, List<StoredSnapshot> snapshots, AuditPipeline.Options o, Progress p) {
    if (snapshots.size() < 2) {
      throw RollAuditException.usage(
          "Cannot build a timeline: the store "
              + storeName
              + " holds "
              + snapshots.size()
              + (snapshots.size() == 1 ? " snapshot" : " snapshots")
              + "; a timeline needs at least two. Ingest more with 'rollaudit ingest --store "
              + storeName
              + " --as-of DATE ...'.");
    }
    List<String> parts = new ArrayList<>(List.of("timeline"));
    for (StoredSnapshot s : snapshots) {
      parts.add(Receipts.identity(s));
    }
    parts.add(o.rules().digest());
    parts.add(o.rules().errorRatesDigest());
    parts.add(o.disclosure());
    parts.add(Version.software());
    String runId = RunId.of(parts);
    p.stage(
        "Timeline of "
            + snapshots.size()
            + " snapshots ("
            + (snapshots.size() - 1)
            + " intervals), run id "
            + runId.substring(0, 16)
            + "...");
    if (BundleOutput.precheck(o.out(), runId, o.signKey())) {
      p.stage("already complete: " + o.out() + " holds the verified bundle of this run");
      return new Outcome(
          new AuditPipeline.Outcome(
              null, true, AuditPipeline.exitCode(FindingsFile.severities(o.out()), o.failOn())),
          0,
          0,
          0);
    }

    PairMetrics pairs = new PairMetrics(p);
    List<Metrics.HistoryPoint> history = new ArrayList<>();
    List<PairAudit.Result> audits = new ArrayList<>();
    int n = snapshots.size() - 1;
    for (int i = 0; i < n; i++) {
      StoredSnapshot b = snapshots.get(i);
      StoredSnapshot c = snapshots.get(i + 1);
      p.stage("Interval " + (i + 1) + " of " + n + ": " + b.asOf() + " to " + c.asOf());
      List<StoredSnapshot> upTo = snapshots.subList(0, i + 2);
      PairAudit.Result a =
          PairAudit.run(
              upTo,
              b,
              c,
              history,
              o.rules(),
              o.disclosure(),
              pairs,
              new IntervalKeep(upTo, b, c, o.rules(), o.disclosure()),
              i == n - 1,
              p);
      audits.add(a);
      history.addAll(a.metrics().countyPoints());
    }

    record Tagged(int interval, Finding finding, org.rollaudit.audit.EvidenceTable evidence) {}
    List<Tagged> tagged = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PairAudit.Result a = audits.get(i);
      for (int j = 0; j < a.findings().size(); j++) {
        tagged.add(new Tagged(i + 1, tag(a.findings().get(j), i + 1, a), a.evidence().get(j)));
      }
    }
    tagged.sort(
        Comparator.comparing(Tagged::finding, FindingOrder.ORDER)
            .thenComparingInt(Tagged::interval));
    List<NumberedFinding> numbered = new ArrayList<>();
    Map<String, Metrics> findingMetrics = new HashMap<>();
    Map<Integer, Set<String>> firedCounties = new HashMap<>();
    int[] perInterval = new int[n + 1];
    for (int i = 0; i < tagged.size(); i++) {
      Tagged t = tagged.get(i);
      String id = String.format(Locale.ROOT, "F-%04d", i + 1);
      numbered.add(new NumberedFinding(id, t.finding(), t.evidence()));
      findingMetrics.put(id, audits.get(t.interval() - 1).metrics());
      perInterval[t.interval()]++;
      String county = t.finding().unit().get("county_id");
      if (county != null) {
        firedCounties.computeIfAbsent(t.interval(), k -> new TreeSet<>()).add(county);
      }
    }

    PairAudit.Result first = audits.get(0);
    PairAudit.Result last = audits.get(n - 1);
    Metrics whole = sum(audits);
    List<InputFile> inputs = new ArrayList<>();
    for (StoredSnapshot s : snapshots) {
      inputs.addAll(Receipts.of(s, "snapshot " + s.asOf()).inputs(o.disclosure()));
    }
    LinkedHashMap<String, Object> method =
        Method.describe(
            last.detected().method(),
            o.rules().errorRates(),
            first.baselineReceipts(),
            last.currentReceipts(),
            o.disclosure());
    method.put("timeline", describe(audits, perInterval));
    AuditResult result =
        new AuditResult(
            runId,
            Version.software(),
            o.disclosure(),
            first.baseline(),
            last.current(),
            AuditPipeline.counts(whole.total()),
            numbered,
            inputs,
            method,
            whole,
            o.reproduce());
    Timeline timeline = timeline(audits, perInterval, firedCounties, findingMetrics, whole);

    p.stage("Writing the bundle to " + o.out());
    boolean already = BundleOutput.write(result, o.out(), o.signKey(), timeline);
    return new Outcome(
        new AuditPipeline.Outcome(
            result,
            already,
            AuditPipeline.exitCode(
                numbered.stream().map(x -> x.finding().severity()).toList(), o.failOn())),
        pairs.computed(),
        (int) audits.stream().filter(a -> !a.findingsKept()).count(),
        (int) audits.stream().filter(PairAudit.Result::evidenceCollected).count());
  }

  /** The finding with its interval in the statistic and at the start of the explanation. */
  private static Finding tag(Finding f, int interval, PairAudit.Result a) {
    LinkedHashMap<String, Double> stat = new LinkedHashMap<>(f.statistic());
    stat.put("interval", (double) interval);
    String explanation =
        "Interval "
            + interval
            + " ("
            + a.baseline().asOf()
            + " to "
            + a.current().asOf()
            + "): "
            + f.explanation();
    return new Finding(
        f.rule(),
        f.ruleName(),
        f.severity(),
        f.unit(),
        f.group(),
        f.affected(),
        stat,
        explanation,
        f.evidence(),
        f.comparison());
  }

  /** method.json's timeline block: the intervals the findings' {@code interval} numbers name. */
  private static LinkedHashMap<String, Object> describe(
      List<PairAudit.Result> audits, int[] perInterval) {
    LinkedHashMap<String, Object> t = new LinkedHashMap<>();
    t.put(
        "what",
        "every consecutive pair of the store's snapshots audited with the rules below, each with"
            + " the own history of the intervals before it; the rules part describes the tests of"
            + " the last interval");
    t.put(
        "counts",
        "findings.json counts and the overview charts are sums over the intervals (a voter removed"
            + " in two intervals counts twice); rates there are removals per at-risk voter and"
            + " interval");
    t.put(
        "finding_interval",
        "statistic.interval of a finding is the index below; its explanation starts with the"
            + " interval's dates");
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < audits.size(); i++) {
      PairAudit.Result a = audits.get(i);
      LinkedHashMap<String, Object> e = new LinkedHashMap<>();
      e.put("interval", i + 1);
      e.put("baseline_as_of", a.baseline().asOf().toString());
      e.put("current_as_of", a.current().asOf().toString());
      e.put("days", ChronoUnit.DAYS.between(a.baseline().asOf(), a.current().asOf()));
      e.put("at_risk", a.metrics().total().atRisk());
      e.put("removed", a.metrics().total().removed());
      e.put("findings", perInterval[i + 1]);
      list.add(e);
    }
    t.put("intervals", list);
    return t;
  }

  /** Every interval's cells summed (the overview of the whole history). */
  private static Metrics sum(List<PairAudit.Result> audits) {
    SortedMap<String, String> names = new TreeMap<>(UnitOrder.IDS);
    Map<List<String>, Counts> demo = new HashMap<>();
    CellSums sums = new CellSums();
    Map<List<String>, Long> changes = new HashMap<>();
    for (PairAudit.Result a : audits) {
      Metrics m = a.metrics();
      names.putAll(m.countyNames());
      for (Metrics.DemographicCell c : m.demographic()) {
        demo.merge(
            List.of(c.countyId(), c.race(), c.ethnicity(), c.gender(), c.ageBand(), c.party()),
            c.counts(),
            Counts::plus);
      }
      for (Metrics.PrecinctCell c : m.precincts()) {
        sums.precinct(c.countyId(), c.precinct(), c.counts());
      }
      for (Metrics.ReasonCell c : m.removalReasons()) {
        sums.reason(c.countyId(), c.precinct(), c.reason(), c.statusDate(), c.removed());
      }
      for (Metrics.FieldChangeCell c : m.fieldChanges()) {
        changes.merge(
            List.of(c.countyId(), c.precinct(), c.field(), c.transformation()),
            c.voters(),
            Long::sum);
      }
    }
    List<Metrics.DemographicCell> d = new ArrayList<>();
    demo.forEach(
        (k, v) ->
            d.add(
                new Metrics.DemographicCell(
                    k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), k.get(5), v)));
    List<Metrics.FieldChangeCell> fc = new ArrayList<>();
    changes.forEach(
        (k, v) -> fc.add(new Metrics.FieldChangeCell(k.get(0), k.get(1), k.get(2), k.get(3), v)));
    return MetricsJob.assemble(
        audits.get(0).baseline(),
        audits.get(audits.size() - 1).current(),
        names,
        d,
        sums.precinctCells(),
        sums.reasonCells(),
        fc,
        List.of());
  }

  private static Timeline timeline(
      List<PairAudit.Result> audits,
      int[] perInterval,
      Map<Integer, Set<String>> fired,
      Map<String, Metrics> findingMetrics,
      Metrics whole) {
    List<Timeline.Interval> intervals = new ArrayList<>();
    SortedMap<String, Map<Integer, long[]>> byCounty = new TreeMap<>(UnitOrder.IDS);
    for (int i = 0; i < audits.size(); i++) {
      PairAudit.Result a = audits.get(i);
      Counts t = a.metrics().total();
      intervals.add(
          new Timeline.Interval(
              i + 1,
              a.baseline().asOf(),
              a.current().asOf(),
              t.atRisk(),
              t.removed(),
              perInterval[i + 1]));
      for (Metrics.HistoryPoint h : a.metrics().countyPoints()) {
        byCounty
            .computeIfAbsent(h.countyId(), k -> new TreeMap<>())
            .put(i + 1, new long[] {h.atRisk(), h.removed()});
      }
    }
    List<Timeline.CountyPoint> points = new ArrayList<>();
    byCounty.forEach(
        (county, series) -> {
          for (int i = 1; i <= audits.size(); i++) {
            long[] v = series.getOrDefault(i, new long[2]);
            points.add(
                new Timeline.CountyPoint(
                    county,
                    whole.countyNames().getOrDefault(county, ""),
                    i,
                    v[0],
                    v[1],
                    fired.getOrDefault(i, Set.of()).contains(county)));
          }
        });
    return new Timeline(intervals, points, findingMetrics);
  }
}
