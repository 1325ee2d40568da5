package org.rollaudit.verify;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.store.RemoteFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rollaudit verify BUNDLE_DIR [--public-key FILE]}: prints one line per check and exits 0
 * when the bundle is intact, 1 when it is altered or incomplete, 2 on a usage error.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a bundle: files against SHA256SUMS, the signature, evidence vs findings.",
      "Prints one line per check (PASS or FAIL). Without --public-key a signed bundle is"
          + " checked against its own signer.pub, which shows consistency only; pass the"
          + " signer's published key to check who signed it."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:bundle intact", "1:bundle altered or incomplete", "2:usage error"})
public final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "BUNDLE_DIR",
      description =
          "The bundle folder: a local path, or an hdfs:// or s3a:// URI (downloaded first).")
  String bundle;

  @Option(
      names = "--public-key",
      paramLabel = "FILE",
      description =
          "Trusted Ed25519 public key (PEM, as written by 'rollaudit keygen' or openssl).")
  Path publicKey;

  @Override
  public Integer call() {
    if (!RemoteFolder.isRemote(bundle)) {
      return verify(Path.of(bundle));
    }
    // Checked where the checks run: a local copy, made afresh, removed afterwards. The file system
    // is set up as Spark sets it up for the commands that write bundles (spark.hadoop.* settings
    // from -D or spark-submit's --conf, AWS keys from the environment): without them an s3a://
    // bundle that audit could write, verify could not read.
    try (RemoteFolder.LocalCopy copy =
        RemoteFolder.of(bundle, SparkHadoopUtil.get().newConfiguration(new SparkConf()))
            .localCopy()) {
      if (!copy.found()) {
        return notAFolder();
      }
      int exit = verify(copy.dir());
      if (copy.unfinished()) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(
            "An upload puts SHA256SUMS last: without it this is part of a bundle, as an upload"
                + " that died leaves one. The same audit run again completes it.");
        out.flush();
      }
      return exit;
    } catch (IOException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("rollaudit: Cannot download " + bundle + ": " + e.getMessage());
      err.flush();
      return RollAuditException.USAGE;
    }
  }

  private int notAFolder() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("rollaudit: Cannot verify: not a folder (" + bundle + "). Pass the bundle folder.");
    err.flush();
    return RollAuditException.USAGE;
  }

  private int verify(Path bundle) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(bundle)) {
      return notAFolder();
    }
    byte[] trusted = null;
    if (publicKey != null) {
      try {
        trusted = Files.readAllBytes(publicKey);
      } catch (IOException e) {
        err.println("rollaudit: Cannot read public key (" + publicKey + "): " + e.getMessage());
        err.flush();
        return RollAuditException.USAGE;
      }
      if (!BundleVerifier.isPublicKey(trusted)) {
        err.println(
            "rollaudit: Cannot use public key: not an Ed25519 PEM public key ("
                + publicKey
                + "). Pass the signer's '-----BEGIN PUBLIC KEY-----' file.");
        err.flush();
        return RollAuditException.USAGE;
      }
    }
    VerificationReport report = BundleVerifier.verify(bundle, trusted);
    report.lines().forEach(out::println);
    if (report.fingerprint() != null) {
      out.println("Public key fingerprint: " + report.fingerprint());
    }
    out.println(
        report.intact()
            ? "Bundle intact."
            : "Bundle ALTERED or incomplete: " + report.failures().size() + " check(s) failed.");
    out.flush();
    return report.intact() ? 0 : RollAuditException.FINDINGS;
  }
}
