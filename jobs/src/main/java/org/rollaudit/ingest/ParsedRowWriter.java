package org.rollaudit.ingest;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.rollaudit.store.CanonicalSchema;

/**
 * Writes the parse's accepted records straight into Spark's binary row format ({@link
 * IngestSchemas#PARSED}). Going through {@code Row}s meant two conversions per record, field by
 * field: the encoder's (external to internal row, nested structs included) and the scan's
 * projection to an {@link UnsafeRow}; a JFR profile of a 5M-voter ingest put about a seventh of the
 * executors' samples in them. Handed an {@link UnsafeRow}, the scan's projection copies it in one
 * piece.
 *
 * <p>The values and their conversions are the encoder's own (a {@code java.sql.Date} through {@link
 * DateTimeUtils#fromJavaDate}), so the stored bytes do not change. The rare reject and tally rows
 * still go through the encoder. One writer per task; the row it returns is overwritten by the next
 * call, as Spark's own readers do (the scan copies each row before the next is read).
 */
final class ParsedRowWriter {
  private final UnsafeRowWriter top = new UnsafeRowWriter(IngestSchemas.PARSED.size(), 512);
  private final UnsafeRowWriter data = new UnsafeRowWriter(top, CanonicalSchema.DATA.size());
  private final UnsafeRowWriter pii = new UnsafeRowWriter(top, CanonicalSchema.PII.size());
  private final Kind[] dataKinds = kinds(CanonicalSchema.DATA);
  private final Kind[] piiKinds = kinds(CanonicalSchema.PII);
  private static final int MAX_DAYS = 1 << 16;
  private final java.util.IdentityHashMap<java.sql.Date, Integer> dayNumbers =
      new java.util.IdentityHashMap<>();
  private final ExpressionEncoder.Serializer<Row> encoder =
      ExpressionEncoder.apply(IngestSchemas.PARSED).createSerializer();

  private enum Kind {
    STRING,
    INT,
    LONG,
    BOOLEAN,
    DATE
  }

  private static Kind[] kinds(StructType t) {
    Kind[] k = new Kind[t.size()];
    for (int i = 0; i < k.length; i++) {
      DataType d = t.fields()[i].dataType();
      if (d.equals(DataTypes.StringType)) {
        k[i] = Kind.STRING;
      } else if (d.equals(DataTypes.IntegerType)) {
        k[i] = Kind.INT;
      } else if (d.equals(DataTypes.LongType)) {
        k[i] = Kind.LONG;
      } else if (d.equals(DataTypes.BooleanType)) {
        k[i] = Kind.BOOLEAN;
      } else if (d.equals(DataTypes.DateType)) {
        k[i] = Kind.DATE;
      } else {
        // A new canonical type needs its conversion here first.
        throw new IllegalStateException("no binary writer for " + d + " (" + t.fields()[i] + ")");
      }
    }
    return k;
  }

  /** An accepted record: the same row as {@link IngestSchemas#accepted}, in binary form. */
  UnsafeRow accepted(
      int file, long record, long line, long offset, String key, Object[] d, Object[] p) {
    top.reset();
    top.zeroOutNullBytes();
    top.write(0, IngestSchemas.ACCEPTED);
    top.write(1, file);
    top.write(2, record);
    top.write(3, line);
    top.write(4, offset);
    if (key == null) {
      top.setNullAt(5);
    } else {
      top.write(5, UTF8String.fromString(key));
    }
    struct(6, data, dataKinds, d);
    struct(7, pii, piiKinds, p);
    top.setNullAt(8);
    top.setNullAt(9);
    return top.getRow();
  }

  private void struct(int ordinal, UnsafeRowWriter w, Kind[] kinds, Object[] values) {
    int previousCursor = top.cursor();
    w.resetRowWriter();
    for (int i = 0; i < kinds.length; i++) {
      Object v = values[i];
      if (v == null) {
        w.setNullAt(i);
        continue;
      }
      switch (kinds[i]) {
        case STRING -> w.write(i, UTF8String.fromString((String) v));
        case INT -> w.write(i, (int) (Integer) v);
        case LONG -> w.write(i, (long) (Long) v);
        case BOOLEAN -> w.write(i, (boolean) (Boolean) v);
        case DATE -> w.write(i, days((java.sql.Date) v));
      }
    }
    top.setOffsetAndSizeFromPreviousCursor(ordinal, previousCursor);
  }

  /**
   * The date's day number, as the encoder computes it (through the JVM's time zone, which makes it
   * costly). The parser hands out one {@code Date} object per distinct date text ({@link
   * DateCache}), so the day numbers are kept by object identity; bounded like that cache.
   */
  private int days(java.sql.Date d) {
    Integer n = dayNumbers.get(d);
    if (n == null) {
      if (dayNumbers.size() >= MAX_DAYS) {
        dayNumbers.clear();
      }
      n = DateTimeUtils.fromJavaDate(d);
      dayNumbers.put(d, n);
    }
    return n;
  }

  /** Any other parsed row (rejects, tallies), through Spark's encoder; a copy of its own. */
  InternalRow encoded(Row r) {
    return encoder.apply(r).copy();
  }
}
