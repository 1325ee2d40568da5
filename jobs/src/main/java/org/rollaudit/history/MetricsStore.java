package org.rollaudit.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.audit.SnapshotInfo;
import org.rollaudit.audit.Version;
import org.rollaudit.compare.MetricsJob;
import org.rollaudit.pipeline.RunId;
import org.rollaudit.store.StoredSnapshot;
import org.rollaudit.store.Unmarked;

/**
 * The metrics history kept in the snapshot store: each audited pair's per-unit and per-group counts
 * ({@link Metrics} without its history), so that a timeline or a later pair audit reads them
 * instead of comparing the two snapshots again.
 *
 * <pre>
 * ROOT/metrics/b-&lt;build&gt;/build.txt    this build's name; its time is the build's last use
 * B/2024-01-06_2024-01-13/&lt;key&gt;/pair.json        what the key covers (written last, after the rename)
 * B/2024-01-06_2024-01-13/&lt;key&gt;/demographic/     Parquet, one folder per cell kind
 * B/2024-01-06_2024-01-13/&lt;key&gt;/precincts/ reasons/ field_changes/ counties/
 * B/2024-01-06_2024-01-13/churn-vanished-&lt;key&gt;/  Parquet: the pair's vanished voters
 * B/2024-01-06_2024-01-13/churn-removed-&lt;id&gt;-&lt;key&gt;/ per voter, a date over the
 * B/2024-01-06_2024-01-13/notice-free-&lt;id&gt;-&lt;key&gt;/  snapshots up to 01-13 (VoterDates)
 * B/.staging-...                                 a write in progress
 * </pre>
 *
 * <p>(B is ROOT/metrics/b-&lt;build&gt;.) Each build of rollaudit keeps its results in its own
 * folder, and a build's folder goes when no run has used it for a week ({@link KeptBuilds}).
 *
 * <p>The key hashes what determines the counts: both snapshots' as-of dates and input digests,
 * {@link #FORMAT} and the build ({@link Version#build}: the code, not only its version). The rules
 * are not part of it: the counts do not depend on them (detectors read the counts, they do not
 * shape them), so editing a threshold keeps the history. A replaced snapshot has another input
 * digest, hence another key: stale counts are never read. A pair is written in a staging folder and
 * renamed into place in one step, so a killed run leaves either nothing or the whole pair; leftover
 * staging folders are ignored and removed by the next write.
 */
public final class MetricsStore {
  /** Bump when the change set or the metrics' meaning changes: kept metrics are then recomputed. */
  public static final String FORMAT = "rollaudit-metrics/1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StructType COUNTS =
      new StructType(
          new StructField[] {
            field("baseline_total", true),
            field("current_total", true),
            field("at_risk", true),
            field("removed", true),
            field("removed_present", true),
            field("removed_absent", true),
            field("added", true),
            field("reactivated", true),
            field("changed", true),
            field("unchanged", true),
            field("aged_out", true),
            field("other_absent", true)
          });
  private static final StructType DEMOGRAPHIC =
      concat(strings("county_id", "race", "ethnicity", "gender", "age_band", "party"), COUNTS);
  private static final StructType PRECINCTS = concat(strings("county_id", "precinct"), COUNTS);
  private static final StructType REASONS =
      strings("county_id", "precinct", "reason", "status_date")
          .add(field("removed", true))
          .add("status_date_null", DataTypes.BooleanType, false);
  private static final StructType FIELD_CHANGES =
      strings("county_id", "precinct", "field", "transformation").add(field("voters", true));
  private static final StructType COUNTIES = strings("county_id", "county_desc");

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path root;

  private MetricsStore(SparkSession spark, FileSystem fs, Path root) {
    this.spark = spark;
    this.fs = fs;
    this.root = root;
  }

  /** The metrics history of the store that {@code s} belongs to. */
  public static MetricsStore of(StoredSnapshot s) {
    // the active session: s.data() would register a table just to reach it
    SparkSession spark = SparkSession.active();
    Path metrics = new Path(new Path(s.store().root()), "metrics");
    Path root = KeptBuilds.folder(metrics);
    try {
      FileSystem fs = metrics.getFileSystem(spark.sparkContext().hadoopConfiguration());
      KeptBuilds.markAndClean(fs, metrics);
      return new MetricsStore(spark, fs, root);
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INPUT, "Cannot open the metrics history " + root + ": " + e, e);
    }
  }

  /** The key of a pair: sha256 of what determines its counts (see the class comment). */
  public static String key(StoredSnapshot baseline, StoredSnapshot current) {
    return RunId.of(
        List.of(
            FORMAT,
            baseline.asOf().toString(),
            baseline.inputDigest(),
            current.asOf().toString(),
            current.inputDigest(),
            Version.build()));
  }

  private Path dir(StoredSnapshot b, StoredSnapshot c) {
    return new Path(new Path(root, b.asOf() + "_" + c.asOf()), key(b, c).substring(0, 32));
  }

  /**
   * The pair's kept metrics (with an empty history), equal to what {@link MetricsJob#compute}
   * returned for them; empty when they were never kept.
   */
  public Optional<Metrics> read(
      StoredSnapshot b, StoredSnapshot c, SnapshotInfo bi, SnapshotInfo ci) {
    Path d = dir(b, c);
    Path meta = new Path(d, "pair.json");
    try {
      if (!fs.exists(meta)) {
        return Optional.empty();
      }
      JsonNode n;
      try (FSDataInputStream in = fs.open(meta)) {
        n = JSON.readTree(in.readAllBytes());
      }
      if (!key(b, c).equals(n.path("key").asText())) {
        throw new IOException(
            "pair.json holds key " + n.path("key").asText() + ", not this pair's");
      }
      List<Metrics.DemographicCell> demo = new ArrayList<>();
      for (Row r : rows(d, "demographic", DEMOGRAPHIC)) {
        demo.add(
            new Metrics.DemographicCell(
                r.getString(0),
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                counts(r, 6)));
      }
      List<Metrics.PrecinctCell> precincts = new ArrayList<>();
      for (Row r : rows(d, "precincts", PRECINCTS)) {
        precincts.add(new Metrics.PrecinctCell(r.getString(0), r.getString(1), counts(r, 2)));
      }
      List<Metrics.ReasonCell> reasons = new ArrayList<>();
      for (Row r : rows(d, "reasons", REASONS)) {
        LocalDate date = r.getBoolean(5) ? null : LocalDate.parse(r.getString(3));
        reasons.add(
            new Metrics.ReasonCell(
                r.getString(0), r.getString(1), r.getString(2), date, r.getLong(4)));
      }
      List<Metrics.FieldChangeCell> changes = new ArrayList<>();
      for (Row r : rows(d, "field_changes", FIELD_CHANGES)) {
        changes.add(
            new Metrics.FieldChangeCell(
                r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getLong(4)));
      }
      SortedMap<String, String> names = new TreeMap<>();
      for (Row r : rows(d, "counties", COUNTIES)) {
        names.put(r.getString(0), r.getString(1));
      }
      return Optional.of(
          MetricsJob.assemble(bi, ci, names, demo, precincts, reasons, changes, List.of()));
    } catch (IOException | RuntimeException e) {
      throw new RollAuditException(
          RollAuditException.INPUT,
          "Cannot read the kept metrics in "
              + d
              + ": "
              + e.getMessage()
              + ". Delete that folder; the next run computes the pair again.",
          e);
    }
  }

  /**
   * Keeps the pair's metrics (their history is not kept: it is rebuilt from the earlier pairs).
   * Atomic: written in a staging folder, renamed into place; a pair already kept (a concurrent run)
   * is left as it is.
   */
  public void write(StoredSnapshot b, StoredSnapshot c, Metrics m) {
    keep(
        b,
        c,
        "the metrics",
        dir(b, c),
        staging -> {
          removeStaleStaging();
          List<Row> demo = new ArrayList<>();
          for (Metrics.DemographicCell x : m.demographic()) {
            demo.add(
                withCounts(
                    x.counts(),
                    x.countyId(),
                    x.race(),
                    x.ethnicity(),
                    x.gender(),
                    x.ageBand(),
                    x.party()));
          }
          List<Row> precincts = new ArrayList<>();
          for (Metrics.PrecinctCell x : m.precincts()) {
            precincts.add(withCounts(x.counts(), x.countyId(), x.precinct()));
          }
          List<Row> reasons = new ArrayList<>();
          for (Metrics.ReasonCell x : m.removalReasons()) {
            reasons.add(
                RowFactory.create(
                    x.countyId(),
                    x.precinct(),
                    x.reason(),
                    x.statusDate() == null ? "" : x.statusDate().toString(),
                    x.removed(),
                    x.statusDate() == null));
          }
          List<Row> changes = new ArrayList<>();
          for (Metrics.FieldChangeCell x : m.fieldChanges()) {
            changes.add(
                RowFactory.create(
                    x.countyId(), x.precinct(), x.field(), x.transformation(), x.voters()));
          }
          List<Row> counties = new ArrayList<>();
          m.countyNames().forEach((id, name) -> counties.add(RowFactory.create(id, name)));
          part(staging, "demographic", DEMOGRAPHIC, demo);
          part(staging, "precincts", PRECINCTS, precincts);
          part(staging, "reasons", REASONS, reasons);
          part(staging, "field_changes", FIELD_CHANGES, changes);
          part(staging, "counties", COUNTIES, counties);
        },
        new Marker("pair.json", pairJson(b, c)));
  }

  /** What the key covers: the pair's marker, written last (its absence hides the folder). */
  private static byte[] pairJson(StoredSnapshot b, StoredSnapshot c) {
    ObjectNode n =
        JSON.createObjectNode()
            .put("format", FORMAT)
            .put("key", key(b, c))
            .put("baseline_as_of", b.asOf().toString())
            .put("baseline_input_digest", b.inputDigest())
            .put("current_as_of", c.asOf().toString())
            .put("current_input_digest", c.inputDigest())
            .put("software", Version.build());
    try {
      return JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(n)
          .getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A table that depends on the pair's two snapshots alone (the churn rule keeps the voters who
   * vanished between them), kept beside the pair's metrics under the same key: read back when kept,
   * else computed, kept (a staging folder renamed into place) and read back, so that a run that
   * computes it and one that finds it kept go on from the same rows.
   */
  public Dataset<Row> table(
      StoredSnapshot b, StoredSnapshot c, String name, Supplier<Dataset<Row>> compute) {
    Path target = new Path(dir(b, c).getParent(), name + "-" + key(b, c).substring(0, 32));
    if (!exists(target)) {
      keep(
          b,
          c,
          name,
          target,
          staging ->
              compute
                  .get()
                  .coalesce(1)
                  .write()
                  .mode(SaveMode.ErrorIfExists)
                  .parquet(staging.toString()),
          null);
    }
    return spark.read().parquet(target.toString());
  }

  /** What a staging write puts in its folder. */
  private interface StagingWrite {
    void into(Path staging) throws IOException;
  }

  /** The file written into a kept folder after its rename; the folder counts once it is there. */
  private record Marker(String name, byte[] bytes) {}

  /**
   * Writes {@code what} of the pair into a staging folder and renames it to {@code target} in one
   * step, so on HDFS or a local disk a killed run leaves all of it or nothing; a target already
   * there (a concurrent run) is left as it is. On an object store the rename copies file by file,
   * so a {@code marker}, when given, is written after it, by the run whose rename it was: a folder
   * without it is never read ({@link #read}), and is removed a day after its last file ({@link
   * Unmarked}).
   */
  private void keep(
      StoredSnapshot b,
      StoredSnapshot c,
      String what,
      Path target,
      StagingWrite write,
      Marker marker) {
    Path staging = new Path(root, ".staging-" + UUID.randomUUID());
    try {
      write.into(staging);
      fs.mkdirs(target.getParent());
      if (marker != null && Unmarked.of(fs, target, marker.name()) == Unmarked.State.DEAD) {
        fs.delete(target, true);
      }
      boolean renamed = !fs.exists(target) && fs.rename(staging, target);
      if (!renamed && !fs.exists(target)) {
        throw new IOException("rename " + staging + " -> " + target + " failed");
      }
      if (renamed && marker != null) {
        try (OutputStream out = fs.create(new Path(target, marker.name()), false)) {
          out.write(marker.bytes());
        }
      }
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INTERNAL,
          "Cannot keep "
              + what
              + " of "
              + b.asOf()
              + " to "
              + c.asOf()
              + " in "
              + root
              + ": "
              + e.getMessage()
              + ". Check free space and permissions of the store.",
          e);
    } finally {
      try {
        fs.delete(staging, true);
      } catch (IOException e) {
        // A leftover staging folder is never read and is removed by a later write.
      }
    }
  }

  private boolean exists(Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      return false; // then it is written again; a target already there is left as it is
    }
  }

  /**
   * A file kept beside the pair's metrics (the timeline keeps each interval's evidence there);
   * empty when absent.
   */
  public Optional<byte[]> readFile(StoredSnapshot b, StoredSnapshot c, String name) {
    Path p = new Path(dir(b, c), name);
    try {
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      try (FSDataInputStream in = fs.open(p)) {
        return Optional.of(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INPUT,
          "Cannot read " + p + ": " + e.getMessage() + ". Delete it; the next run writes it again.",
          e);
    }
  }

  /** Keeps a file beside the pair's metrics, atomically (temporary name, then rename). */
  public void writeFile(StoredSnapshot b, StoredSnapshot c, String name, byte[] bytes) {
    Path d = dir(b, c);
    Path tmp = new Path(d, ".tmp-" + UUID.randomUUID());
    try {
      fs.mkdirs(d);
      try (OutputStream out = fs.create(tmp, false)) {
        out.write(bytes);
      }
      Path target = new Path(d, name);
      if (!fs.exists(target) && !fs.rename(tmp, target) && !fs.exists(target)) {
        throw new IOException("rename " + tmp + " -> " + target + " failed");
      }
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INTERNAL,
          "Cannot keep " + name + " in " + d + ": " + e.getMessage() + ". Check free space.",
          e);
    } finally {
      try {
        fs.delete(tmp, false);
      } catch (IOException e) {
        // never read; harmless
      }
    }
  }

  /** Staging folders of runs killed more than a day ago (a live run's folder is younger). */
  private void removeStaleStaging() throws IOException {
    if (!fs.exists(root)) {
      return;
    }
    long cutoff = System.currentTimeMillis() - 24L * 3600 * 1000;
    for (var st : fs.listStatus(root)) {
      if (st.getPath().getName().startsWith(".staging-") && st.getModificationTime() < cutoff) {
        fs.delete(st.getPath(), true);
      }
    }
  }

  /**
   * Writes one part of a kept pair as one Parquet file with Parquet's own writer, the counterpart
   * of {@link #rows}. A Spark job here shipped every row inside its single task (tens of thousands
   * of demographic cells: a 12 MB task at 1M voters, 23 MB at 9M, with Spark's warning about it)
   * and took 0.4 s a pair at 100k voters and about 1.4 s at 1M for what are small local files.
   */
  private void part(Path staging, String name, StructType schema, List<Row> rows)
      throws IOException {
    MessageType type = parquetType(schema);
    StructField[] fields = schema.fields();
    Path file = new Path(new Path(staging, name), "part-00000.snappy.parquet");
    try (ParquetWriter<Group> out =
        ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, fs.getConf()))
            .withConf(fs.getConf())
            .withType(type)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .build()) {
      for (Row r : rows) {
        Group g = new SimpleGroup(type);
        for (int i = 0; i < fields.length; i++) {
          if (r.isNullAt(i)) {
            continue;
          }
          if (fields[i].dataType() == DataTypes.LongType) {
            g.add(i, r.getLong(i));
          } else if (fields[i].dataType() == DataTypes.BooleanType) {
            g.add(i, r.getBoolean(i));
          } else {
            g.add(i, r.getString(i));
          }
        }
        out.write(g);
      }
    }
  }

  /** The Parquet schema Spark would write for {@code schema} (strings, longs and booleans). */
  private static MessageType parquetType(StructType schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : schema.fields()) {
      if (f.dataType() == DataTypes.LongType) {
        b.optional(PrimitiveTypeName.INT64).named(f.name());
      } else if (f.dataType() == DataTypes.BooleanType) {
        b.optional(PrimitiveTypeName.BOOLEAN).named(f.name());
      } else {
        b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(f.name());
      }
    }
    return b.named("spark_schema");
  }

  /**
   * The rows of one part of a kept pair, read with Parquet's own reader rather than a Spark job: a
   * part is one small file (written by {@link #part}; the file system's hidden checksum files are
   * skipped), and a Spark job per part made reading a year of weekly pairs cost 0.2-0.3 s a pair,
   * most of a weekly audit's own-history comparison. Values come back as Spark would give them; a
   * column missing from the file reads as null.
   */
  private List<Row> rows(Path d, String name, StructType schema) throws IOException {
    FileStatus[] files =
        fs.listStatus(
            new Path(d, name), p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
    Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
    List<Row> out = new ArrayList<>();
    StructField[] fields = schema.fields();
    for (FileStatus f : files) {
      try (ParquetReader<Group> in =
          ParquetReader.builder(new GroupReadSupport(), f.getPath())
              .withConf(fs.getConf())
              .build()) {
        for (Group g = in.read(); g != null; g = in.read()) {
          Object[] v = new Object[fields.length];
          for (int i = 0; i < fields.length; i++) {
            v[i] = value(g, fields[i]);
          }
          out.add(RowFactory.create(v));
        }
      }
    }
    return out;
  }

  private static Object value(Group g, StructField f) {
    GroupType t = g.getType();
    if (!t.containsField(f.name())) {
      return null;
    }
    int i = t.getFieldIndex(f.name());
    if (g.getFieldRepetitionCount(i) == 0) {
      return null;
    }
    if (f.dataType() == DataTypes.LongType) {
      return g.getLong(i, 0);
    }
    if (f.dataType() == DataTypes.BooleanType) {
      return g.getBoolean(i, 0);
    }
    return g.getString(i, 0);
  }

  private static Row withCounts(Counts c, Object... keys) {
    Object[] v = new Object[keys.length + 12];
    System.arraycopy(keys, 0, v, 0, keys.length);
    long[] n = {
      c.baselineTotal(),
      c.currentTotal(),
      c.atRisk(),
      c.removed(),
      c.removedPresent(),
      c.removedAbsent(),
      c.added(),
      c.reactivated(),
      c.changed(),
      c.unchanged(),
      c.agedOut(),
      c.otherAbsent()
    };
    for (int i = 0; i < 12; i++) {
      v[keys.length + i] = n[i];
    }
    return RowFactory.create(v);
  }

  private static Counts counts(Row r, int o) {
    return new Counts(
        r.getLong(o),
        r.getLong(o + 1),
        r.getLong(o + 2),
        r.getLong(o + 3),
        r.getLong(o + 4),
        r.getLong(o + 5),
        r.getLong(o + 6),
        r.getLong(o + 7),
        r.getLong(o + 8),
        r.getLong(o + 9),
        r.getLong(o + 10),
        r.getLong(o + 11));
  }

  private static StructField field(String name, boolean isLong) {
    return DataTypes.createStructField(
        name, isLong ? DataTypes.LongType : DataTypes.StringType, false);
  }

  private static StructType concat(StructType a, StructType b) {
    StructType t = a;
    for (StructField f : b.fields()) {
      t = t.add(f);
    }
    return t;
  }

  private static StructType strings(String... names) {
    StructType t = new StructType();
    for (String n : names) {
      t = t.add(n, DataTypes.StringType, true);
    }
    return t;
  }
}
