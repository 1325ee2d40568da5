package org.rollaudit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.audit.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code rollaudit} command tree (interface.md §1). Exit codes: 0 done, 1 findings at or above
 * --fail-on (verify: bundle altered), 2 usage, 3 input rejected, 4 internal error.
 */
@Command(
    name = "rollaudit",
    mixinStandardHelpOptions = true,
    versionProvider = RollAudit.VersionProvider.class,
    description = {
      "Audits voter-registration roll snapshots and writes a reproducible audit bundle.",
      "Finds anomalous mass deletions, skewed removals, bulk field changes and same-day"
          + " removal batches. Start with 'rollaudit demo'; every command has --help."
    },
    subcommands = {
      DemoCommand.class,
      org.rollaudit.generate.GenerateCommand.class,
      IngestCommand.class,
      AuditCommand.class,
      TimelineCommand.class,
      RunCommand.class,
      org.rollaudit.verify.VerifyCommand.class,
      org.rollaudit.verify.KeygenCommand.class,
      RulesCommand.class,
      LayoutsCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:finished; no finding at or above --fail-on; verify: bundle intact",
      "1:findings at or above --fail-on; verify: bundle altered or incomplete",
      "2:usage error or invalid rule file; nothing was read",
      "3:input rejected (unreadable, header mismatch, too many rejected rows)",
      "4:internal error (stack trace with --stacktrace)"
    })
public final class RollAudit implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return RollAuditException.USAGE;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new RollAudit());
    cl.setExecutionExceptionHandler(RollAudit::handle);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("rollaudit: " + ex.getMessage());
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return RollAuditException.USAGE;
        });
    return cl;
  }

  private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    boolean trace = parsed.originalArgs().contains("--stacktrace");
    Throwable t = ex;
    while (!(t instanceof RollAuditException) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (!(t instanceof RollAuditException)) {
      String known = missingS3Connector(ex);
      known = known == null ? unknownHost(ex) : known;
      t = known == null ? t : RollAuditException.usage(known);
    }
    if (t instanceof RollAuditException rae) {
      err.println("rollaudit: " + rae.getMessage());
      if (trace) {
        ex.printStackTrace(err);
      }
      err.flush();
      return rae.exitCode();
    }
    err.println(
        "rollaudit: internal error: "
            + ex
            + (trace ? "" : " (run again with --stacktrace for details)"));
    if (trace) {
      ex.printStackTrace(err);
    }
    err.flush();
    return RollAuditException.INTERNAL;
  }

  /**
   * What to do when a URI names a host that does not resolve (a mistyped hdfs:// namenode or S3
   * endpoint), or null. Hadoop reports it from deep inside its clients, often as an
   * IllegalArgumentException, so it is recognised by its cause wherever it was thrown.
   */
  private static String unknownHost(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.UnknownHostException) {
        return "Cannot reach host "
            + t.getMessage()
            + ": the name does not resolve. Check the host in the hdfs:// or s3a:// URIs given"
            + " (--store, --out, the inputs) and in the Hadoop settings (fs.defaultFS, the S3A"
            + " endpoint).";
      }
    }
    return null;
  }

  /**
   * What to do when an s3a:// URI meets a class path without Hadoop's S3A connector, which
   * rollaudit does not bundle (a cluster brings its own), or null for any other failure. Hadoop
   * maps the scheme to the connector's class by default, so the failure is a missing class, not an
   * unknown scheme (which the store and input checks already report as such).
   */
  private static String missingS3Connector(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ClassNotFoundException
          && String.valueOf(t.getMessage()).contains("org.apache.hadoop.fs.s3a.")) {
        String hadoop = org.apache.hadoop.util.VersionInfo.getVersion();
        return "s3a:// URIs need Hadoop's S3A connector, which rollaudit does not bundle ("
            + t.getMessage()
            + "). Put hadoop-aws "
            + hadoop
            + " and the aws-java-sdk-bundle it was built with on the class path: with"
            + " spark-submit, --packages org.apache.hadoop:hadoop-aws:"
            + hadoop
            + " or the cluster's own connector; with bin/rollaudit, ROLLAUDIT_CLASSPATH=JAR:JAR"
            + " (docs/cluster.md).";
      }
    }
    return null;
  }

  /** {@code rollaudit --version}. */
  public static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        Version.software(),
        "Spark " + Version.sparkVersion(),
        "Java " + System.getProperty("java.version")
      };
    }
  }
}
