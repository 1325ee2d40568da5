package org.rollaudit.store;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.rollaudit.audit.RollAuditException;

/**
 * A bundle folder on a Hadoop file system ({@code hdfs://}, {@code s3a://}): bundles are written
 * and verified on the driver's local disk, and this moves them there and back. Uploading copies the
 * folder but its SHA256SUMS beside the target under a hidden name, renames it into place, and puts
 * SHA256SUMS last. S3A's rename copies file by file, so an upload that dies part-way can leave part
 * of a bundle at the target; without SHA256SUMS it is never taken for a whole one ({@code rollaudit
 * verify} reports it incomplete), and the same audit run again completes it (see {@link
 * LocalCopy#setAsideUnfinished}).
 */
public final class RemoteFolder {
  /** The file an upload puts last: a folder without it holds no complete bundle. */
  private static final String SUMS = "SHA256SUMS";

  /** Files every bundle has (interface.md section 2). */
  private static final List<String> BUNDLE_FILES =
      List.of(SUMS, "findings.json", "method.json", "inputs.json");

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

    /**
     * Moves a copied folder that holds files but no SHA256SUMS (an upload that died before its last
     * file) out of {@link #dir()}, so that the run writes its bundle there afresh, and returns
     * where it went; {@link #upload} then completes the folder if every file in it is this run's.
     * Empty when the copy holds no such folder.
     */
    public Optional<java.nio.file.Path> setAsideUnfinished() throws IOException {
      if (!unfinished()) {
        return Optional.empty();
      }
      return Optional.of(Files.move(dir(), temp.resolve("unfinished")));
    }

    /** The copy holds files but no SHA256SUMS: part of a bundle, as an upload that died left it. */
    public boolean unfinished() throws IOException {
      return found && !Files.exists(dir().resolve(SUMS)) && !isEmpty(dir());
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
   * Puts the local folder at this path, which must be absent or an empty folder: copied without its
   * SHA256SUMS to a hidden sibling first, then renamed, then SHA256SUMS. Hidden siblings a killed
   * upload left (on S3, with what its rename had not copied yet) are removed first. With {@code
   * unfinished} (the folder as an upload that died left it, {@link LocalCopy#setAsideUnfinished}),
   * completes it instead.
   */
  public void upload(java.nio.file.Path local, Optional<java.nio.file.Path> unfinished)
      throws IOException {
    String prefix = "." + path.getName() + STAGING;
    // What a killed upload left beside the target, as StagingDirectory does for a local bundle.
    FileStatus[] stale = fs.globStatus(new Path(path.getParent(), prefix + "*"));
    for (FileStatus f : stale == null ? new FileStatus[0] : stale) {
      fs.delete(f.getPath(), true);
    }
    if (unfinished.isPresent()) {
      complete(local, unfinished.get());
      return;
    }
    Path staging = new Path(path.getParent(), prefix + UUID.randomUUID());
    try {
      fs.copyFromLocalFile(false, false, new Path(local.toUri()), staging);
      fs.delete(new Path(staging, SUMS), false);
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
      put(local, SUMS);
    } finally {
      if (fs.exists(staging)) {
        fs.delete(staging, true);
      }
    }
  }

  /**
   * Completes the folder an upload that died left: every file in it must be this run's, byte for
   * byte (it never holds another run's bundle, nor anything a user put there); the missing files
   * are put beside them, SHA256SUMS last. Nothing there is overwritten or removed.
   */
  private void complete(java.nio.file.Path local, java.nio.file.Path unfinished)
      throws IOException {
    List<java.nio.file.Path> there = files(unfinished);
    for (java.nio.file.Path rel : there) {
      java.nio.file.Path mine = local.resolve(rel.toString());
      if (!Files.isRegularFile(mine) || Files.mismatch(unfinished.resolve(rel), mine) != -1) {
        throw RollAuditException.input(
            "Cannot publish the bundle: "
                + path
                + " holds part of a bundle without its "
                + SUMS
                + " (an upload that died), and its "
                + rel
                + " is not this run's. The bundle was not written; delete that folder or choose"
                + " a new --out.");
      }
    }
    Set<java.nio.file.Path> present = new HashSet<>(there);
    for (java.nio.file.Path rel : files(local)) {
      if (!present.contains(rel) && !rel.toString().equals(SUMS)) {
        put(local, rel.toString());
      }
    }
    put(local, SUMS);
  }

  /** Copies one file of the local folder to the same relative path here. */
  private void put(java.nio.file.Path local, String rel) throws IOException {
    fs.copyFromLocalFile(false, true, new Path(local.resolve(rel).toUri()), new Path(path, rel));
  }

  /** The regular files under {@code dir}, relative to it, in name order. */
  private static List<java.nio.file.Path> files(java.nio.file.Path dir) throws IOException {
    try (Stream<java.nio.file.Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
    }
  }

  private static boolean isEmpty(java.nio.file.Path dir) throws IOException {
    try (Stream<java.nio.file.Path> in = Files.list(dir)) {
      return in.findAny().isEmpty();
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
