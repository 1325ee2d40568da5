package org.rollaudit.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.pipeline.AuditPipeline;
import org.rollaudit.store.RemoteFolder;

/**
 * Where {@code --out} puts a bundle: a local folder, written in place, or a Hadoop URI ({@code
 * hdfs://}, {@code s3a://}). A bundle for a URI is built in a local temporary folder, as the
 * bundle's writer builds, checks and publishes it on the driver's disk, and uploaded once complete.
 * A bundle already at the URI is downloaded first, so that the same audit run again finds it
 * complete and writes nothing, and a different one is refused, as with a local folder; part of a
 * bundle that a dead upload left (no SHA256SUMS) is completed if it is this run's.
 */
final class BundleTarget implements AutoCloseable {
  private final String given;
  private final Path local;
  private final RemoteFolder remote;
  private final RemoteFolder.LocalCopy copy;
  private final Optional<Path> unfinished;

  private BundleTarget(
      String given,
      Path local,
      RemoteFolder remote,
      RemoteFolder.LocalCopy copy,
      Optional<Path> unfinished) {
    this.given = given;
    this.local = local;
    this.remote = remote;
    this.copy = copy;
    this.unfinished = unfinished;
  }

  /** A local folder. */
  static BundleTarget local(Path dir) {
    return new BundleTarget(dir.toString(), dir, null, null, Optional.empty());
  }

  static BundleTarget of(String out, SparkSession spark) {
    if (out.startsWith("file:")) {
      try {
        return local(Path.of(URI.create(out)));
      } catch (IllegalArgumentException e) {
        throw RollAuditException.usage(
            "Cannot use --out " + out + ": " + e.getMessage() + ". Give a folder or file:///PATH.");
      }
    }
    if (!RemoteFolder.isRemote(out)) {
      return local(Path.of(out));
    }
    RemoteFolder remote = RemoteFolder.of(out, spark.sparkContext().hadoopConfiguration());
    RemoteFolder.LocalCopy copy = null;
    try {
      copy = remote.localCopy();
      return new BundleTarget(out, copy.dir(), remote, copy, copy.setAsideUnfinished());
    } catch (IOException e) {
      if (copy != null) {
        copy.close();
      }
      // Before any input is read: a wrong bucket, host or key is the usual cause.
      throw new RollAuditException(
          RollAuditException.USAGE,
          "Cannot read the bundle folder "
              + out
              + ": "
              + e.getMessage()
              + ". Check the URI and the Hadoop settings (endpoint, credentials).",
          e);
    }
  }

  /** The folder the pipeline writes. */
  Path local() {
    return local;
  }

  /** Uploads the bundle the run wrote; nothing when the bundle was already complete. */
  void publish(AuditPipeline.Outcome o, Progress progress) {
    if (remote == null || o.result() == null || o.alreadyComplete()) {
      return;
    }
    // The pipeline's own stage line names the local folder it built the bundle in.
    progress.stage(
        (unfinished.isPresent() ? "Completing the upload an earlier run left at " : "Uploading to ")
            + given);
    try {
      remote.upload(local, unfinished);
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INTERNAL,
          "Cannot upload the bundle to "
              + given
              + ": "
              + e.getMessage()
              + ". A bundle there without its SHA256SUMS (put last) is incomplete: run the same"
              + " audit again to finish the upload.",
          e);
    }
  }

  /** The report's place, for people. */
  String report() {
    return remote == null
        ? local.toAbsolutePath().normalize().resolve("report.html").toString()
        : given.replaceFirst("/+$", "") + "/report.html";
  }

  /** The folder as given. */
  String shown() {
    return remote == null ? local.toString() : given;
  }

  @Override
  public void close() {
    if (copy != null) {
      copy.close();
    }
  }
}
