package org.rollaudit.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.InputFile;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.verify.BundleVerifier;
import org.rollaudit.verify.VerificationReport;

/**
 * Writes the audit bundle of interface.md §2 into {@code outDir}, crash-safe and idempotent
 * (reliability.md §9):
 *
 * <ol>
 *   <li>If {@code outDir} holds a bundle that verifies and has the same run id (and, when signing,
 *       the same signer): write nothing, return {@link Outcome#ALREADY_COMPLETE}. Anything else in
 *       a non-empty {@code outDir}: {@link OutputNotEmptyException} (exit 2), nothing written.
 *   <li>Remove stale staging folders of ours ({@code .<name>.staging-*} beside it).
 *   <li>Build every file in {@code <parent>/.<name>.staging-<run id prefix>}, each forced to disk;
 *       SHA256SUMS, then the signature, last.
 *   <li>Verify the staging folder with the independent {@link BundleVerifier}.
 *   <li>Remove an empty {@code outDir}, then move staging to {@code outDir} with one atomic rename
 *       and force the parent folder.
 * </ol>
 *
 * A crash at any point leaves either nothing at {@code outDir} or a complete bundle; the staging
 * folder is removed in {@code finally} (or by the next run if the process was killed).
 */
public final class BundleWriter {

  /** What {@link #write} did. */
  public enum Outcome {
    WRITTEN,
    /** The folder already held this run's verified bundle; nothing was written. */
    ALREADY_COMPLETE
  }

  /**
   * @param outDir the bundle folder (absolute)
   * @param sums SHA-256 of the SHA256SUMS file (a fingerprint of the whole bundle)
   */
  public record Result(Path outDir, Outcome outcome, String sums) {}

  /** Test hook: called at named points of a write; may throw to simulate a crash. */
  @FunctionalInterface
  interface FaultPoint {
    void reached(String point) throws IOException;
  }

  /** The points, in order, at which {@link FaultPoint} is called. */
  static final List<String> POINTS =
      List.of(
          "staged", "evidence", "documents", "report", "sums", "signed", "verified", "published");

  private BundleWriter() {}

  /**
   * Writes the bundle.
   *
   * @param r the audit result (findings numbered, evidence attached)
   * @param outDir a new or empty folder
   * @param key signs SHA256SUMS when present
   * @throws OutputNotEmptyException when outDir holds anything but this run's complete bundle
   * @throws IllegalArgumentException when the result breaks the contract (evidence rows differ from
   *     affected, unsorted evidence, bad run id)
   */
  public static Result write(AuditResult r, Path outDir, Optional<SigningKey> key)
      throws IOException {
    return write(r, outDir, key, Optional.empty(), point -> {});
  }

  /**
   * Writes a timeline bundle: the pair bundle's files, plus the timeline section in the report and
   * {@code tables/county_series.csv}.
   */
  public static Result write(
      AuditResult r, Path outDir, Optional<SigningKey> key, Optional<Timeline> timeline)
      throws IOException {
    return write(r, outDir, key, timeline, point -> {});
  }

  static Result write(AuditResult r, Path outDir, Optional<SigningKey> key, FaultPoint faults)
      throws IOException {
    return write(r, outDir, key, Optional.empty(), faults);
  }

  static Result write(
      AuditResult r,
      Path outDir,
      Optional<SigningKey> key,
      Optional<Timeline> timeline,
      FaultPoint faults)
      throws IOException {
    check(r);
    Path out = outDir.toAbsolutePath().normalize();
    Optional<String> done = existing(out, r.runId(), key);
    if (done.isPresent()) {
      return new Result(out, Outcome.ALREADY_COMPLETE, done.get());
    }
    boolean replaceEmpty = Files.exists(out, LinkOption.NOFOLLOW_LINKS);
    StagingDirectory.removeStale(out);
    StagingDirectory staging = StagingDirectory.create(StagingDirectory.pathFor(out, r.runId()));
    boolean published = false;
    try {
      faults.reached("staged");
      writeFiles(r, staging, key, timeline, faults);
      String sums = Checksums.sums(staging.path());
      staging.write(Checksums.SUMS, sums);
      faults.reached("sums");
      if (key.isPresent()) {
        staging.write(Checksums.SIG, key.get().sign(sums.getBytes(StandardCharsets.UTF_8)));
        staging.write(Checksums.PUB, key.get().publicKeyPem());
      }
      staging.syncFolders();
      faults.reached("signed");
      VerificationReport check =
          key.isPresent()
              ? BundleVerifier.verify(
                  staging.path(), key.get().publicKeyPem().getBytes(StandardCharsets.US_ASCII))
              : BundleVerifier.verify(staging.path());
      if (!check.intact()) {
        throw new IllegalStateException(
            "Cannot publish bundle: it does not verify in staging: "
                + String.join("; ", check.failures()));
      }
      faults.reached("verified");
      if (replaceEmpty) {
        Files.delete(out);
      }
      staging.publish(out);
      published = true;
      faults.reached("published");
      return new Result(out, Outcome.WRITTEN, Checksums.sha256(out.resolve(Checksums.SUMS)));
    } finally {
      if (!published) {
        StagingDirectory.deleteTree(staging.path());
      }
    }
  }

  /**
   * The check {@link #write} makes first, for callers that want it before any heavy work
   * (reliability.md §9: compute the run id first): true when {@code outDir} already holds the
   * verifying bundle of {@code runId} (signed by {@code key}, if given); false when it is absent or
   * empty.
   *
   * @throws OutputNotEmptyException when it holds anything else (exit 2, nothing written)
   */
  public static boolean alreadyComplete(Path outDir, String runId, Optional<SigningKey> key)
      throws IOException {
    return existing(outDir.toAbsolutePath().normalize(), runId, key).isPresent();
  }

  /**
   * The SHA256SUMS hash when {@code out} holds this run's verifying bundle; empty when {@code out}
   * is absent or an empty folder.
   */
  private static Optional<String> existing(Path out, String runId, Optional<SigningKey> key)
      throws IOException {
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
      throw new OutputNotEmptyException(
          "Cannot write bundle: --out is not a folder ("
              + out
              + "). Choose a new or empty folder.");
    }
    if (isEmpty(out)) {
      return Optional.empty();
    }
    Optional<String> sums = completeBundleOf(runId, out, key);
    if (sums.isPresent()) {
      return sums;
    }
    throw new OutputNotEmptyException(
        "Cannot write bundle: the output folder is not empty and holds no"
            + " verifying bundle of this run"
            + (key.isPresent() ? " signed by this key" : "")
            + " ("
            + out
            + "). Choose a new or empty folder.");
  }

  private static void writeFiles(
      AuditResult r,
      StagingDirectory staging,
      Optional<SigningKey> key,
      Optional<Timeline> timeline,
      FaultPoint faults)
      throws IOException {
    for (NumberedFinding nf : r.findings()) {
      staging.write(nf.evidencePath(), w -> EvidenceCsv.write(nf.id(), nf.evidence(), w));
    }
    if (r.restricted()) {
      List<InputFile> inputs = r.inputs();
      for (int i = 0; i < inputs.size(); i++) {
        InputFile f = inputs.get(i);
        staging.write(ManifestJson.rejectsPath(i), w -> EvidenceCsv.writeRejects(f, w));
      }
    }
    faults.reached("evidence");
    staging.write("findings.json", FindingsJson.write(r));
    staging.write("inputs.json", ManifestJson.inputs(r));
    staging.write("method.json", ManifestJson.method(r));
    for (Map.Entry<String, String> t : TablesCsv.of(r).entrySet()) {
      staging.write(t.getKey(), t.getValue());
    }
    if (timeline.isPresent()) {
      staging.write(CountySeriesCsv.PATH, CountySeriesCsv.write(timeline.get(), r.restricted()));
    }
    faults.reached("documents");
    String html = HtmlReport.write(r, key.map(SigningKey::fingerprint), timeline);
    staging.write("report.html", html);
    staging.write(
        "report.pdf", PdfRenderer.render(html, r.runId(), r.current().asOf(), r.software()));
    faults.reached("report");
  }

  /** The SHA256SUMS hash when {@code out} already holds this run's verifying bundle. */
  private static Optional<String> completeBundleOf(String runId, Path out, Optional<SigningKey> key)
      throws IOException {
    VerificationReport v =
        key.isPresent()
            ? BundleVerifier.verify(
                out, key.get().publicKeyPem().getBytes(StandardCharsets.US_ASCII))
            : BundleVerifier.verify(out);
    if (v.intact() && runId.equals(v.runId())) {
      return Optional.of(Checksums.sha256(out.resolve(Checksums.SUMS)));
    }
    return Optional.empty();
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  /** Contract checks that need no file: fail before anything is written. */
  private static void check(AuditResult r) {
    if (r.runId() == null || !r.runId().matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "Cannot write bundle: run id is not 64 lower-case hex digits");
    }
    if (!"public".equals(r.disclosure()) && !"restricted".equals(r.disclosure())) {
      throw new IllegalArgumentException(
          "Cannot write bundle: unknown disclosure (" + r.disclosure() + ")");
    }
    for (int i = 0; i < r.findings().size(); i++) {
      NumberedFinding nf = r.findings().get(i);
      String expected = String.format(java.util.Locale.ROOT, "F-%04d", i + 1);
      if (!expected.equals(nf.id())) {
        throw new IllegalArgumentException(
            "Cannot write bundle: finding "
                + (i + 1)
                + " has id "
                + nf.id()
                + ", expected "
                + expected);
      }
      if (nf.evidence().rows().size() != nf.finding().affected()) {
        throw new IllegalArgumentException(
            "Cannot write bundle: "
                + nf.id()
                + " has affected = "
                + nf.finding().affected()
                + " but "
                + nf.evidence().rows().size()
                + " evidence rows");
      }
    }
  }
}
