package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.rollaudit.audit.AuditResult;

/** Helpers shared by bundle-level tests. */
public final class Bundles {

  private Bundles() {}

  /** Writes a bundle and returns its folder. */
  public static Path write(AuditResult r, Path dir, Optional<SigningKey> key) throws IOException {
    return BundleWriter.write(r, dir, key).outDir();
  }

  /** Every regular file under {@code root}, as sorted relative paths with '/'. */
  public static List<String> files(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile)
          .forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
    }
    out.sort(null);
    return out;
  }

  /** Asserts two bundles hold the same files with the same bytes. */
  public static void assertSameBytes(Path a, Path b) throws IOException {
    List<String> fa = files(a);
    assertEquals(fa, files(b));
    for (String f : fa) {
      assertArrayEquals(
          Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), "bytes of " + f);
    }
  }

  /** A signing key made once per test JVM. */
  public static SigningKey key() {
    return KEY;
  }

  private static final SigningKey KEY = newKey();

  private static SigningKey newKey() {
    try {
      java.security.KeyPair pair =
          java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return SigningKey.fromPkcs8(pair.getPrivate().getEncoded());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
