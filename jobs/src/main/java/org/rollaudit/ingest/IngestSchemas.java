package org.rollaudit.ingest;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.rollaudit.store.CanonicalSchema;

/**
 * Spark schemas of ingest: the parser's output ({@link #PARSED}: one row per accepted or rejected
 * record, plus one tally row per split) and the rejects handed to the store ({@link #REJECTS}).
 */
public final class IngestSchemas {
  /** Validator id written into every reject and the receipt; bump when a rule changes. */
  public static final String VALIDATOR = "rollaudit-ingest/1";

  static final int ACCEPTED = 0;
  static final int REJECTED = 1;
  static final int TALLY = 2;

  private IngestSchemas() {}

  private static StructField f(String name, DataType t, boolean nullable) {
    return new StructField(name, t, nullable, Metadata.empty());
  }

  static final StructType REJECT_IN =
      new StructType(
          new StructField[] {
            f("column", IntegerType, false),
            f("column_name", StringType, false),
            f("reason", StringType, false),
            f("message", StringType, false),
            f("raw", StringType, true)
          });

  static final StructType TALLY_T =
      new StructType(
          new StructField[] {
            f("split", IntegerType, false),
            f("records", LongType, false),
            f("header", LongType, false),
            f("blank", LongType, false),
            f("accepted", LongType, false),
            f("rejected", LongType, false),
            f("warnings", DataTypes.createMapType(StringType, LongType, false), false),
            f("key_hashes", DataTypes.BinaryType, false)
          });

  /** What the parse stage emits; {@code kind} says which of data/pii, reject, tally is set. */
  static final StructType PARSED =
      new StructType(
          new StructField[] {
            f("kind", IntegerType, false),
            f("file", IntegerType, false),
            f("record", LongType, false),
            f("line", LongType, false),
            f("offset", LongType, false),
            f("key", StringType, true),
            f("data", CanonicalSchema.DATA, true),
            f("pii", CanonicalSchema.PII, true),
            f("reject", REJECT_IN, true),
            f("tally", TALLY_T, true)
          });

  /**
   * Rejected records as the store keeps them (restricted data), sorted by file and record. {@code
   * raw} is the escaped, masked record text; {@code message} never holds row content.
   */
  public static final StructType REJECTS =
      new StructType(
          new StructField[] {
            f("src_file", IntegerType, false),
            f("file_name", StringType, false),
            f("file_sha256", StringType, false),
            f("record", LongType, false),
            f("line", LongType, false),
            f("byte_offset", LongType, false),
            f("column", IntegerType, false),
            f("column_name", StringType, false),
            f("reason", StringType, false),
            f("message", StringType, false),
            f("raw", StringType, true),
            f("validator", StringType, false)
          });

  /**
   * An accepted record as a {@code Row}: the reference form of what {@link ParsedRowWriter} writes
   * in binary for the parse (its test compares the two byte for byte).
   */
  static Row accepted(
      int file, long record, long line, long offset, String key, Object[] data, Object[] pii) {
    return RowFactory.create(
        ACCEPTED,
        file,
        record,
        line,
        offset,
        key,
        RowFactory.create(data),
        RowFactory.create(pii),
        null,
        null);
  }

  static Row rejected(Reject r) {
    return RowFactory.create(
        REJECTED,
        r.file(),
        r.record(),
        r.line(),
        r.offset(),
        r.key(),
        null,
        null,
        RowFactory.create(r.column(), r.columnName(), r.reason().name(), r.message(), r.raw()),
        null);
  }

  /**
   * The split's tally row.
   *
   * @param keyHashes the split's {@link KeyScreen} bytes
   */
  static Row tally(SplitTally t, byte[] keyHashes) {
    Map<String, Long> w = t.warnings();
    return RowFactory.create(
        TALLY,
        t.file(),
        0L,
        0L,
        0L,
        null,
        null,
        null,
        null,
        RowFactory.create(
            t.split(),
            t.records(),
            t.header(),
            t.blank(),
            t.accepted(),
            t.rejected(),
            scala.collection.JavaConverters.mapAsScalaMap(w).toMap(scala.Predef.$conforms()),
            keyHashes));
  }

  static SplitTally tallyOf(Row r) {
    Row t = r.getStruct(r.fieldIndex("tally"));
    java.util.TreeMap<String, Long> w = new java.util.TreeMap<>(t.getJavaMap(6));
    return new SplitTally(
        r.getInt(1),
        t.getInt(0),
        t.getLong(1),
        t.getLong(2),
        t.getLong(3),
        t.getLong(4),
        t.getLong(5),
        w);
  }

  /** The {@link KeyScreen} bytes of a tally row. */
  static byte[] keyHashesOf(Row r) {
    return (byte[]) r.getStruct(r.fieldIndex("tally")).get(7);
  }

  static Row rejectRow(Reject r, String fileName, String sha) {
    return RowFactory.create(
        r.file(),
        fileName,
        sha,
        r.record(),
        r.line(),
        r.offset(),
        r.column(),
        r.columnName(),
        r.reason().name(),
        r.message(),
        r.raw(),
        VALIDATOR);
  }
}
