package org.rollaudit.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rollaudit.verify.VerificationReport.Check;

/**
 * Verifies an audit bundle (reliability.md §5), independently of the writer:
 *
 * <ul>
 *   <li>{@code sums.*}: every file against SHA256SUMS, naming missing, unlisted and changed files;
 *   <li>{@code signature}: SHA256SUMS.sig, with a trusted public key when one is given;
 *   <li>{@code findings.*}: findings.json's schema, key order, ids and sort order;
 *   <li>{@code evidence.*}: each evidence CSV against its finding (header, order, row count);
 *   <li>{@code tables}: the aggregate CSVs method.json lists, against findings.json;
 *   <li>{@code inputs.ledger}, {@code method}, {@code disclosure}, {@code report}, {@code run-id}:
 *       recomputed ledgers and cross-file consistency.
 * </ul>
 *
 * <p>Blind spot (documented, tested): without a trusted key, a bundle altered and re-signed with
 * another key passes; signer.pub proves consistency, not origin. The run id cannot be recomputed
 * from the bundle alone (it hashes the rule files, which the bundle does not carry).
 */
public final class BundleVerifier {

  private BundleVerifier() {}

  /** Verifies with the bundle's own signer.pub (if signed). */
  public static VerificationReport verify(Path bundle) {
    return verify(bundle, null);
  }

  /**
   * Verifies; with {@code trustedPublicKeyPem} the bundle must be signed by that key.
   *
   * @param trustedPublicKeyPem SPKI PEM ("-----BEGIN PUBLIC KEY-----"), or null
   */
  public static VerificationReport verify(Path bundle, byte[] trustedPublicKeyPem) {
    List<Check> checks = new ArrayList<>();
    if (!Files.isDirectory(bundle)) {
      checks.add(new Check("bundle", false, "not a folder: " + bundle.getFileName()));
      return new VerificationReport(checks, null, null);
    }
    try {
      SumsCheck.run(bundle, checks);
      String fingerprint = SignatureCheck.run(bundle, trustedPublicKeyPem, checks);
      FindingsCheck.Parsed parsed = FindingsCheck.run(bundle, checks);
      String runId = parsed == null ? null : parsed.runId();
      String disclosure = ManifestCheck.run(bundle, runId, checks);
      if (parsed != null) {
        EvidenceCheck.run(bundle, parsed.findings(), !"restricted".equals(disclosure), checks);
      }
      TablesCheck.run(
          bundle,
          parsed == null ? null : parsed.findings(),
          !"restricted".equals(disclosure),
          checks);
      return new VerificationReport(checks, runId, fingerprint);
    } catch (IOException e) {
      checks.add(new Check("read", false, "cannot read the bundle: " + e.getMessage()));
      return new VerificationReport(checks, null, null);
    } catch (UncheckedIOException e) {
      checks.add(new Check("read", false, "cannot read the bundle: " + e.getCause().getMessage()));
      return new VerificationReport(checks, null, null);
    }
  }

  /** Whether {@code pem} is an Ed25519 public key in SPKI PEM (for checking --public-key early). */
  public static boolean isPublicKey(byte[] pem) {
    return SignatureCheck.isEd25519PublicKey(pem);
  }
}
