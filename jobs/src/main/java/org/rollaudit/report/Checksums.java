package org.rollaudit.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds SHA256SUMS (reliability.md §5): one line {@code <64 lower-case hex> <relative/path>} per
 * regular file of the bundle, paths with '/', sorted by their UTF-8 bytes, LF, final newline; every
 * file except SHA256SUMS itself, SHA256SUMS.sig and signer.pub. The format is exactly what {@code
 * sha256sum -c --strict} reads.
 */
public final class Checksums {

  public static final String SUMS = "SHA256SUMS";
  public static final String SIG = "SHA256SUMS.sig";
  public static final String PUB = "signer.pub";

  private static final Set<String> EXCLUDED = Set.of(SUMS, SIG, PUB);

  private Checksums() {}

  /** The text of SHA256SUMS for the files under {@code root}. */
  public static String sums(Path root) throws IOException {
    List<String> paths = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isSymbolicLink(p)) {
          throw new IOException(
              "Cannot checksum bundle: symbolic link in the bundle (" + root.relativize(p) + ")");
        }
        if (Files.isRegularFile(p)) {
          String rel = relative(root, p);
          if (!EXCLUDED.contains(rel)) {
            checkName(rel);
            paths.add(rel);
          }
        }
      }
    }
    paths.sort(
        (a, b) ->
            Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    StringBuilder sb = new StringBuilder();
    for (String rel : paths) {
      sb.append(sha256(root.resolve(rel))).append("  ").append(rel).append('\n');
    }
    return sb.toString();
  }

  /** Lower-case hex SHA-256 of a file's bytes. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String relative(Path root, Path p) {
    List<String> parts = new ArrayList<>();
    for (Path part : root.relativize(p)) {
      parts.add(part.toString());
    }
    return String.join("/", parts);
  }

  /**
   * sha256sum escapes names with backslash or newline; we never write such names, so refuse them.
   */
  private static void checkName(String rel) throws IOException {
    if (rel.indexOf('\\') >= 0 || rel.indexOf('\n') >= 0 || rel.indexOf('\r') >= 0) {
      throw new IOException(
          "Cannot checksum bundle: file name needs escaping (" + rel.replace("\n", "\\n") + ")");
    }
  }
}
