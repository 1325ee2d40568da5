package org.rollaudit.history;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.SnapshotInfo;
import org.rollaudit.compare.ChangeSet;
import org.rollaudit.compare.MetricsJob;
import org.rollaudit.spark.TestSpark;
import org.rollaudit.store.CanonicalSchema;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;

/** A hand-made snapshot with names (data and PII), written through the real store. */
public final class NamedSnapshot {
  private final List<Row> data = new ArrayList<>();
  private final List<Row> pii = new ArrayList<>();

  /** Adds a voter with the given names (middle may be null), registered on 1 May 2010. */
  public NamedSnapshot voter(
      String id,
      String county,
      String status,
      String reason,
      int birthYear,
      String last,
      String first,
      String middle) {
    return voter(id, county, status, reason, birthYear, last, first, middle, "2010-05-01");
  }

  /** Adds a voter registered on {@code registered} (yyyy-mm-dd). */
  public NamedSnapshot voter(
      String id,
      String county,
      String status,
      String reason,
      int birthYear,
      String last,
      String first,
      String middle,
      String registered) {
    data.add(
        RowFactory.create(
            id,
            county,
            "COUNTY" + county,
            "P1",
            status,
            reason,
            null,
            "W",
            "NL",
            "F",
            "UNA",
            birthYear,
            2024 - birthYear,
            Date.valueOf(registered),
            false,
            (long) (last + "|" + first + "|" + middle).hashCode(),
            7L,
            0,
            (long) data.size() + 2));
    pii.add(RowFactory.create(id, last, first, middle, null, "1 MAIN ST", "TOWN", "27000", null));
    return this;
  }

  /** Stores the rows as the snapshot of {@code asOf} in the store at {@code root}. */
  public StoredSnapshot store(Path root, LocalDate asOf) {
    SparkSession spark = TestSpark.session();
    SnapshotStore store = SnapshotStore.open(spark, root.toString(), 4);
    SnapshotStore.Staging st = store.stage(asOf);
    st.writeData(spark.createDataFrame(data, CanonicalSchema.DATA));
    st.writePii(spark.createDataFrame(pii, CanonicalSchema.PII));
    String digest = "digest-" + asOf;
    String receipt =
        "{\"input_digest\":\""
            + digest
            + "\",\"as_of\":\""
            + asOf
            + "\",\"accepted\":"
            + data.size()
            + "}";
    st.commit(receipt.getBytes(StandardCharsets.UTF_8), digest, false);
    return store.find(asOf).orElseThrow();
  }

  /** The history context and metrics of an audit of {@code baseline} and {@code current}. */
  public record Audit(HistoryContext history, Metrics metrics) {}

  /** Builds the change set and metrics as the pipeline does, over the given store snapshots. */
  public static Audit audit(List<StoredSnapshot> snapshots) {
    StoredSnapshot b = snapshots.get(snapshots.size() - 2);
    StoredSnapshot c = snapshots.get(snapshots.size() - 1);
    var cs = ChangeSet.build(b.data(), c.data(), b.asOf()).cache();
    Metrics m =
        MetricsJob.compute(
            cs,
            new SnapshotInfo(b.asOf(), b.data().count(), "nc-ncvoter", "2022"),
            new SnapshotInfo(c.asOf(), c.data().count(), "nc-ncvoter", "2022"),
            List.of());
    return new Audit(new HistoryContext(snapshots, b, c, cs), m);
  }

  /**
   * A letters-only name for index j: seven letters drawn from a generator seeded with j, so two
   * indexes give unrelated names (Jaro-Winkler about 0.5) and the tests' matches are unambiguous.
   */
  public static String name(int j) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(1000 + j);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      b.append((char) ('A' + r.nextInt(26)));
    }
    return b.toString();
  }
}
