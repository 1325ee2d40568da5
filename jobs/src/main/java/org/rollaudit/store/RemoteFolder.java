package org.rollaudit.store;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.rollaudit.audit.RollAuditException;

/**
 * A bundle folder on a Hadoop file system ({@code hdfs://}, {@code s3a://}): bundles are written
 * and verified on the driver's local disk, and this moves them there and back. Uploading copies the
 * folder beside the target under a hidden name and renames it into place, so on HDFS a reader sees
 * the whole bundle or none of it. (S3A's rename is a copy, so there a reader may see part of one;
 * {@code rollaudit verify} reports such a bundle as incomplete.)
 */
public final class RemoteFolder {
  /** Files every bundle has (interface.md section 2). */
  private static final List<String> BUNDLE_FILES =
      List.of("SHA256SUMS", "findings.json", "method.json", "inputs.json");

  /** The hidden sibling an upload is copied to before its rename: {@code .NAME<this>UUID}. */
  private static final String STAGING = ".rollaudit-staging-";

  private final FileSystem fs;
  private final Path path;

  private RemoteFolder(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  /** A URI with a scheme other than {@code file:}; anything else is a local path. */
  public static boolean isRemote(String arg) {
    return arg.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !arg.startsWith("file:");
  }

  public static RemoteFolder of(String uri, Configuration conf) {
    Path p = new Path(uri);
    if (p.getParent() == null) {
      // The upload renames a sibling into place, and the root has no siblings.
      throw RollAuditException.usage(
          "Cannot use "
              + uri
              + " as a bundle folder: it is the file system's root. Name a folder.");
    }
    try {
      return new RemoteFolder(p.getFileSystem(conf), p);
    } catch (IOException e) {
      throw RollAuditException.usage(
          "Cannot reach "
              + uri
              + ": "
              + e.getMessage()
              + ". Check the URI and the Hadoop settings.");
    }
  }

  /**
   * A local copy of this folder, for the checks and writes that run on the driver's disk: {@link
   * #dir()} in a new temporary folder that {@link #close()} removes. {@link #found()} is false when
   * there is no folder to copy (then {@code dir()} does not exist yet).
   */
  public static final class LocalCopy implements AutoCloseable {
    private final java.nio.file.Path temp;
    private final boolean found;

    private LocalCopy(java.nio.file.Path temp, boolean found) {
      this.temp = temp;
      this.found = found;
    }

    public java.nio.file.Path dir() {
      return temp.resolve("bundle");
    }

    public boolean found() {
      return found;
    }

    @Override
    public void close() {
      // Hadoop's own tree delete: a symlink inside is removed, never what it points to.
      FileUtil.fullyDelete(temp.toFile());
    }
  }

  /** Downloads the folder into a new local temporary folder (see {@link LocalCopy}). */
  public LocalCopy localCopy() throws IOException {
    java.nio.file.Path temp = Files.createTempDirectory("rollaudit-bundle-");
    try {
      return new LocalCopy(temp, download(temp.resolve("bundle")));
    } catch (IOException | RuntimeException e) {
      FileUtil.fullyDelete(temp.toFile());
      throw e;
    }
  }

  /**
   * Copies the folder to {@code local}, which must not exist yet; false when there is no folder.
   * Refuses a file, and a folder that holds files but none of a bundle's own (a mistyped URI such
   * as a data folder is not copied whole to the driver's disk).
   */
  private boolean download(java.nio.file.Path local) throws IOException {
    if (!fs.exists(path)) {
      return false;
    }
    if (!fs.getFileStatus(path).isDirectory()) {
      throw RollAuditException.usage(
          path + " is a file, not a bundle folder. Pass a new or empty folder.");
    }
    FileStatus[] inside = fs.listStatus(path);
    if (inside.length > 0
        && Arrays.stream(inside).noneMatch(f -> BUNDLE_FILES.contains(f.getPath().getName()))) {
      throw RollAuditException.usage(
          path
              + " holds "
              + inside.length
              + " file(s) or folder(s) and no "
              + String.join(", ", BUNDLE_FILES)
              + ": it is not a bundle. Pass a new or empty folder.");
    }
    // The raw local file system: no .crc side files beside the bundle's own files.
    fs.copyToLocalFile(false, path, new Path(local.toUri()), true);
    return true;
  }

  /**
   * Puts the local folder at this path, which must be absent or an empty folder: copied to a hidden
   * sibling first, then renamed. Hidden siblings a killed upload left are removed first.
   */
  public void upload(java.nio.file.Path local) throws IOException {
    String prefix = "." + path.getName() + STAGING;
    // What a killed upload left beside the target, as StagingDirectory does for a local bundle.
    FileStatus[] stale = fs.globStatus(new Path(path.getParent(), prefix + "*"));
    for (FileStatus f : stale == null ? new FileStatus[0] : stale) {
      fs.delete(f.getPath(), true);
    }
    Path staging = new Path(path.getParent(), prefix + UUID.randomUUID());
    try {
      fs.copyFromLocalFile(false, false, new Path(local.toUri()), staging);
      if (fs.exists(path)) {
        FileStatus[] inside = fs.listStatus(path);
        if (inside.length > 0) {
          throw RollAuditException.input(
              "Cannot publish the bundle: "
                  + path
                  + " is no longer empty (another run wrote to it). The bundle was not written;"
                  + " run again with a new --out.");
        }
        fs.delete(path, false);
      }
      if (!fs.rename(staging, path)) {
        throw new IOException("could not rename " + staging + " to " + path);
      }
    } finally {
      if (fs.exists(staging)) {
        fs.delete(staging, true);
      }
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
