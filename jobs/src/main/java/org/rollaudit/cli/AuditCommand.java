package org.rollaudit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.audit.Severity;
import org.rollaudit.pipeline.AuditPipeline;
import org.rollaudit.pipeline.Home;
import org.rollaudit.rules.RuleSet;
import org.rollaudit.spark.Sparks;
import org.rollaudit.store.StoredSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rollaudit audit}: compares two snapshots, runs every enabled rule, writes the bundle. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Compares two snapshots, runs every enabled rule and writes the audit bundle.",
      "SNAP is YYYY-MM-DD of a snapshot in --store, or an input file ingested on the fly"
          + " with --layout (its as-of date taken from a YYYYMMDD or YYYY-MM-DD in the file name)"
          + " into --store, or without it into out/store of the working folder: a cache where"
          + " other files of a date it holds replace the earlier ones (kept under"
          + " out/store/replaced/)."
    })
public final class AuditCommand implements Callable<Integer> {
  @Option(
      names = "--baseline",
      required = true,
      paramLabel = "SNAP",
      description = "The older snapshot.")
  String baseline;

  @Option(
      names = "--current",
      required = true,
      paramLabel = "SNAP",
      description = "The newer snapshot.")
  String current;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description =
          "New or empty folder for the bundle: a local path, or an hdfs:// or s3a:// URI (built"
              + " on local disk, then uploaded).")
  String out;

  @Mixin AuditOptions audit;

  @Mixin SnapshotOptions snapshots;

  @Override
  public Integer call() {
    RuleSet rules = audit.loadRules();
    Progress progress = Progress.stderr();
    SparkSession spark = Sparks.session();
    // Before the snapshots: an unreachable or occupied --out URI fails before any ingest.
    try (BundleTarget target = BundleTarget.of(out, spark)) {
      SnapshotResolver resolver = snapshots.resolver(spark, progress);
      StoredSnapshot b = resolver.resolve(baseline, "--baseline");
      StoredSnapshot c = resolver.resolve(current, "--current");
      List<String> reproduce = Reproduce.lines(b, c, audit.reproduceFlags(rules));
      AuditPipeline.Outcome outcome =
          AuditPipeline.run(
              resolver.history(b, c),
              b,
              c,
              audit.options(rules, target.local(), reproduce),
              progress);
      target.publish(outcome, progress);
      Summary.print(outcome, target, System.out);
      return outcome.exitCode();
    }
  }

  /** Options shared by audit-like commands (audit, demo, later timeline and run). */
  public static final class AuditOptions {
    @Option(names = "--rules", paramLabel = "DIR", description = "Rules folder (default: rules/).")
    String rules;

    @Option(
        names = "--disclosure",
        defaultValue = "public",
        paramLabel = "public|restricted",
        description = "public (default): no personal details; restricted adds names and addresses.")
    String disclosure;

    @Option(
        names = "--fail-on",
        defaultValue = "high",
        paramLabel = "high|medium|low|never",
        description = "Exit 1 when a finding has at least this severity (default: high).")
    String failOn;

    @Option(
        names = "--sign-key",
        paramLabel = "FILE",
        description = "Ed25519 private key (PKCS#8 PEM) to sign SHA256SUMS.")
    Path signKey;

    @Option(names = "--stacktrace", description = "Print the stack trace of an internal error.")
    boolean stacktrace;

    RuleSet loadRules() {
      if (!disclosure.equals("public") && !disclosure.equals("restricted")) {
        throw RollAuditException.usage(
            "Cannot audit: --disclosure must be public or restricted (got " + disclosure + ").");
      }
      severity();
      if (signKey != null && !java.nio.file.Files.isReadable(signKey)) {
        throw RollAuditException.usage(
            "Cannot sign: the key file "
                + signKey
                + " is not readable. Make one with 'rollaudit keygen'.");
      }
      return RuleSet.load(Home.rules(rules));
    }

    Severity severity() {
      if (failOn.equals("never")) {
        return null;
      }
      try {
        return Severity.parse(failOn);
      } catch (IllegalArgumentException e) {
        throw RollAuditException.usage(
            "Cannot audit: --fail-on must be high, medium, low or never (got " + failOn + ").");
      }
    }

    AuditPipeline.Options options(RuleSet set, Path out, List<String> reproduce) {
      return new AuditPipeline.Options(
          set, disclosure, Optional.ofNullable(signKey), severity(), out, reproduce);
    }

    /**
     * The byte-changing flags, as they would be typed again (relative names only). --rules only
     * when the rules differ from the default ones: the run id covers the rules' digest, not the
     * folder they were read from, and the same run id must give the same bytes.
     */
    String reproduceFlags(RuleSet set) {
      StringBuilder s = new StringBuilder();
      if (rules != null && !set.digest().equals(RuleSet.load(Home.rules(null)).digest())) {
        s.append(" --rules RULES");
      }
      if (!disclosure.equals("public")) {
        s.append(" --disclosure ").append(disclosure);
      }
      if (signKey != null) {
        s.append(" --sign-key KEY");
      }
      return s.toString();
    }
  }
}
