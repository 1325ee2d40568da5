package org.rollaudit.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.layout.Layout;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;

/**
 * {@code rollaudit ingest}: files in, one canonical snapshot in the store, or a refusal.
 *
 * <ol>
 *   <li>If the store already holds the as-of date: the same input bytes (digest) → "already
 *       ingested", nothing written; other bytes → refused unless {@code --replace}.
 *   <li>Pre-pass, one thread per file (bounded by cores): custody, encoding, header, independent
 *       record count, limits. If the records it already knows are bad exceed the tolerance, the
 *       snapshot is refused before any Spark job.
 *   <li>Parse the splits in Spark, mark duplicate keys (every copy), reconcile the ledger per file
 *       exactly; refuse above {@code --max-reject-rate} (exit 3, nothing stored, a refusal receipt
 *       written beside the working directory and its path returned).
 *   <li>Stage data, pii and rejects in the store, re-hash the inputs (they must be unchanged), then
 *       commit with the receipt written last.
 * </ol>
 */
public final class IngestJob {
  /** Plain progress lines (stderr in the CLI); never row content. */
  public interface Listener {
    void stage(String line);
  }

  /**
   * @param refusalDir where a refusal receipt is written (the store is never touched then)
   * @param splitBytes target split size of the parse (64 MiB by default)
   * @param rulesDir the rules folder whose {@code ingest/receipt.yaml} sets the receipt's
   *     size-change warning; null skips that check (the receipt says so)
   * @param signer signs the receipt files when given ({@code ingest --sign-key}), else null
   */
  public record Options(
      Layout layout,
      LocalDate asOf,
      String store,
      List<String> inputs,
      boolean replace,
      double maxRejectRate,
      String source,
      LocalDate obtained,
      String submitter,
      Path refusalDir,
      long splitBytes,
      Path rulesDir,
      ReceiptSigner signer) {

    /** Without receipt checks or signature (ingest as a step of audit or demo, tests). */
    public Options(
        Layout layout,
        LocalDate asOf,
        String store,
        List<String> inputs,
        boolean replace,
        double maxRejectRate,
        String source,
        LocalDate obtained,
        String submitter,
        Path refusalDir,
        long splitBytes) {
      this(
          layout,
          asOf,
          store,
          inputs,
          replace,
          maxRejectRate,
          source,
          obtained,
          submitter,
          refusalDir,
          splitBytes,
          null,
          null);
    }
  }

  /** Signs the receipt (the CLI adapts the bundle signing key to this). */
  public interface ReceiptSigner {
    /** The raw 64-byte Ed25519 signature of {@code data}. */
    byte[] sign(byte[] data);

    /** The public key as SPKI PEM, written as signer.pub. */
    String publicKeyPem();

    /** A signer from a signing function and its public key (e.g. a bundle SigningKey's). */
    static ReceiptSigner of(java.util.function.UnaryOperator<byte[]> sign, String publicKeyPem) {
      return new ReceiptSigner() {
        @Override
        public byte[] sign(byte[] data) {
          return sign.apply(data);
        }

        @Override
        public String publicKeyPem() {
          return publicKeyPem;
        }
      };
    }
  }

  public enum Outcome {
    STORED,
    ALREADY_INGESTED,
    REFUSED
  }

  /** What happened; {@code receiptPath} is the refusal receipt's path when refused. */
  public record Result(
      Outcome outcome,
      byte[] receipt,
      Path receiptPath,
      List<Ledger.Entry> ledger,
      String message) {}

  public static final long DEFAULT_SPLIT_BYTES = 64L << 20;

  private IngestJob() {}

  public static Result run(SparkSession spark, Options o, Listener out) throws IOException {
    if (!(o.maxRejectRate() >= 0 && o.maxRejectRate() <= 1)) {
      throw RollAuditException.usage("--max-reject-rate must be between 0 and 1.");
    }
    List<String> uris = o.inputs().stream().map(Storage::uriOf).toList();
    Storage storage =
        uris.stream().allMatch(Storage::isLocal)
            ? Storage.local()
            : Storage.of(spark.sparkContext().hadoopConfiguration());
    SnapshotStore store = SnapshotStore.open(spark, o.store());
    Optional<StoredSnapshot> existing = store.find(o.asOf());
    if (existing.isPresent()) {
      out.stage("store already holds " + o.asOf() + ": hashing inputs to compare");
      String digest = Receipt.digest(o.layout(), hashAll(uris, storage));
      if (digest.equals(existing.get().inputDigest())) {
        String msg = alreadyIngested(o, digest);
        out.stage(msg);
        return new Result(
            Outcome.ALREADY_INGESTED, existing.get().receiptJson(), null, List.of(), msg);
      }
      if (!o.replace()) {
        throw RollAuditException.input(
            "Cannot ingest "
                + o.asOf()
                + ": the store already holds"
                + " a snapshot of that date from other input bytes. Pass --replace to replace it"
                + " (the old one is kept under replaced/), or check the --as-of date.");
      }
    }
    store.clearDeadCommit(o.asOf());
    String staging = store.root() + "/.ingest-staging-" + UUID.randomUUID();
    try {
      return ingest(spark, o, out, uris, storage, store, staging);
    } finally {
      storage.deleteRecursively(staging);
    }
  }

  private static Result ingest(
      SparkSession spark,
      Options o,
      Listener out,
      List<String> uris,
      Storage storage,
      SnapshotStore store,
      String staging)
      throws IOException {
    out.stage(
        String.format(
            Locale.ROOT,
            "pre-pass: checking %d file(s) with layout %s",
            uris.size(),
            o.layout().label()));
    PrePass pre =
        new PrePass(
            o.layout(),
            storage,
            staging,
            o.splitBytes(),
            (f, b, r) ->
                out.stage(
                    String.format(Locale.ROOT, "pre-pass %s: %,d MB, %,d records", f, b >> 20, r)));
    List<CheckedFile> files;
    try {
      files = Plans.order(prePass(pre, uris));
    } catch (RollAuditException e) {
      if (e.exitCode() != RollAuditException.INPUT) {
        throw e;
      }
      // Unreadable file, wrong header, over a limit: the submitter gets a refusal receipt too;
      // the error still propagates (exit 3) with its own message, naming the receipt.
      Receipt.Provenance p = new Receipt.Provenance(o.source(), o.obtained(), o.submitter());
      Result r =
          refuse(
              o,
              line -> {},
              List.of(),
              List.of(),
              Map.of(),
              Receipt.digest(o.layout(), List.of()),
              p,
              e.getMessage());
      throw new RollAuditException(
          RollAuditException.INPUT,
          e.getMessage() + " (refusal receipt: " + r.receiptPath() + ", .html beside it)",
          e);
    }
    List<String> physicalShas = physical(files);
    String digest = Receipt.digest(o.layout(), physicalShas);
    Receipt.Provenance prov = new Receipt.Provenance(o.source(), o.obtained(), o.submitter());
    long dataRecords = 0;
    long flagged = 0;
    for (CheckedFile f : files) {
      dataRecords += f.records() - f.header() - f.blank();
      flagged += f.flagged();
    }
    if (flagged > o.maxRejectRate() * dataRecords) {
      return refuse(
          o,
          out,
          files,
          List.of(),
          Map.of(),
          digest,
          prov,
          String.format(
              Locale.ROOT,
              "at least %,d of %,d records (%s) will be rejected, above --max-reject-rate %s;"
                  + " found by the pre-pass, no Spark job was started",
              flagged,
              dataRecords,
              Receipt.rate(flagged, dataRecords),
              o.maxRejectRate()));
    }
    try (SparkParse parse = new SparkParse(spark, o.layout(), files, o.asOf(), storage)) {
      out.stage(
          String.format(Locale.ROOT, "parse: %d split(s) in Spark", Plans.splits(files).size()));
      parse.run(out);
      out.stage("ledger: reconciling " + files.size() + " file(s)");
      List<Ledger.Entry> ledger =
          Ledger.reconcile(
              files, parse.tallies, parse.emittedAccepted, parse.emittedRejects, parse.duplicates);
      long acc = ledger.stream().mapToLong(Ledger.Entry::accepted).sum();
      long rej = ledger.stream().mapToLong(Ledger.Entry::rejected).sum();
      if (rej > o.maxRejectRate() * (acc + rej) || acc == 0) {
        String why =
            acc == 0
                ? "no record was accepted"
                : String.format(
                    Locale.ROOT,
                    "%,d of %,d records (%s) rejected, above --max-reject-rate %s",
                    rej,
                    acc + rej,
                    Receipt.rate(rej, acc + rej),
                    o.maxRejectRate());
        return refuse(o, out, files, ledger, parse.warnings, digest, prov, why);
      }
      out.stage("receipt: counting records per county and comparing with the previous snapshot");
      SortedMap<String, ReceiptChecks.County> counties = parse.counties();
      TreeMap<String, String> snapshotWarnings = coverage(o.layout(), parse, counties);
      ReceiptChecks.Previous previous = ReceiptChecks.previous(store, o.asOf());
      if (o.rulesDir() == null) {
        snapshotWarnings.put(
            "NO_SIZE_CHECK", "county sizes were not compared: no rules folder was given");
      } else {
        snapshotWarnings.putAll(
            ReceiptChecks.compare(counties, previous, ReceiptChecks.settings(o.rulesDir())));
      }
      out.stage(
          String.format(
              Locale.ROOT, "store: writing %,d accepted and %,d rejected rows", acc, rej));
      SnapshotStore.Staging st = store.stage(o.asOf());
      try {
        st.writeData(parse.data());
        st.writePii(parse.pii());
        st.writeRejects(parse.rejects());
        out.stage("re-hashing the inputs");
        if (!physicalShas.equals(physical(files, hashAll(uris, storage), uris))) {
          throw RollAuditException.input(
              "Cannot ingest: an input file changed while it was"
                  + " being ingested (its SHA-256 differs from the one at receipt). Nothing was"
                  + " stored; ingest again from a copy that is not being written.");
        }
        byte[] receipt =
            Receipt.build(
                "stored",
                o.asOf(),
                digest,
                o.layout(),
                prov,
                o.maxRejectRate(),
                files,
                ledger,
                parse.warnings,
                snapshotWarnings,
                null,
                true,
                counties,
                previous);
        for (Map.Entry<String, byte[]> f : ReceiptFiles.beside(receipt, o.signer()).entrySet()) {
          st.writeFile(f.getKey(), f.getValue());
        }
        if (!st.commit(receipt, digest, o.replace())) {
          // Another ingest of the same file committed the date while this one parsed.
          StoredSnapshot stored = store.find(o.asOf()).orElseThrow();
          String msg = alreadyIngested(o, digest);
          out.stage(msg);
          return new Result(Outcome.ALREADY_INGESTED, stored.receiptJson(), null, List.of(), msg);
        }
        String msg =
            String.format(
                Locale.ROOT, "stored snapshot %s: %,d accepted, %,d rejected", o.asOf(), acc, rej);
        out.stage(msg);
        return new Result(Outcome.STORED, receipt, null, ledger, msg);
      } catch (RuntimeException | IOException e) {
        st.abort();
        throw e;
      }
    }
  }

  private static String alreadyIngested(Options o, String digest) {
    return "already ingested: the store holds "
        + o.asOf()
        + " from the same input bytes (digest "
        + digest.substring(0, 12)
        + "); nothing written";
  }

  private static List<CheckedFile> prePass(PrePass pre, List<String> uris) throws IOException {
    int threads = Math.max(1, Math.min(uris.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "rollaudit-prepass");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<List<CheckedFile>>> fs = new ArrayList<>();
      for (String u : uris) {
        fs.add(pool.submit(() -> pre.check(u)));
      }
      List<CheckedFile> all = new ArrayList<>();
      for (Future<List<CheckedFile>> f : fs) {
        try {
          all.addAll(PrePass.await(f));
        } catch (RuntimeException | IOException e) {
          fs.forEach(x -> x.cancel(true));
          throw e;
        }
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The SHA-256 of each physical input (an archive once), in file order. */
  private static List<String> physical(List<CheckedFile> files) {
    return new ArrayList<>(new LinkedHashSet<>(files.stream().map(CheckedFile::sha256).toList()));
  }

  /** The same list built from a re-hash, mapped through file names to the checked order. */
  private static List<String> physical(
      List<CheckedFile> files, List<String> rehash, List<String> uris) {
    Map<String, String> byName = new HashMap<>();
    for (int i = 0; i < uris.size(); i++) {
      byName.put(Storage.fileName(uris.get(i)), rehash.get(i));
    }
    List<String> out = new ArrayList<>();
    for (CheckedFile f : files) {
      out.add(byName.get(f.name()));
    }
    return new ArrayList<>(new LinkedHashSet<>(out));
  }

  static List<String> hashAll(List<String> uris, Storage storage) throws IOException {
    List<String> out = new ArrayList<>();
    for (String u : uris) {
      try (InputStream in = storage.open(u, 0);
          HashingInputStream h = new HashingInputStream(in)) {
        h.drain();
        out.add(h.hex());
      }
    }
    return out;
  }

  private static TreeMap<String, String> coverage(
      Layout layout, SparkParse parse, SortedMap<String, ReceiptChecks.County> counties) {
    TreeMap<String, String> w = new TreeMap<>();
    Layout.Coverage c = layout.coverage();
    if (c == null) {
      return w;
    }
    // With no duplicate key, the counties counted for the receipt hold every county_id of the
    // accepted rows (a missing one as "", which matches no unit): no pass over the parse of its
    // own.
    TreeSet<String> seen =
        c.column().equals("county_id") && parse.noDuplicates()
            ? new TreeSet<>(counties.keySet())
            : parse.distinct(c.column());
    List<Integer> missing = new ArrayList<>();
    for (int i = c.lo(); i <= c.hi(); i++) {
      if (!seen.contains(Integer.toString(i))
          && !seen.contains(String.format(Locale.ROOT, "%02d", i))
          && !seen.contains(String.format(Locale.ROOT, "%03d", i))) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      w.put(
          "MISSING_UNITS",
          String.format(
              Locale.ROOT,
              "%s: %d of %d..%d absent: %s",
              c.column(),
              missing.size(),
              c.lo(),
              c.hi(),
              missing));
    }
    return w;
  }

  private static Result refuse(
      Options o,
      Listener out,
      List<CheckedFile> files,
      List<Ledger.Entry> ledger,
      Map<Integer, SortedMap<String, Long>> warnings,
      String digest,
      Receipt.Provenance prov,
      String why)
      throws IOException {
    byte[] receipt =
        Receipt.build(
            "refused",
            o.asOf(),
            digest,
            o.layout(),
            prov,
            o.maxRejectRate(),
            files,
            ledger,
            new HashMap<>(warnings),
            new TreeMap<>(),
            why,
            null,
            new TreeMap<>(),
            null);
    Files.createDirectories(o.refusalDir());
    String base =
        String.format(Locale.ROOT, "rollaudit-refused-%s-%s", o.asOf(), digest.substring(0, 12));
    Path p = o.refusalDir().resolve(base + ".json");
    Files.write(p, receipt);
    Files.write(o.refusalDir().resolve(base + ".html"), ReceiptFiles.html(receipt));
    String msg =
        "Cannot ingest "
            + o.asOf()
            + ": "
            + why
            + ". Nothing was stored. The refusal"
            + " receipt is "
            + p
            + " (and .html beside it); it says what to fix.";
    out.stage(msg);
    return new Result(Outcome.REFUSED, receipt, p, ledger, msg);
  }
}
