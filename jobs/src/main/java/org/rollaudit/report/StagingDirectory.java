package org.rollaudit.report;

import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder a bundle is built in, beside its final place and on the same file system, so that
 * publishing it is one {@code rename(2)} (reliability.md §9). Every file is written with {@code
 * CREATE_NEW} and forced to disk before the next step; folders are forced too, so that after a
 * crash the bundle is either absent or complete.
 */
public final class StagingDirectory {

  static final String MARKER = ".staging-";

  private final Path dir;

  private StagingDirectory(Path dir) {
    this.dir = dir;
  }

  /** {@code <parent>/.<name>.staging-<first 16 hex of run id>}. */
  static Path pathFor(Path out, String runId) {
    return parentOf(out).resolve("." + nameOf(out) + MARKER + runId.substring(0, 16));
  }

  /**
   * Removes staging folders a crashed run of ours left beside {@code out}: names {@code
   * .<name>.staging-*}, nothing else.
   *
   * @return the folders removed
   */
  static List<Path> removeStale(Path out) throws IOException {
    List<Path> removed = new ArrayList<>();
    Path parent = parentOf(out);
    if (!Files.isDirectory(parent)) {
      return removed;
    }
    String prefix = "." + nameOf(out) + MARKER;
    try (DirectoryStream<Path> ds =
        Files.newDirectoryStream(parent, p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path p : ds) {
        deleteTree(p);
        removed.add(p);
      }
    }
    return removed;
  }

  static StagingDirectory create(Path path) throws IOException {
    Files.createDirectories(path.getParent());
    Files.createDirectory(path);
    return new StagingDirectory(path);
  }

  Path path() {
    return dir;
  }

  /** Writes one file (parents created as needed) and forces it to disk. */
  void write(String relative, byte[] bytes) throws IOException {
    Path p = resolve(relative);
    try (FileChannel ch =
        FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  void write(String relative, String text) throws IOException {
    write(relative, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A text file written through a UTF-8 writer (for large CSVs), then forced to disk. */
  void write(String relative, TextBody body) throws IOException {
    Path p = resolve(relative);
    try (FileChannel ch =
        FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      Writer w =
          new BufferedWriter(
              new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8),
              1 << 16);
      // opencsv closes the writer it is given; keep the channel open until it is forced.
      Writer keepOpen =
          new FilterWriter(w) {
            @Override
            public void close() throws IOException {
              flush();
            }
          };
      body.writeTo(keepOpen);
      w.flush();
      ch.force(true);
    }
  }

  /** Forces every folder of the staging tree, deepest first, so its entries survive a crash. */
  void syncFolders() throws IOException {
    List<Path> dirs = new ArrayList<>();
    try (var s = Files.walk(dir)) {
      s.filter(Files::isDirectory).forEach(dirs::add);
    }
    for (int i = dirs.size() - 1; i >= 0; i--) {
      syncFolder(dirs.get(i));
    }
  }

  /** Moves the staging folder to {@code out} in one step and forces the parent folder. */
  void publish(Path out) throws IOException {
    Files.move(dir, out, StandardCopyOption.ATOMIC_MOVE);
    syncFolder(parentOf(out));
  }

  /** Writing a file's content; may throw. */
  @FunctionalInterface
  interface TextBody {
    void writeTo(Writer w) throws IOException;
  }

  static void syncFolder(Path folder) throws IOException {
    // Linux and macOS allow opening a directory to fsync it; Windows does not (and its rename
    // semantics differ anyway), so a refusal there is not an error.
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!System.getProperty("os.name", "").startsWith("Windows")) {
        throw e;
      }
    }
  }

  /**
   * Deletes a folder and everything in it; a symlink inside is deleted, never what it points to.
   */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    // walkFileTree does not follow links: a symlink inside is deleted, never what it points to.
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  static Path parentOf(Path out) {
    Path abs = out.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null) {
      throw new IllegalArgumentException(
          "Cannot write bundle: the output folder has no parent (" + out + ")");
    }
    return parent;
  }

  private static String nameOf(Path out) {
    return out.toAbsolutePath().normalize().getFileName().toString();
  }

  private Path resolve(String relative) throws IOException {
    Path p = dir.resolve(relative).normalize();
    if (!p.startsWith(dir)) {
      throw new IOException("Cannot write bundle file: path escapes the bundle (" + relative + ")");
    }
    Files.createDirectories(p.getParent());
    return p;
  }
}
