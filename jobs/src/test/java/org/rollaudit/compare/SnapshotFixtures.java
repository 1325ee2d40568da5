package org.rollaudit.compare;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.spark.TestSpark;
import org.rollaudit.store.CanonicalSchema;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;

/** Hand-made canonical snapshots written through the real store, for compare tests. */
public final class SnapshotFixtures {
  private final List<Row> rows = new ArrayList<>();

  /** Adds a voter; fields not given are typical NC values. */
  public SnapshotFixtures voter(
      String id,
      String county,
      String status,
      String reason,
      String race,
      String party,
      Integer birthYear,
      long nameFp) {
    return add(id, county, status, reason, null, race, party, birthYear, nameFp);
  }

  /** Adds a voter of precinct P1 with a status date (NC VR_Snapshot cancellation_dt). */
  public SnapshotFixtures dated(
      String id, String county, String status, String reason, LocalDate statusDate) {
    return add(id, county, status, reason, statusDate, "W", "UNA", 1970, 1L);
  }

  private SnapshotFixtures add(
      String id,
      String county,
      String status,
      String reason,
      LocalDate statusDate,
      String race,
      String party,
      Integer birthYear,
      long nameFp) {
    rows.add(
        RowFactory.create(
            id,
            county,
            "COUNTY" + county,
            "P1",
            status,
            reason,
            statusDate == null ? null : Date.valueOf(statusDate),
            race,
            "NL",
            "F",
            party,
            birthYear,
            birthYear == null ? null : 2024 - birthYear,
            Date.valueOf("2010-05-01"),
            false,
            nameFp,
            7L,
            0,
            (long) rows.size() + 2));
    return this;
  }

  public SnapshotFixtures confidential(String id, String county, String status) {
    rows.add(
        RowFactory.create(
            id,
            county,
            "COUNTY" + county,
            "P1",
            status,
            "AV",
            null,
            "W",
            "NL",
            "M",
            "UNA",
            1970,
            54,
            Date.valueOf("2010-05-01"),
            true,
            1L,
            7L,
            0,
            (long) rows.size() + 2));
    return this;
  }

  /** Stores the rows as the snapshot of {@code asOf} in the store at {@code root}. */
  public StoredSnapshot store(Path root, LocalDate asOf) {
    SparkSession spark = TestSpark.session();
    SnapshotStore store = SnapshotStore.open(spark, root.toString(), 4);
    Dataset<Row> data = spark.createDataFrame(rows, CanonicalSchema.DATA);
    List<Row> pii = new ArrayList<>();
    for (Row r : rows) {
      pii.add(
          RowFactory.create(
              r.getString(0),
              "LAST" + r.getString(0),
              "FIRST",
              null,
              null,
              "1 MAIN ST",
              "TOWN",
              "27000",
              null));
    }
    SnapshotStore.Staging st = store.stage(asOf);
    st.writeData(data);
    st.writePii(spark.createDataFrame(pii, CanonicalSchema.PII));
    String digest = "digest-" + asOf;
    String receipt =
        "{\"input_digest\":\""
            + digest
            + "\",\"as_of\":\""
            + asOf
            + "\",\"accepted\":"
            + rows.size()
            + "}";
    st.commit(receipt.getBytes(StandardCharsets.UTF_8), digest, false);
    return store.find(asOf).orElseThrow();
  }
}
