package org.rollaudit.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files written beside a snapshot's {@code receipt.json}: {@code receipt.html} and, when
 * signed, {@code receipt.sha256} (sha256sum format, both receipt files, sorted by name), {@code
 * receipt.sha256.sig} (raw Ed25519 signature of its bytes, as for a bundle's SHA256SUMS) and {@code
 * signer.pub}. Ed25519 is deterministic and the receipt holds no clock, so signed receipts
 * reproduce too.
 */
final class ReceiptFiles {
  static final String HTML = "receipt.html";
  static final String SUMS = "receipt.sha256";
  static final String SIG = "receipt.sha256.sig";
  static final String PUB = "signer.pub";

  private ReceiptFiles() {}

  static byte[] html(byte[] receiptJson) {
    try {
      return ReceiptHtml.render(new ObjectMapper().readTree(receiptJson));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render the receipt it has just written", e);
    }
  }

  /** The files beside receipt.json, name to bytes, in writing order. */
  static Map<String, byte[]> beside(byte[] receiptJson, IngestJob.ReceiptSigner signer) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    byte[] html = html(receiptJson);
    out.put(HTML, html);
    if (signer != null) {
      String sums = sha256(html) + "  " + HTML + "\n" + sha256(receiptJson) + "  receipt.json\n";
      byte[] bytes = sums.getBytes(StandardCharsets.US_ASCII);
      out.put(SUMS, bytes);
      out.put(SIG, signer.sign(bytes));
      out.put(PUB, signer.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
    }
    return out;
  }

  private static String sha256(byte[] b) {
    try {
      return Hex.of(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
