package org.rollaudit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.pipeline.AuditPipeline;
import org.rollaudit.pipeline.TimelinePipeline;
import org.rollaudit.rules.RuleSet;
import org.rollaudit.spark.Sparks;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollaudit timeline}: audits every consecutive pair of the store and the history as a
 * whole, one bundle. Incremental: the metrics, findings and evidence of intervals audited before by
 * the same build with the same rules are read from the store, so after one new snapshot only the
 * new pair is compared and detected ({@link org.rollaudit.pipeline.TimelinePipeline}).
 */
@Command(
    name = "timeline",
    mixinStandardHelpOptions = true,
    description = {
      "Audits each pair of consecutive snapshots in the store, and the whole history.",
      "Writes one bundle with one report (a time series per county) and"
          + " tables/county_series.csv. Each pair's counts and each interval's findings and"
          + " evidence are kept in the store (STORE/metrics/), keyed by the snapshots, the rules"
          + " and the build of rollaudit: after one new snapshot only the new pair is compared"
          + " and detected, and the same timeline run again detects nothing."
    })
public final class TimelineCommand implements Callable<Integer> {
  @Option(
      names = "--store",
      required = true,
      paramLabel = "DIR",
      description = "Snapshot store folder or URI (at least two snapshots).")
  String store;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description =
          "New or empty folder for the bundle: a local path, or an hdfs:// or s3a:// URI (built"
              + " on local disk, then uploaded).")
  String out;

  @Mixin AuditCommand.AuditOptions audit;

  @Override
  public Integer call() {
    RuleSet rules = audit.loadRules();
    if (SnapshotStore.absentLocally(store)) {
      throw RollAuditException.usage(
          "Cannot build a timeline: the store "
              + store
              + " does not exist. Ingest snapshots first with 'rollaudit ingest --store "
              + store
              + " --as-of DATE ...'.");
    }
    if (!store.contains("://") && !Files.exists(Path.of(store).resolve("store.json"))) {
      throw RollAuditException.usage(
          "Cannot build a timeline: "
              + store
              + " holds no store.json, so it is not a rollaudit store. Point --store at the"
              + " folder given to 'rollaudit ingest --store'.");
    }
    Progress progress = Progress.stderr();
    SparkSession spark = Sparks.session();
    try (BundleTarget target = BundleTarget.of(out, spark)) {
      List<StoredSnapshot> snapshots = SnapshotStore.open(spark, store).list();
      List<String> reproduce = Reproduce.timeline(snapshots, audit.reproduceFlags(rules));
      TimelinePipeline.Outcome outcome =
          TimelinePipeline.run(
              store, snapshots, audit.options(rules, target.local(), reproduce), progress);
      AuditPipeline.Outcome o = outcome.outcome();
      target.publish(o, progress);
      Summary.print(o, target, System.out);
      return o.exitCode();
    }
  }
}
