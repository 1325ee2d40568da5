package org.rollaudit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.rollaudit.audit.RollAuditException;

/**
 * The snapshot store: one folder per as-of date, each holding the canonical {@code data} and {@code
 * pii} datasets bucketed by {@code voter_id} (same bucket count for every snapshot of the store, so
 * a compare joins bucket to bucket without a shuffle), the {@code rejects}, and a {@code
 * receipt.json} written last: a snapshot exists only once its receipt does.
 *
 * <pre>
 * ROOT/store.json                      {"format": "rollaudit-store/v1", "buckets": 16}
 * ROOT/run.lock                        held by a running 'rollaudit run' (pid, host, start)
 * ROOT/snapshots/2024-01-06/data/      Parquet, bucketed and sorted by voter_id
 * ROOT/snapshots/2024-01-06/pii/       names and addresses, same bucketing
 * ROOT/snapshots/2024-01-06/rejects/   rejected records (restricted data)
 * ROOT/snapshots/2024-01-06/receipt.json    written last (schema rollaudit/receipt/v1 or v2)
 * ROOT/snapshots/2024-01-06/receipt.html    the same receipt for people (v2)
 * ROOT/snapshots/2024-01-06/receipt.sha256  (.sig, signer.pub) with ingest --sign-key
 * ROOT/replaced/2024-01-06-&lt;digest&gt;/   an older snapshot replaced with --replace, kept whole
 *                                      (-2, -3... when the same bytes were replaced before)
 * ROOT/snapshots/.staging-...          an ingest in progress (removed if it dies)
 * </pre>
 *
 * <p>Paths are Hadoop URIs, so the store may live on {@code hdfs://} or {@code s3a://}. On object
 * stores the rename is not atomic; there a snapshot counts only once its receipt is readable, and
 * the receipt is written after the rename ({@link Staging#commit}).
 */
public final class SnapshotStore {
  public static final String FORMAT = "rollaudit-store/v1";
  public static final int DEFAULT_BUCKETS = 16;

  /** The file {@code rollaudit run} locks for the whole run (see org.rollaudit.cli.RunLock). */
  public static final String RUN_LOCK = "run.lock";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Columns with about one distinct value per voter (see {@link #writeBucketed}); not the names,
   * which repeat enough for a dictionary to pay (without one, pii grew by 16% on 1M voters).
   */
  private static final Set<String> NO_DICTIONARY =
      Set.of("voter_id", "name_fp", "address_fp", "src_line", "res_street_address", "mail_address");

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path root;
  private final int buckets;

  private SnapshotStore(SparkSession spark, FileSystem fs, Path root, int buckets) {
    this.spark = spark;
    this.fs = fs;
    this.root = root;
    this.buckets = buckets;
  }

  /**
   * Whether {@code rootUri} is a local folder that does not exist. {@link #open} creates a store
   * wherever it is pointed, so commands that only read one check this first and report a mistyped
   * path instead of leaving an empty store there. URIs (hdfs://, s3a://) are left to the reader.
   */
  public static boolean absentLocally(String rootUri) {
    return !rootUri.contains("://")
        && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(rootUri));
  }

  /** Opens (creating if absent) the store at {@code rootUri} with the default bucket count. */
  public static SnapshotStore open(SparkSession spark, String rootUri) {
    return open(spark, rootUri, DEFAULT_BUCKETS);
  }

  /**
   * Opens the store; {@code bucketsIfNew} applies only when the store is created. An existing store
   * keeps its bucket count (changing it would force a shuffle on every compare).
   */
  public static SnapshotStore open(SparkSession spark, String rootUri, int bucketsIfNew) {
    try {
      Path root = new Path(toUri(rootUri));
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      root = fs.makeQualified(root);
      Path meta = new Path(root, "store.json");
      int buckets;
      if (fs.exists(meta)) {
        JsonNode n = JSON.readTree(readAll(fs, meta));
        if (!FORMAT.equals(n.path("format").asText())) {
          throw RollAuditException.usage(
              "Cannot open store: "
                  + meta
                  + " is not a rollaudit store (format "
                  + n.path("format").asText()
                  + "). Point --store at a rollaudit store folder.");
        }
        buckets = n.path("buckets").asInt();
      } else {
        if (fs.exists(root) && holdsMoreThanRunLock(fs, root)) {
          throw RollAuditException.usage(
              "Cannot open store: "
                  + root
                  + " is not empty and holds no store.json."
                  + " Use an empty or new folder for --store.");
        }
        buckets = bucketsIfNew;
        fs.mkdirs(root);
        ObjectNode n = JSON.createObjectNode().put("format", FORMAT).put("buckets", buckets);
        writeAll(fs, meta, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
      }
      return new SnapshotStore(spark, fs, root, buckets);
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INPUT, "Cannot open store " + rootUri + ": " + e.getMessage(), e);
    }
  }

  /**
   * True when {@code root} holds anything but the lock file of {@code rollaudit run}, which takes
   * its lock before the store exists (so that two first runs cannot both create it).
   */
  private static boolean holdsMoreThanRunLock(FileSystem fs, Path root) throws IOException {
    for (FileStatus c : fs.listStatus(root)) {
      if (!c.getPath().getName().equals(RUN_LOCK)) {
        return true;
      }
    }
    return false;
  }

  public int buckets() {
    return buckets;
  }

  public String root() {
    return root.toString();
  }

  SparkSession spark() {
    return spark;
  }

  FileSystem fs() {
    return fs;
  }

  Path snapshotDir(LocalDate asOf) {
    return new Path(new Path(root, "snapshots"), asOf.toString());
  }

  /** Every committed snapshot, oldest first. */
  public List<StoredSnapshot> list() {
    List<StoredSnapshot> out = new ArrayList<>();
    try {
      Path dir = new Path(root, "snapshots");
      if (!fs.exists(dir)) {
        return out;
      }
      FileStatus[] children = fs.listStatus(dir);
      List<String> names = new ArrayList<>();
      for (FileStatus c : children) {
        names.add(c.getPath().getName());
      }
      names.sort(null);
      for (String name : names) {
        if (name.startsWith(".")) {
          continue;
        }
        LocalDate d;
        try {
          d = LocalDate.parse(name);
        } catch (java.time.format.DateTimeParseException e) {
          continue;
        }
        find(d).ifPresent(out::add);
      }
      return out;
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INPUT, "Cannot list store " + root + ": " + e.getMessage(), e);
    }
  }

  /** The committed snapshot of {@code asOf}, if its receipt exists. */
  public Optional<StoredSnapshot> find(LocalDate asOf) {
    Path dir = snapshotDir(asOf);
    Path receipt = new Path(dir, "receipt.json");
    try {
      if (!fs.exists(receipt)) {
        return Optional.empty();
      }
      byte[] bytes = readAll(fs, receipt);
      return Optional.of(new StoredSnapshot(this, asOf, dir, bytes));
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INPUT, "Cannot read " + receipt + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes room for a commit of {@code asOf}: a folder of the date without a receipt (a commit that
   * died part-way, or one in progress) is never read as a snapshot; it is removed a day after its
   * last file ({@link Unmarked}), and a younger one is refused with what to do. Ingest calls this
   * before parsing too, so that the refusal comes before the work.
   */
  public void clearDeadCommit(LocalDate asOf) {
    Path target = snapshotDir(asOf);
    try {
      Unmarked.State state = Unmarked.of(fs, target, "receipt.json");
      if (state == Unmarked.State.DEAD) {
        fs.delete(target, true);
      }
      if (state != Unmarked.State.YOUNG) {
        return;
      }
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INPUT, "Cannot read " + target + ": " + e.getMessage(), e);
    }
    throw RollAuditException.input(
        "Cannot store snapshot "
            + asOf
            + ": "
            + target
            + " holds files but no receipt. Another ingest of that date is committing it now,"
            + " or one died while committing (on an object store the commit copies file by"
            + " file); it is never read as a snapshot, and is removed a day after its last file."
            + " If no ingest of "
            + asOf
            + " is running, delete that folder and ingest again.");
  }

  /** Starts writing the snapshot of {@code asOf} in a staging folder; nothing is visible yet. */
  public Staging stage(LocalDate asOf) {
    Path staging =
        new Path(new Path(root, "snapshots"), ".staging-" + asOf + "-" + UUID.randomUUID());
    return new Staging(this, asOf, staging);
  }

  /**
   * Reads a bucketed dataset back as a table Spark knows to be bucketed by voter_id, so that a join
   * of two snapshots on voter_id needs no exchange. Table metadata lives only in this session's
   * in-memory catalog; the files are the truth.
   */
  Dataset<Row> readBucketed(Path dir, StructType schema) {
    String table = "ra_" + UUID.randomUUID().toString().replace("-", "");
    spark.sql(
        "CREATE TABLE "
            + table
            + " ("
            + schema.toDDL()
            + ") USING parquet"
            + " CLUSTERED BY (voter_id) SORTED BY (voter_id) INTO "
            + buckets
            + " BUCKETS"
            + " LOCATION '"
            + dir.toString().replace("'", "\\'")
            + "'");
    return spark.table(table);
  }

  /**
   * Writes {@code rows} bucketed and sorted by voter_id, one file per bucket. Columns unique per
   * voter (the key, fingerprints, line numbers, addresses) are written without a Parquet
   * dictionary: it would grow to the whole column and then be thrown away, a sizeable share of the
   * write.
   *
   * <p>The rows are hash-partitioned on voter_id into as many partitions as buckets, with the
   * expression Spark's bucketing uses ({@code pmod(murmur3(voter_id), buckets)}), so partition k
   * holds exactly bucket k; each is sorted and written as a plain Parquet file, which is then given
   * the bucket file name Spark reads the bucket id from. Spark's own bucketed writer produces the
   * same rows in the same files, but sorts them a second time by (bucket id, voter_id), hashing the
   * key in every comparison, and copies each row through a projection: about a sixth of the write's
   * CPU.
   */
  void writeBucketed(Dataset<Row> rows, Path dir) {
    DataFrameWriter<Row> w =
        rows.repartition(buckets, rows.col("voter_id"))
            .sortWithinPartitions("voter_id")
            .write()
            .mode(SaveMode.ErrorIfExists);
    for (String c : rows.columns()) {
      if (NO_DICTIONARY.contains(c)) {
        w = w.option("parquet.enable.dictionary#" + c, "false");
      }
    }
    w.parquet(dir.toString());
    try {
      nameBuckets(dir);
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INTERNAL, "Cannot name the bucket files in " + dir, e);
    }
  }

  /** A plain writer's file name: part-TASK-JOB-c000.EXT, TASK being the partition (bucket). */
  private static final Pattern PLAIN_PART =
      Pattern.compile("part-(\\d{5})-([0-9a-f-]{36})-(c\\d{3})(\\..*)");

  /**
   * Renames {@code part-00003-JOB-c000.snappy.parquet} to {@code
   * part-00003-JOB_00003.c000.snappy.parquet}, the name of bucket 3 in Spark's bucketed layout.
   */
  private void nameBuckets(Path dir) throws IOException {
    Set<Integer> seen = new HashSet<>();
    for (FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      Matcher m = PLAIN_PART.matcher(name);
      int bucket = m.matches() ? Integer.parseInt(m.group(1)) : -1;
      if (bucket < 0 || bucket >= buckets || !seen.add(bucket)) {
        throw new IllegalStateException(
            "Unexpected file " + name + " in " + dir + ": not one plain Parquet part per bucket");
      }
      String target = m.replaceFirst("part-$1-$2_$1.$3$4");
      if (!fs.rename(f.getPath(), new Path(dir, target))) {
        throw new IOException("Cannot rename " + f.getPath() + " to " + target);
      }
    }
  }

  static URI toUri(String s) {
    // "file:/x" (a qualified Hadoop path) as well as "hdfs://host/x"; two letters at least, so a
    // Windows drive letter is never taken for a scheme.
    if (s.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
      return URI.create(s);
    }
    return java.nio.file.Path.of(s).toAbsolutePath().normalize().toUri();
  }

  static byte[] readAll(FileSystem fs, Path p) throws IOException {
    try (FSDataInputStream in = fs.open(p)) {
      return in.readAllBytes();
    }
  }

  static void writeAll(FileSystem fs, Path p, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(p, false)) {
      out.write(bytes);
    }
  }

  /** A snapshot being written. Call {@link #commit} or {@link #abort} exactly once. */
  public static final class Staging {
    private final SnapshotStore store;
    private final LocalDate asOf;
    private final Path dir;

    Staging(SnapshotStore store, LocalDate asOf, Path dir) {
      this.store = store;
      this.asOf = asOf;
      this.dir = dir;
    }

    public void writeData(Dataset<Row> data) {
      store.writeBucketed(
          data.select(
              CanonicalSchema.DATA_COLUMNS.stream()
                  .map(data::col)
                  .toArray(org.apache.spark.sql.Column[]::new)),
          new Path(dir, "data"));
    }

    public void writePii(Dataset<Row> pii) {
      store.writeBucketed(
          pii.select(
              CanonicalSchema.PII_COLUMNS.stream()
                  .map(pii::col)
                  .toArray(org.apache.spark.sql.Column[]::new)),
          new Path(dir, "pii"));
    }

    /**
     * A small file beside the receipt (receipt.html, its checksums and signature), written before
     * the receipt so that it is there whenever the snapshot is.
     */
    public void writeFile(String name, byte[] bytes) {
      if (name.equals("receipt.json") || name.contains("/")) {
        throw new IllegalArgumentException("Cannot stage " + name + " beside the receipt");
      }
      try {
        writeAll(store.fs, new Path(dir, name), bytes);
      } catch (IOException e) {
        throw new RollAuditException(
            RollAuditException.INTERNAL, "Cannot write " + name + " of snapshot " + asOf, e);
      }
    }

    /**
     * Rejected records, given sorted by file and line; few, so one plain Parquet file in that
     * order. A sort writes one file per range of rows, and Spark reads a folder's files largest
     * first, so several files would read back out of order: {@code coalesce(1)} joins the sorted
     * ranges in order (and leaves the sort itself parallel).
     */
    public void writeRejects(Dataset<Row> rejects) {
      rejects
          .coalesce(1)
          .write()
          .mode(SaveMode.ErrorIfExists)
          .parquet(new Path(dir, "rejects").toString());
    }

    /**
     * Publishes the snapshot: renames the staging folder into place, then writes the receipt, last.
     * On HDFS or a local disk the rename is atomic; on an object store (s3a://) it copies file by
     * file, so a receipt renamed with the rest could be there before the data it vouches for, and a
     * commit that died part-way would leave a readable snapshot with buckets missing. Written after
     * the rename, the receipt appears only once every file is in place. A folder of the date
     * without a receipt is never read: a dead commit's remains are removed a day after their last
     * file ({@link Unmarked}); a younger one may be a commit in progress and is refused with what
     * to do. With {@code replace}, an existing snapshot of the date is moved whole under {@code
     * replaced/} (its receipt kept); without, an existing snapshot is an error.
     *
     * @return false, with nothing changed, when a snapshot of the date from the same input bytes
     *     was committed since the ingest looked (two ingests of one file at once): it is kept
     */
    public boolean commit(byte[] receiptJson, String inputDigest, boolean replace) {
      FileSystem fs = store.fs;
      Path target = store.snapshotDir(asOf);
      try {
        JsonNode parsed = JSON.readTree(receiptJson);
        if (!inputDigest.equals(parsed.path("input_digest").asText())) {
          throw new IllegalStateException(
              "Cannot commit snapshot " + asOf + ": receipt lacks input_digest " + inputDigest);
        }
        store.clearDeadCommit(asOf);
        if (fs.exists(target)) {
          if (inputDigest.equals(storedDigest(target))) {
            abort();
            return false;
          }
          if (!replace) {
            throw RollAuditException.input(
                "Cannot store snapshot "
                    + asOf
                    + ": the store already holds a snapshot of that"
                    + " date from other input bytes. Use --replace to replace it (the old one is"
                    + " kept under replaced/).");
          }
          Path old = new Path(new Path(store.root, "replaced"), asOf + "-" + oldDigest(target));
          // The same bytes replaced twice (A, B, A, B): a rename onto a folder that exists would
          // fail, or (on HDFS) move the snapshot inside it; the later copy gets a number.
          for (int n = 2; fs.exists(old); n++) {
            old = new Path(old.getParent(), asOf + "-" + oldDigest(target) + "-" + n);
          }
          fs.mkdirs(old.getParent());
          if (!fs.rename(target, old)) {
            throw new IOException("rename " + target + " -> " + old + " failed");
          }
        }
        if (!fs.rename(dir, target)) {
          throw new IOException("rename " + dir + " -> " + target + " failed");
        }
        writeAll(fs, new Path(target, "receipt.json"), receiptJson);
        return true;
      } catch (IOException e) {
        abort();
        throw new RollAuditException(
            RollAuditException.INTERNAL,
            "Cannot commit snapshot " + asOf + " to " + target + ": " + e.getMessage(),
            e);
      }
    }

    private String oldDigest(Path target) throws IOException {
      String d = storedDigest(target);
      return d.substring(0, Math.min(12, d.length()));
    }

    private String storedDigest(Path target) throws IOException {
      JsonNode n = JSON.readTree(readAll(store.fs, new Path(target, "receipt.json")));
      return n.path("input_digest").asText("unknown");
    }

    /** Removes the staging folder; the store is as before. */
    public void abort() {
      try {
        store.fs.delete(dir, true);
      } catch (IOException e) {
        // Nothing visible was written; a leftover staging folder is removed by the next ingest.
      }
    }
  }
}
