package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.RollAuditException;

/** Ed25519 keys and signatures interoperate with OpenSSL 3 (reliability.md §5). */
class SigningTest {

  @TempDir Path tmp;

  @Test
  void keygenWritesPkcs8AndSpkiPemAndNeverOverwrites() throws Exception {
    Path priv = tmp.resolve("k.pem");
    Path pub = tmp.resolve("k.pub");
    SigningKey key = KeyPairs.generate(priv, pub);
    assertTrue(Files.readString(priv).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertEquals(key.publicKeyPem(), Files.readString(pub));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
    SigningKey read = SigningKey.read(priv);
    assertEquals(key.fingerprint(), read.fingerprint());
    assertTrue(key.fingerprint().matches("sha256:[0-9a-f]{64}"));
    assertThrows(
        FileAlreadyExistsException.class, () -> KeyPairs.generate(priv, tmp.resolve("other.pub")));
  }

  @Test
  void badKeyFilesAreUsageErrors() throws Exception {
    Path junk =
        Files.writeString(
            tmp.resolve("junk.pem"),
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertEquals(2, assertThrows(RollAuditException.class, () -> SigningKey.read(junk)).exitCode());
    Path none = Files.writeString(tmp.resolve("none.pem"), "hello");
    assertEquals(2, assertThrows(RollAuditException.class, () -> SigningKey.read(none)).exitCode());
    assertEquals(
        2,
        assertThrows(RollAuditException.class, () -> SigningKey.read(tmp.resolve("missing")))
            .exitCode());
  }

  @Test
  void opensslKeysAndSignaturesInteroperate() throws Exception {
    assumeTrue(run(List.of("openssl", "version")) == 0, "openssl not installed");
    Path osslKey = tmp.resolve("ossl.pem");
    assertEquals(
        0, run(List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", osslKey.toString())));
    SigningKey key = SigningKey.read(osslKey);
    Path osslPub = tmp.resolve("ossl.pub");
    assertEquals(
        0,
        run(
            List.of(
                "openssl",
                "pkey",
                "-in",
                osslKey.toString(),
                "-pubout",
                "-out",
                osslPub.toString())));
    assertEquals(
        Files.readString(osslPub),
        key.publicKeyPem(),
        "public key derived from the seed matches OpenSSL's");

    Path data = Files.writeString(tmp.resolve("SHA256SUMS"), "abc  x\n");
    Path sig = Files.write(tmp.resolve("SHA256SUMS.sig"), key.sign(Files.readAllBytes(data)));
    Path pub = Files.writeString(tmp.resolve("signer.pub"), key.publicKeyPem());
    assertEquals(64, Files.size(sig));
    assertEquals(
        0,
        run(
            List.of(
                "openssl",
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                pub.toString(),
                "-rawin",
                "-in",
                data.toString(),
                "-sigfile",
                sig.toString())));

    Path ours = tmp.resolve("ours.pem");
    SigningKey generated = KeyPairs.generate(ours, tmp.resolve("ours.pub"));
    Path derived = tmp.resolve("derived.pub");
    assertEquals(
        0,
        run(
            List.of(
                "openssl", "pkey", "-in", ours.toString(), "-pubout", "-out", derived.toString())));
    assertEquals(generated.publicKeyPem(), Files.readString(derived, StandardCharsets.US_ASCII));
  }

  static int run(List<String> cmd) {
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor();
    } catch (Exception e) {
      return -1;
    }
  }
}
