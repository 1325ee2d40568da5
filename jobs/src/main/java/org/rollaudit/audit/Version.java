package org.rollaudit.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Software and Spark versions, from the build (they enter the run id and method.json), and the
 * build itself (it keys what the store keeps between runs).
 */
public final class Version {
  private static final Properties P = load();
  private static final String PACKAGE = "org/rollaudit/";
  private static volatile String build;

  private Version() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/org/rollaudit/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** e.g. "0.1.0". */
  public static String version() {
    return P.getProperty("version", "0.0.0-dev");
  }

  /** e.g. "rollaudit 0.1.0", as findings.json's "software". */
  public static String software() {
    return "rollaudit " + version();
  }

  public static String sparkVersion() {
    return P.getProperty("spark.version", "unknown");
  }

  /**
   * The software and the exact build of its code, e.g. "rollaudit 0.1.0 build 3f2a...": what the
   * store's kept results (metrics, findings, evidence) are keyed by. The version string alone is
   * not enough: builds from main between two releases share it, and a result kept by an older build
   * must not be read back by a newer one whose detectors changed. The build part hashes every file
   * of the product's own package (classes and version.properties, which names the Spark version) as
   * the running code has them, in a jar or a classes folder. When the code cannot be read, the
   * build part is unique to this process, so nothing kept is ever reused.
   */
  public static String build() {
    String b = build;
    if (b == null) {
      b = software() + " build " + codeDigest();
      build = b;
    }
    return b;
  }

  private static String codeDigest() {
    try {
      return codeDigest(
          Path.of(Version.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (IOException | URISyntaxException | RuntimeException e) {
      // e.g. code loaded from somewhere that is not a file: never reuse kept results then
      return "unknown-" + UUID.randomUUID();
    }
  }

  /**
   * 16 hex digits of SHA-256 over the names and contents of the files under org/rollaudit/ in
   * {@code code}, a classes folder or a jar: the same files give the same digest either way.
   */
  static String codeDigest(Path code) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    if (Files.isDirectory(code)) {
      SortedMap<String, Path> files = new TreeMap<>();
      try (Stream<Path> s = Files.walk(code.resolve(PACKAGE))) {
        s.filter(Files::isRegularFile)
            .forEach(f -> files.put(code.relativize(f).toString().replace('\\', '/'), f));
      }
      for (Map.Entry<String, Path> f : files.entrySet()) {
        add(md, f.getKey(), Files.readAllBytes(f.getValue()));
      }
    } else {
      try (JarFile jar = new JarFile(code.toFile())) {
        SortedMap<String, JarEntry> entries = new TreeMap<>();
        jar.stream()
            .filter(e -> !e.isDirectory() && e.getName().startsWith(PACKAGE))
            .forEach(e -> entries.put(e.getName(), e));
        for (JarEntry e : entries.values()) {
          try (InputStream in = jar.getInputStream(e)) {
            add(md, e.getName(), in.readAllBytes());
          }
        }
      }
    }
    return HexFormat.of().formatHex(md.digest()).substring(0, 16);
  }

  private static void add(MessageDigest md, String name, byte[] content) {
    md.update(name.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
    md.update(Long.toString(content.length).getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
    md.update(content);
  }
}
