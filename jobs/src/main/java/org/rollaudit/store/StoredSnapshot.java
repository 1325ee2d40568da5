package org.rollaudit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A committed snapshot of the store. */
public final class StoredSnapshot {
  private final SnapshotStore store;
  private final LocalDate asOf;
  private final Path dir;
  private final byte[] receiptJson;
  private final JsonNode receipt;

  StoredSnapshot(SnapshotStore store, LocalDate asOf, Path dir, byte[] receiptJson) {
    this.store = store;
    this.asOf = asOf;
    this.dir = dir;
    this.receiptJson = receiptJson.clone();
    try {
      this.receipt = new ObjectMapper().readTree(receiptJson);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse receipt of snapshot " + asOf, e);
    }
  }

  /** The store this snapshot belongs to (its metrics history lives there too). */
  public SnapshotStore store() {
    return store;
  }

  public LocalDate asOf() {
    return asOf;
  }

  public byte[] receiptJson() {
    return receiptJson.clone();
  }

  /** The receipt, parsed. */
  public JsonNode receipt() {
    return receipt;
  }

  /** SHA-256 over the input files' hashes; the identity of the snapshot's bytes. */
  public String inputDigest() {
    return receipt.path("input_digest").asText();
  }

  /** The canonical data, known to Spark as bucketed by voter_id. */
  public Dataset<Row> data() {
    return store.readBucketed(new Path(dir, "data"), CanonicalSchema.DATA);
  }

  /** Names and addresses, bucketed like {@link #data()}. */
  public Dataset<Row> pii() {
    return store.readBucketed(new Path(dir, "pii"), CanonicalSchema.PII);
  }

  /** Rejected records (restricted data). */
  public Dataset<Row> rejects() {
    return store.spark().read().parquet(new Path(dir, "rejects").toString());
  }

  public String location() {
    return dir.toString();
  }
}
