package org.rollaudit.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.report.Bundles;
import org.rollaudit.report.Fixtures;
import org.rollaudit.report.SigningKey;

/**
 * T8: every alteration is detected and named; a clean bundle passes; sha256sum and openssl agree.
 */
class BundleVerifierTest {

  @TempDir static Path tmp;
  static Path signed;
  static Path restricted;

  @BeforeAll
  static void writeBundles() throws Exception {
    signed =
        Bundles.write(Fixtures.sample("public"), tmp.resolve("signed"), Optional.of(Bundles.key()));
    restricted =
        Bundles.write(Fixtures.sample("restricted"), tmp.resolve("restricted"), Optional.empty());
  }

  @Test
  void cleanBundlesPass() {
    VerificationReport r = BundleVerifier.verify(signed, pem(Bundles.key()));
    assertTrue(r.intact(), String.join("\n", r.failures()));
    assertEquals(Bundles.key().fingerprint(), r.fingerprint());
    assertTrue(r.lines().stream().allMatch(l -> l.startsWith("PASS  ")));
    assertTrue(
        r.lines().stream()
            .anyMatch(
                l ->
                    l.startsWith(
                        "PASS  evidence.F-0001  evidence/F-0001.csv: 40 rows = affected")));
    assertTrue(BundleVerifier.verify(restricted).intact());
  }

  @Test
  void oneByteFlippedAtTheStartMiddleOrEndOfAnyFileIsDetectedAndNamed() throws Exception {
    Path work = copy(signed, "flip");
    int checked = 0;
    for (String f : files(work)) {
      Path p = work.resolve(f);
      byte[] original = Files.readAllBytes(p);
      for (int pos : new int[] {0, original.length / 2, original.length - 1}) {
        byte[] altered = original.clone();
        altered[pos] ^= 0x01;
        Files.write(p, altered);
        VerificationReport r = BundleVerifier.verify(work, pem(Bundles.key()));
        String failures = String.join("\n", r.failures());
        assertFalse(r.intact(), f + " flipped at " + pos + " went unnoticed");
        assertTrue(failures.contains(f), f + " not named: " + failures);
        checked++;
      }
      Files.write(p, original);
    }
    assertTrue(BundleVerifier.verify(work).intact(), "restored");
    assertEquals(3 * files(work).size(), checked);
    assertTrue(checked >= 36);
  }

  @Test
  void addedAndRemovedFilesAreNamed() throws Exception {
    Path added = copy(signed, "added");
    Files.writeString(added.resolve("evidence/F-0099.csv"), "voter_id\n");
    Files.writeString(added.resolve("notes.txt"), "x");
    String failures = String.join("\n", BundleVerifier.verify(added).failures());
    assertTrue(
        failures.contains("FAIL  sums.unlisted")
            && failures.contains("evidence/F-0099.csv")
            && failures.contains("notes.txt"),
        failures);
    assertTrue(failures.contains("FAIL  evidence.unreferenced"), failures);

    Path removed = copy(signed, "removed");
    Files.delete(removed.resolve("evidence/F-0002.csv"));
    Files.delete(removed.resolve("report.pdf"));
    failures = String.join("\n", BundleVerifier.verify(removed).failures());
    assertTrue(
        failures.contains(
            "FAIL  sums.missing  listed but missing: evidence/F-0002.csv, report.pdf"),
        failures);
    assertTrue(failures.contains("FAIL  evidence.F-0002"), failures);
  }

  @Test
  void wrongKeyTruncatedSignatureAndMissingSignatureFail() throws Exception {
    SigningKey other = otherKey();
    VerificationReport wrong = BundleVerifier.verify(signed, pem(other));
    assertFalse(wrong.intact());
    assertTrue(wrong.failures().get(0).contains("signer.pub is not the given public key"));

    Path truncated = copy(signed, "truncated");
    byte[] sig = Files.readAllBytes(truncated.resolve("SHA256SUMS.sig"));
    Files.write(truncated.resolve("SHA256SUMS.sig"), Arrays.copyOf(sig, 63));
    assertTrue(String.join("", BundleVerifier.verify(truncated).failures()).contains("63 bytes"));

    Path unsigned = copy(signed, "unsigned");
    Files.delete(unsigned.resolve("SHA256SUMS.sig"));
    assertFalse(BundleVerifier.verify(unsigned).intact(), "signer.pub without a signature");
    Files.delete(unsigned.resolve("signer.pub"));
    assertTrue(BundleVerifier.verify(unsigned).intact(), "an unsigned bundle is intact...");
    assertFalse(
        BundleVerifier.verify(unsigned, pem(Bundles.key())).intact(),
        "...but not when a key is expected");
  }

  @Test
  void aBundleReSignedByAnotherKeyPassesOnlyWithoutATrustedKey() throws Exception {
    // The documented blind spot: signer.pub proves consistency, not origin.
    Path forged = copy(signed, "forged");
    Path report = forged.resolve("findings.json");
    Files.writeString(
        report, Files.readString(report).replace("\"affected\": 40", "\"affected\": 40 "));
    resum(forged);
    SigningKey other = otherKey();
    Files.write(
        forged.resolve("SHA256SUMS.sig"),
        other.sign(Files.readAllBytes(forged.resolve("SHA256SUMS"))));
    Files.writeString(forged.resolve("signer.pub"), other.publicKeyPem());
    assertTrue(BundleVerifier.verify(forged).intact());
    assertFalse(BundleVerifier.verify(forged, pem(Bundles.key())).intact());
  }

  @Test
  void reorderedSumsFail() throws Exception {
    Path work = copy(signed, "reordered");
    List<String> lines = new ArrayList<>(Files.readAllLines(work.resolve("SHA256SUMS")));
    java.util.Collections.swap(lines, 0, 1);
    Files.writeString(work.resolve("SHA256SUMS"), String.join("\n", lines) + "\n");
    String failures = String.join("\n", BundleVerifier.verify(work).failures());
    assertTrue(failures.contains("FAIL  sums.format") && failures.contains("not sorted"), failures);
    assertTrue(failures.contains("FAIL  signature"), failures);
  }

  @Test
  void contentChecksCatchAWriterBugEvenWithConsistentSums() throws Exception {
    Path rows = copy(signed, "rows");
    Path csv = rows.resolve("evidence/F-0001.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(csv, StandardCharsets.UTF_8));
    lines.remove(lines.size() - 1);
    Files.writeString(csv, String.join("\n", lines) + "\n");
    unsign(rows);
    resum(rows);
    VerificationReport r = BundleVerifier.verify(rows);
    assertEquals(
        List.of(
            "FAIL  evidence.F-0001  evidence/F-0001.csv: 39 rows, affected = 40, voter_id first, sorted"),
        r.failures());

    Path ids = copy(signed, "ids");
    Path f = ids.resolve("findings.json");
    Files.writeString(f, Files.readString(f).replace("\"F-0002\"", "\"F-0007\""));
    unsign(ids);
    resum(ids);
    String failures = String.join("\n", BundleVerifier.verify(ids).failures());
    assertTrue(
        failures.contains("FAIL  findings.ids  position 2 has F-0007, expected F-0002"), failures);

    Path order = copy(signed, "order");
    f = order.resolve("findings.json");
    Files.writeString(
        f, Files.readString(f).replace("\"severity\": \"low\"", "\"severity\": \"high\""));
    unsign(order);
    resum(order);
    assertTrue(
        String.join("\n", BundleVerifier.verify(order).failures())
            .contains("FAIL  findings.order"));

    Path personal = copy(signed, "personal");
    csv = personal.resolve("evidence/F-0003.csv");
    Files.writeString(csv, Files.readString(csv).replaceFirst("note", "last_name"));
    unsign(personal);
    resum(personal);
    assertTrue(
        String.join("\n", BundleVerifier.verify(personal).failures())
            .contains("personal column 'last_name'"));

    Path keys = copy(signed, "keys");
    f = keys.resolve("findings.json");
    Files.writeString(
        f,
        Files.readString(f)
            .replaceFirst(
                "\"schema\": \"rollaudit/findings/v1\",\n  \"run_id\"",
                "\"run_id_x\": 1,\n  \"schema\": \"rollaudit/findings/v1\",\n  \"run_id\""));
    unsign(keys);
    resum(keys);
    assertTrue(
        String.join("\n", BundleVerifier.verify(keys).failures())
            .contains("FAIL  findings.schema  top level keys are"));
  }

  @Test
  void sha256sumAndOpensslAgree() throws Exception {
    assumeTrue(run(signed, "sha256sum", "--version") == 0, "sha256sum not installed");
    assertEquals(0, run(signed, "sha256sum", "-c", "--strict", "--quiet", "SHA256SUMS"));
    Path work = copy(signed, "agree");
    for (String f : files(work)) {
      if (f.equals("SHA256SUMS") || f.equals("SHA256SUMS.sig") || f.equals("signer.pub")) {
        continue;
      }
      Path p = work.resolve(f);
      byte[] original = Files.readAllBytes(p);
      byte[] altered = original.clone();
      altered[altered.length / 2] ^= 0x01;
      Files.write(p, altered);
      assertTrue(run(work, "sha256sum", "-c", "--strict", "--quiet", "SHA256SUMS") != 0, f);
      assertFalse(BundleVerifier.verify(work).intact(), f);
      Files.write(p, original);
    }
    if (run(signed, "openssl", "version") == 0) {
      assertEquals(
          0,
          run(
              signed,
              "openssl",
              "pkeyutl",
              "-verify",
              "-pubin",
              "-inkey",
              "signer.pub",
              "-rawin",
              "-in",
              "SHA256SUMS",
              "-sigfile",
              "SHA256SUMS.sig"));
    }
  }

  static byte[] pem(SigningKey k) {
    return k.publicKeyPem().getBytes(StandardCharsets.US_ASCII);
  }

  static SigningKey otherKey() throws Exception {
    return SigningKey.fromPkcs8(
        java.security.KeyPairGenerator.getInstance("Ed25519")
            .generateKeyPair()
            .getPrivate()
            .getEncoded());
  }

  static void unsign(Path bundle) throws IOException {
    Files.deleteIfExists(bundle.resolve("SHA256SUMS.sig"));
    Files.deleteIfExists(bundle.resolve("signer.pub"));
  }

  /** Rewrites SHA256SUMS to match the files, as a buggy but self-consistent writer would. */
  static void resum(Path bundle) throws IOException {
    Files.delete(bundle.resolve("SHA256SUMS"));
    Files.writeString(bundle.resolve("SHA256SUMS"), org.rollaudit.report.Checksums.sums(bundle));
  }

  static Path copy(Path from, String name) throws IOException {
    Path to = tmp.resolve(name);
    for (String f : files(from)) {
      Files.createDirectories(to.resolve(f).getParent());
      Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
    }
    return to;
  }

  static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> SumsCheck.relative(root, p)).sorted().toList();
    }
  }

  static int run(Path dir, String... cmd) {
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor();
    } catch (Exception e) {
      return -1;
    }
  }
}
