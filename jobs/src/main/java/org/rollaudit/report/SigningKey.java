package org.rollaudit.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.rollaudit.audit.RollAuditException;

/**
 * An Ed25519 signing key for SHA256SUMS (reliability.md §5): read from PKCS#8 PEM as {@code openssl
 * genpkey -algorithm ed25519} writes it. Ed25519 signatures are deterministic (RFC 8032), so a
 * signed bundle reproduces byte for byte too.
 */
public final class SigningKey {

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /**
   * Reads a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----").
   *
   * @throws RollAuditException (exit 2) naming the file when it is unreadable or not an Ed25519 key
   */
  public static SigningKey read(Path pemFile) {
    byte[] pem;
    try {
      pem = Files.readAllBytes(pemFile);
    } catch (IOException e) {
      throw RollAuditException.usage(
          "Cannot read signing key: "
              + e.getMessage()
              + " ("
              + pemFile.getFileName()
              + "). Pass a PKCS#8 PEM file, e.g. from 'rollaudit keygen' or 'openssl genpkey -algorithm ed25519'.");
    }
    byte[] der = Pem.decode("PRIVATE KEY", pem);
    if (der == null) {
      throw RollAuditException.usage(
          "Cannot read signing key: no '-----BEGIN PRIVATE KEY-----' block ("
              + pemFile.getFileName()
              + "). Pass a PKCS#8 PEM Ed25519 key.");
    }
    try {
      return fromPkcs8(der);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw RollAuditException.usage(
          "Cannot read signing key: not an Ed25519 PKCS#8 key ("
              + pemFile.getFileName()
              + "). Create one with 'rollaudit keygen'.");
    }
  }

  /** A key from PKCS#8 DER bytes. */
  public static SigningKey fromPkcs8(byte[] der) throws GeneralSecurityException {
    PrivateKey priv =
        KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    return new SigningKey(priv, derivePublic(priv));
  }

  static SigningKey of(KeyPair pair) {
    return new SigningKey(pair.getPrivate(), pair.getPublic());
  }

  /** The raw 64-byte Ed25519 signature of {@code data}. */
  public byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot sign SHA256SUMS: " + e.getMessage(), e);
    }
  }

  /** The public key as PEM SPKI ("-----BEGIN PUBLIC KEY-----"), the content of signer.pub. */
  public String publicKeyPem() {
    return Pem.encode("PUBLIC KEY", publicKey.getEncoded());
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** "sha256:" + hex SHA-256 of the public key's DER (SPKI) encoding. */
  public String fingerprint() {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The JDK has no API from an Ed25519 private key to its public key, but its key-pair generator
   * takes the 32-byte seed from the SecureRandom it is given: feeding it the seed gives the pair.
   * We check the result by signing and verifying, so a JDK that reads the random differently fails
   * loudly instead of writing a wrong signer.pub.
   */
  private static PublicKey derivePublic(PrivateKey priv) throws GeneralSecurityException {
    if (!(priv instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
      throw new GeneralSecurityException("not an Ed25519 private key with seed bytes");
    }
    byte[] seed = ed.getBytes().get();
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    g.initialize(
        NamedParameterSpec.ED25519,
        new SecureRandom() {
          @Override
          public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
              throw new IllegalStateException("unexpected seed length " + bytes.length);
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
          }
        });
    KeyPair pair = g.generateKeyPair();
    byte[] probe = "rollaudit key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(priv);
    s.update(probe);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("Ed25519");
    v.initVerify(pair.getPublic());
    v.update(probe);
    if (!v.verify(sig)) {
      throw new GeneralSecurityException("derived public key does not match the private key");
    }
    Arrays.fill(seed, (byte) 0);
    return pair.getPublic();
  }
}
