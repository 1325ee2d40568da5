package org.rollaudit.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;

/**
 * Opens files by local path or Hadoop URI ({@code file://}, {@code hdfs://}, {@code s3a://}). Local
 * files go through NIO (no checksum side files, exact sizes); everything else through {@link
 * FileSystem}. Serialisable so executors can open splits with the driver's Hadoop settings.
 */
final class Storage implements Serializable {
  private static final long serialVersionUID = 1L;
  private final HashMap<String, String> hadoop;
  private transient Configuration conf;

  Storage(Map<String, String> hadoopSettings) {
    this.hadoop = new HashMap<>(hadoopSettings);
  }

  /** Local files only (tests, pure-Java runs). */
  static Storage local() {
    return new Storage(Map.of());
  }

  /** Copies the settings of a live configuration (e.g. Spark's hadoopConfiguration). */
  static Storage of(Configuration c) {
    Map<String, String> m = new HashMap<>();
    c.forEach(e -> m.put(e.getKey(), e.getValue()));
    return new Storage(m);
  }

  private Configuration conf() {
    if (conf == null) {
      Configuration c = new Configuration(false);
      hadoop.forEach(c::set);
      conf = c;
    }
    return conf;
  }

  /** A normalised URI string for a command-line argument (a path or a URI). */
  static String uriOf(String arg) {
    if (arg.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return URI.create(arg).toString();
    }
    return Path.of(arg).toAbsolutePath().normalize().toUri().toString();
  }

  /** The last path component of a URI: what receipts show (never a full path). */
  static String fileName(String uri) {
    String p = URI.create(uri).getPath();
    if (p == null || p.isEmpty()) {
      return uri;
    }
    int slash = p.lastIndexOf('/');
    return slash >= 0 ? p.substring(slash + 1) : p;
  }

  static boolean isLocal(String uri) {
    return uri.startsWith("file:");
  }

  static Path localPath(String uri) {
    return Path.of(URI.create(uri));
  }

  long size(String uri) throws IOException {
    if (isLocal(uri)) {
      return Files.size(localPath(uri));
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(uri));
    return p.getFileSystem(conf()).getFileStatus(p).getLen();
  }

  boolean exists(String uri) throws IOException {
    if (isLocal(uri)) {
      return Files.isRegularFile(localPath(uri));
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(uri));
    return p.getFileSystem(conf()).exists(p);
  }

  /** An input stream positioned at {@code offset}. */
  InputStream open(String uri, long offset) throws IOException {
    if (isLocal(uri)) {
      FileChannel ch = FileChannel.open(localPath(uri), StandardOpenOption.READ);
      ch.position(offset);
      return Channels.newInputStream(ch);
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(uri));
    FSDataInputStream in = p.getFileSystem(conf()).open(p, 1 << 20);
    if (offset > 0) {
      in.seek(offset);
    }
    return in;
  }

  /** Creates (never overwrites) a file; parents are created. */
  OutputStream create(String uri) throws IOException {
    if (isLocal(uri)) {
      Path p = localPath(uri);
      Files.createDirectories(p.getParent());
      return Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(uri));
    return p.getFileSystem(conf()).create(p, false);
  }

  /** Deletes a file or folder tree; missing is fine. */
  void deleteRecursively(String uri) throws IOException {
    if (isLocal(uri)) {
      Path p = localPath(uri);
      if (Files.exists(p)) {
        try (var s = Files.walk(p)) {
          for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(x);
          }
        }
      }
      return;
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(uri));
    p.getFileSystem(conf()).delete(p, true);
  }
}
