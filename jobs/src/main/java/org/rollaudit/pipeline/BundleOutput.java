package org.rollaudit.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.report.BundleWriter;
import org.rollaudit.report.SigningKey;
import org.rollaudit.report.Timeline;

/** Hands the result to the bundle writer; true when an identical bundle was already there. */
final class BundleOutput {
  private BundleOutput() {}

  /**
   * Before the Spark work: refuses (exit 2) an --out that holds anything but this run's bundle, so
   * that nothing is read in vain; true when this run's bundle is already there.
   */
  static boolean precheck(Path out, String runId, Optional<Path> signKey) {
    Optional<SigningKey> key = signKey.map(SigningKey::read);
    try {
      return BundleWriter.alreadyComplete(out, runId, key);
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INTERNAL,
          "Cannot read the output folder " + out + ": " + e.getMessage() + ".",
          e);
    }
  }

  static boolean write(AuditResult result, Path out, Optional<Path> signKey) {
    return write(result, out, signKey, null);
  }

  /** A timeline bundle when {@code timeline} is not null. */
  static boolean write(AuditResult result, Path out, Optional<Path> signKey, Timeline timeline) {
    Optional<SigningKey> key = signKey.map(SigningKey::read);
    try {
      BundleWriter.Result r =
          BundleWriter.write(result, out.toAbsolutePath(), key, Optional.ofNullable(timeline));
      return r.outcome() == BundleWriter.Outcome.ALREADY_COMPLETE;
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INTERNAL,
          "Cannot write the bundle to "
              + out
              + ": "
              + e.getMessage()
              + ". Check free space and permissions; nothing partial was left there.",
          e);
    }
  }
}
