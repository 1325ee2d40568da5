package org.rollaudit.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/** Creates Ed25519 key pairs for signing bundles ({@code rollaudit keygen}). */
public final class KeyPairs {

  private KeyPairs() {}

  /**
   * Writes a new key pair: the private key as PKCS#8 PEM (owner-only permissions where the file
   * system has POSIX permissions), the public key as SPKI PEM. Refuses to overwrite either file.
   *
   * @return the new key (its fingerprint identifies the public key)
   * @throws FileAlreadyExistsException when either file exists
   */
  public static SigningKey generate(Path privateOut, Path publicOut) throws IOException {
    if (Files.exists(privateOut, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(
          privateOut.toString(), null, "private key file exists; not overwritten");
    }
    if (Files.exists(publicOut, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(
          publicOut.toString(), null, "public key file exists; not overwritten");
    }
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 missing from the JDK", e);
    }
    SigningKey key = SigningKey.of(pair);
    byte[] priv =
        Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded())
            .getBytes(StandardCharsets.US_ASCII);
    if (Files.getFileStore(absoluteParent(privateOut)).supportsFileAttributeView("posix")) {
      // Create with 0600 from the start: no moment where another user could read the key.
      Files.createFile(
          privateOut,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(privateOut);
    }
    Files.write(privateOut, priv, StandardOpenOption.TRUNCATE_EXISTING);
    Files.write(
        publicOut,
        key.publicKeyPem().getBytes(StandardCharsets.US_ASCII),
        StandardOpenOption.CREATE_NEW);
    return key;
  }

  private static Path absoluteParent(Path p) {
    Path parent = p.toAbsolutePath().getParent();
    return parent == null ? p.toAbsolutePath() : parent;
  }
}
