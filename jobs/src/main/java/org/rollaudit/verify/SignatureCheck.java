package org.rollaudit.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.rollaudit.verify.VerificationReport.Check;

/**
 * Checks SHA256SUMS.sig (raw 64-byte Ed25519) over the exact bytes of SHA256SUMS, with the trusted
 * key when one is given (signer.pub must then be that key), else with signer.pub. signer.pub alone
 * proves only consistency: a bundle re-signed with another key passes without a trusted key.
 */
final class SignatureCheck {

  static final String SIG = "SHA256SUMS.sig";
  static final String PUB = "signer.pub";

  private SignatureCheck() {}

  /** Returns the fingerprint of the key the signature was checked with, or null. */
  static String run(Path bundle, byte[] trustedPem, List<Check> out) throws IOException {
    Path sig = bundle.resolve(SIG);
    Path pub = bundle.resolve(PUB);
    boolean hasSig = Files.isRegularFile(sig, LinkOption.NOFOLLOW_LINKS);
    boolean hasPub = Files.isRegularFile(pub, LinkOption.NOFOLLOW_LINKS);
    if (!hasSig) {
      if (hasPub) {
        out.add(new Check("signature", false, "signer.pub present but SHA256SUMS.sig missing"));
      } else if (trustedPem != null) {
        out.add(
            new Check(
                "signature",
                false,
                "bundle is not signed (no SHA256SUMS.sig) but a public key was given"));
      } else {
        out.add(new Check("signature", true, "not signed (no SHA256SUMS.sig)"));
      }
      return null;
    }
    byte[] signature = Files.readAllBytes(sig);
    byte[] pubBytes = hasPub ? Files.readAllBytes(pub) : null;
    byte[] inBundle = hasPub ? der(pubBytes) : null;
    if (hasPub && inBundle == null) {
      out.add(new Check("signature", false, "signer.pub is not a PEM public key"));
      return null;
    }
    if (inBundle != null && !Arrays.equals(pubBytes, canonicalPem(inBundle))) {
      // signer.pub is outside SHA256SUMS; holding it to one exact form means no byte of it can
      // change unseen.
      out.add(new Check("signature", false, "signer.pub is not in canonical PEM form (altered?)"));
      return null;
    }
    byte[] trusted = trustedPem == null ? null : der(trustedPem);
    if (trustedPem != null && trusted == null) {
      out.add(new Check("signature", false, "the given public key is not a PEM public key"));
      return null;
    }
    if (trusted != null && inBundle != null && !Arrays.equals(trusted, inBundle)) {
      out.add(
          new Check(
              "signature",
              false,
              "signer.pub is not the given public key (re-signed by another key?)"));
      return null;
    }
    byte[] keyDer = trusted != null ? trusted : inBundle;
    if (keyDer == null) {
      out.add(
          new Check(
              "signature",
              false,
              hasPub ? "signer.pub is not a PEM public key" : "signer.pub missing"));
      return null;
    }
    String fingerprint = "sha256:" + Sha256.of(keyDer);
    Path sums = bundle.resolve(SumsCheck.SUMS);
    if (!Files.isRegularFile(sums, LinkOption.NOFOLLOW_LINKS)) {
      out.add(
          new Check(
              "signature", false, "SHA256SUMS missing: nothing to check the signature against"));
      return fingerprint;
    }
    if (signature.length != 64) {
      out.add(
          new Check(
              "signature",
              false,
              "SHA256SUMS.sig is "
                  + signature.length
                  + " bytes, an Ed25519 signature is 64 (truncated or altered)"));
      return fingerprint;
    }
    PublicKey key;
    try {
      key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(keyDer));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      out.add(
          new Check("signature", false, "key is not an Ed25519 public key (" + fingerprint + ")"));
      return fingerprint;
    }
    boolean ok;
    try {
      Signature v = Signature.getInstance("Ed25519");
      v.initVerify(key);
      v.update(Files.readAllBytes(sums));
      ok = v.verify(signature);
    } catch (GeneralSecurityException e) {
      ok = false; // a malformed signature (e.g. an out-of-range scalar) is simply not valid
    }
    out.add(
        new Check(
            "signature",
            ok,
            ok
                ? "Ed25519 signature of SHA256SUMS valid, key "
                    + fingerprint
                    + (trusted != null
                        ? " (the given key)"
                        : " (signer.pub only: compare the fingerprint with the signer's published one)")
                : "SHA256SUMS.sig does not match SHA256SUMS and key "
                    + fingerprint
                    + " (altered SHA256SUMS, SHA256SUMS.sig or signer.pub)"));
    return fingerprint;
  }

  /** The DER of a PEM public key, or null when the text is not one. */
  static byte[] der(byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN PUBLIC KEY-----";
    String end = "-----END PUBLIC KEY-----";
    int b = text.indexOf(begin);
    int e = b < 0 ? -1 : text.indexOf(end, b);
    if (b < 0 || e < 0) {
      return null;
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e).trim());
    } catch (IllegalArgumentException ex) {
      return null;
    }
  }

  /** The one PEM form rollaudit writes: 64-column base64, LF line ends. */
  static byte[] canonicalPem(byte[] der) {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder sb = new StringBuilder("-----BEGIN PUBLIC KEY-----\n");
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    return sb.append("-----END PUBLIC KEY-----\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether {@code pem} holds an Ed25519 public key (used to reject a bad --public-key early). */
  static boolean isEd25519PublicKey(byte[] pem) {
    byte[] der = der(pem);
    if (der == null) {
      return false;
    }
    try {
      KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
      return true;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
