package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rollaudit.ingest.NcText.NC;
import static org.rollaudit.ingest.NcText.file2022;
import static org.rollaudit.ingest.NcText.latin1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.spark.TestSpark;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;

/** Ingest through Spark into the store: ledger, idempotence, replace, refusal. */
class IngestJobTest {
  @TempDir Path dir;

  private final SparkSession spark = TestSpark.session();
  private final List<String> lines = new ArrayList<>();
  private static final LocalDate D = LocalDate.of(2024, 1, 6);

  private IngestJob.Options opts(List<Path> inputs, double rate, boolean replace) {
    return new IngestJob.Options(
        NC,
        D,
        dir.resolve("store").toString(),
        inputs.stream().map(Path::toString).toList(),
        replace,
        rate,
        "test",
        D,
        "tester",
        dir.resolve("refused"),
        3000);
  }

  private IngestJob.Result run(IngestJob.Options o) throws Exception {
    return IngestJob.run(spark, o, lines::add);
  }

  /** 40 good rows, one BAD_DATE, one duplicated key (two copies), gzip-compressed. */
  private Path sample(String name) throws Exception {
    String text =
        file2022(40)
            + NcText.lineWith(41, "registr_dt", "02/30/2020")
            + "\r\n"
            + NcText.goodLine(7)
            + "\r\n";
    return NcText.write(dir, name, ArchiveCasesTest.gzip(latin1(text)));
  }

  @Test
  void ingestStoresReconciledSnapshotAndIsIdempotent() throws Exception {
    Path in = sample("ncvoter.txt.gz");
    IngestJob.Result r = run(opts(List.of(in), 0.1, false));
    assertEquals(IngestJob.Outcome.STORED, r.outcome(), r.message());
    Ledger.Entry e = r.ledger().get(0);
    assertEquals(43, e.records());
    assertEquals(39, e.accepted());
    assertEquals(3, e.rejected());
    assertEquals(2L, e.rejectsByReason().get("DUPLICATE_KEY"));
    assertEquals(1L, e.rejectsByReason().get("BAD_DATE"));

    SnapshotStore store = SnapshotStore.open(spark, dir.resolve("store").toString());
    StoredSnapshot s = store.find(D).orElseThrow();
    assertEquals(39, s.data().count());
    assertEquals(39, s.pii().count());
    assertEquals(0, s.data().filter("voter_id = 'TST7'").count());
    // One file, so the rejects read back in their order whatever the partitioning.
    try (Stream<Path> parts =
        Files.list(dir.resolve("store/snapshots/" + D + "/rejects"))
            .filter(p -> p.getFileName().toString().endsWith(".parquet"))) {
      assertEquals(1, parts.count());
    }
    List<Row> rejects = s.rejects().collectAsList();
    assertEquals(3, rejects.size());
    assertEquals(
        List.of("DUPLICATE_KEY", "BAD_DATE", "DUPLICATE_KEY"),
        rejects.stream().map(x -> x.getString(x.fieldIndex("reason"))).toList());
    assertEquals(
        List.of(8L, 42L, 43L), rejects.stream().map(x -> x.getLong(x.fieldIndex("line"))).toList());

    JsonNode receipt = new ObjectMapper().readTree(s.receiptJson());
    assertEquals("stored", receipt.path("status").asText());
    assertEquals("ncvoter.txt.gz", receipt.path("inputs").get(0).path("name").asText());
    assertEquals(Files.size(in), receipt.path("inputs").get(0).path("bytes").asLong());
    assertEquals("2022", receipt.path("inputs").get(0).path("vintage").asText());
    assertEquals(39, receipt.path("totals").path("accepted").asLong());
    assertTrue(receipt.path("inputs_unchanged_at_end").asBoolean());
    assertEquals("tester", receipt.path("provenance").path("submitter").asText());
    assertTrue(receipt.path("warnings").path("MISSING_UNITS").asText().contains("99 of 1..100"));

    // The same bytes again: nothing written.
    long before = listing(dir.resolve("store"));
    IngestJob.Result again = run(opts(List.of(in), 0.1, false));
    assertEquals(IngestJob.Outcome.ALREADY_INGESTED, again.outcome());
    assertArrayEquals(s.receiptJson(), again.receipt());
    assertEquals(before, listing(dir.resolve("store")));

    // Other bytes for the same date: refused, unless --replace.
    // No duplicate key here: the coverage check reads the receipt's county counts (two counties).
    Path other =
        NcText.write(
            dir, "other.txt", latin1(file2022(5) + NcText.lineWith(6, "county_id", "42") + "\r\n"));
    RollAuditException ex =
        assertThrows(RollAuditException.class, () -> run(opts(List.of(other), 0.1, false)));
    assertEquals(RollAuditException.INPUT, ex.exitCode());
    assertTrue(ex.getMessage().contains("--replace"));
    assertEquals(IngestJob.Outcome.STORED, run(opts(List.of(other), 0.1, true)).outcome());
    StoredSnapshot replaced =
        SnapshotStore.open(spark, dir.resolve("store").toString()).find(D).orElseThrow();
    assertEquals(6, replaced.data().count());
    String missing =
        new ObjectMapper()
            .readTree(replaced.receiptJson())
            .path("warnings")
            .path("MISSING_UNITS")
            .asText();
    assertTrue(missing.startsWith("county_id: 98 of 1..100 absent: [2, 3,"), missing);
    assertTrue(missing.contains(" 41, 43,"), missing);
    assertTrue(Files.isDirectory(dir.resolve("store").resolve("replaced")));
    // Back and forth (A, B, A, B): each replaced snapshot is kept whole, none inside another.
    assertEquals(IngestJob.Outcome.STORED, run(opts(List.of(in), 0.1, true)).outcome());
    assertEquals(IngestJob.Outcome.STORED, run(opts(List.of(other), 0.1, true)).outcome());
    try (Stream<Path> kept = Files.list(dir.resolve("store/replaced"))) {
      List<Path> all = kept.sorted().toList();
      assertEquals(3, all.size(), all.toString());
      for (Path p : all) {
        assertTrue(Files.isRegularFile(p.resolve("receipt.json")), p.toString());
        assertFalse(Files.exists(p.resolve(D.toString())), "nested: " + p);
      }
      assertEquals(
          1, all.stream().filter(p -> p.getFileName().toString().endsWith("-2")).count(), "" + all);
    }
    assertEquals(6, store.find(D).orElseThrow().data().count());
    try (Stream<Path> st = Files.list(dir.resolve("store"))) {
      assertFalse(st.anyMatch(p -> p.getFileName().toString().startsWith(".ingest-staging")));
    }
  }

  /**
   * On an object store the commit's rename copies file by file, so a commit can die with part of
   * the snapshot in place. The receipt is written after the rename, so that part is never a
   * snapshot. While young it may be a commit in progress, so the next ingest of the date is
   * refused; a day old, it is removed, and none of its files survive into the new snapshot.
   */
  @Test
  void aCommitThatDiesPartWayThroughItsRenameLeavesNoSnapshot() throws Exception {
    Path in = sample("ncvoter.txt.gz");
    SnapshotStore.open(spark, dir.resolve("store").toString());
    try (AutoCloseable dying = DyingRenameFs.install(spark.sparkContext().hadoopConfiguration())) {
      RollAuditException died =
          assertThrows(RollAuditException.class, () -> run(opts(List.of(in), 0.1, false)));
      assertTrue(died.getMessage().contains("died while copying"), died.getMessage());
    }
    Path target = dir.resolve("store/snapshots/" + D);
    try (Stream<Path> copied = Files.walk(target)) {
      assertTrue(copied.filter(Files::isRegularFile).count() > 10, "the dead commit copied files");
    }
    SnapshotStore store = SnapshotStore.open(spark, dir.resolve("store").toString());
    assertTrue(store.find(D).isEmpty(), "a part-copied snapshot is not a snapshot");
    assertTrue(store.list().isEmpty());

    // Young, it may be a commit in progress: refused, before any parse, saying what to do.
    Files.writeString(target.resolve("data/part-00099-dead.c000.snappy.parquet"), "half copied");
    lines.clear();
    RollAuditException young =
        assertThrows(RollAuditException.class, () -> run(opts(List.of(in), 0.1, false)));
    assertEquals(RollAuditException.INPUT, young.exitCode());
    assertTrue(young.getMessage().contains("holds files but no receipt"), young.getMessage());
    assertTrue(young.getMessage().contains("delete that folder"), young.getMessage());
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("parse")), lines.toString());

    // A day after its last file it is a dead commit: removed, and the date ingested afresh.
    DyingRenameFs.ageTwoDays(target);
    IngestJob.Result r = run(opts(List.of(in), 0.1, false));
    assertEquals(IngestJob.Outcome.STORED, r.outcome(), r.message());
    assertFalse(Files.exists(target.resolve("data/part-00099-dead.c000.snappy.parquet")));
    assertEquals(39, store.find(D).orElseThrow().data().count());
    assertFalse(Files.exists(dir.resolve("store/replaced")), "nothing was replaced");
  }

  /**
   * Two ingests of one date at once: the second to commit finds the first one's snapshot. From the
   * same bytes it is "already ingested", as if it had started later; from other bytes, refused.
   * Here the "other" ingest runs inside the first, when it starts writing the store.
   */
  @Test
  void aSnapshotCommittedMeanwhileIsAlreadyIngestedOrRefused() throws Exception {
    Path in = sample("ncvoter.txt.gz");
    AtomicInteger nested = new AtomicInteger();
    IngestJob.Result r =
        IngestJob.run(spark, opts(List.of(in), 0.1, false), whileWriting(in, nested));
    assertEquals(1, nested.get(), "the other ingest ran");
    assertEquals(IngestJob.Outcome.ALREADY_INGESTED, r.outcome(), r.message());
    SnapshotStore store = SnapshotStore.open(spark, dir.resolve("store").toString());
    assertArrayEquals(store.find(D).orElseThrow().receiptJson(), r.receipt());
    assertEquals(39, store.find(D).orElseThrow().data().count());
    assertFalse(Files.exists(dir.resolve("store/replaced")), "nothing was replaced");
    try (Stream<Path> st = Files.list(dir.resolve("store"))) {
      List<String> hidden =
          st.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
      assertEquals(List.of(".store.json.crc"), hidden, "staging left");
    }

    // Afresh, with the other ingest storing other bytes of the date.
    try (Stream<Path> all = Files.walk(dir.resolve("store"))) {
      all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Path other = NcText.write(dir, "other.txt", latin1(file2022(5)));
    nested.set(0);
    RollAuditException ex =
        assertThrows(
            RollAuditException.class,
            () -> IngestJob.run(spark, opts(List.of(in), 0.1, false), whileWriting(other, nested)));
    assertEquals(1, nested.get(), "the other ingest ran");
    assertEquals(RollAuditException.INPUT, ex.exitCode());
    assertTrue(ex.getMessage().contains("from other input bytes"), ex.getMessage());
    assertEquals(5, store.find(D).orElseThrow().data().count(), "the other's snapshot stays");
  }

  /** A listener that, when the store write starts, ingests {@code in} with --replace, once. */
  private IngestJob.Listener whileWriting(Path in, AtomicInteger ran) {
    return line -> {
      lines.add(line);
      if (line.startsWith("store: writing") && ran.getAndIncrement() == 0) {
        try {
          assertEquals(IngestJob.Outcome.STORED, run(opts(List.of(in), 0.1, true)).outcome());
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
    };
  }

  @Test
  void aboveToleranceNothingIsStoredAndAReceiptIsWritten() throws Exception {
    IngestJob.Result r = run(opts(List.of(sample("nc.txt.gz")), 0.001, false));
    assertEquals(IngestJob.Outcome.REFUSED, r.outcome());
    assertTrue(Files.exists(r.receiptPath()));
    JsonNode receipt = new ObjectMapper().readTree(r.receiptPath().toFile());
    assertEquals("refused", receipt.path("status").asText());
    assertEquals(3, receipt.path("totals").path("rejected").asLong());
    assertTrue(r.message().contains("above --max-reject-rate"), r.message());
    assertTrue(SnapshotStore.open(spark, dir.resolve("store").toString()).find(D).isEmpty());
  }

  @Test
  void preRefusalStartsNoSparkJob() throws Exception {
    StringBuilder sb = new StringBuilder(file2022(0));
    for (int i = 0; i < 50; i++) {
      sb.append("\"only\"\t\"three\"\t\"fields\"\r\n");
    }
    Path in = NcText.write(dir, "bad.txt", latin1(sb.toString()));
    AtomicInteger jobs = new AtomicInteger();
    SparkListener l =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart e) {
            jobs.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(l);
    try {
      IngestJob.Result r = run(opts(List.of(in), 0.001, false));
      assertEquals(IngestJob.Outcome.REFUSED, r.outcome());
      assertTrue(r.message().contains("no Spark job was started"), r.message());
    } finally {
      spark.sparkContext().removeSparkListener(l);
    }
    assertEquals(0, jobs.get());
  }

  @Test
  void manyFilesAndSplitsReconcile() throws Exception {
    List<Path> ins = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      StringBuilder sb = new StringBuilder(NcText.line(NcText.cols2022())).append("\r\n");
      for (int i = 0; i < 80; i++) {
        sb.append(
                NcText.line(
                    NcText.row(
                        NcText.cols2022(),
                        f * 1000 + i,
                        java.util.Map.of("county_id", Integer.toString(f + 1)))))
            .append("\r\n");
      }
      ins.add(NcText.write(dir, "ncvoter" + (f + 1) + ".txt", latin1(sb.toString())));
    }
    IngestJob.Result r = run(opts(ins, 0.001, false));
    assertEquals(IngestJob.Outcome.STORED, r.outcome(), r.message());
    assertEquals(240, r.ledger().stream().mapToLong(Ledger.Entry::accepted).sum());
    assertTrue(lines.stream().anyMatch(x -> x.startsWith("parse: ")), lines::toString);
  }

  @Test
  void receiptCountiesFromTheParseEqualACountOfTheStoredData() throws Exception {
    // Several files and splits; county names that disagree within a county, with ties (the first
    // name in text order wins) and a missing name, in the receipt's counts from the parse.
    String[][] counties = {
      {"1", "BETA"},
      {"1", "ALPHA"},
      {"1", "BETA"},
      {"1", "ALPHA"},
      {"2", "GAMMA"},
      {"2", "DELTA"},
      {"2", "DELTA"},
      {"10", ""},
      {"10", "TEN"},
      {"3", "\u00C9TAT"},
      {"3", "ZED"}
    };
    List<Path> ins = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      StringBuilder sb = new StringBuilder(NcText.line(NcText.cols2022())).append("\r\n");
      for (int i = 0; i < 60; i++) {
        String[] c = counties[(i * 7 + f) % counties.length];
        sb.append(
                NcText.line(
                    NcText.row(
                        NcText.cols2022(),
                        f * 1000 + i,
                        java.util.Map.of("county_id", c[0], "county_desc", c[1]))))
            .append("\r\n");
      }
      ins.add(NcText.write(dir, "ncvoter" + (f + 1) + ".txt", latin1(sb.toString())));
    }
    IngestJob.Result r = run(opts(ins, 0.001, false));
    assertEquals(IngestJob.Outcome.STORED, r.outcome(), r.message());
    StoredSnapshot s = SnapshotStore.open(spark, dir.resolve("store").toString()).find(D).get();
    java.util.SortedMap<String, ReceiptChecks.County> fromData = ReceiptChecks.countiesOf(s.data());
    assertEquals(fromData, ReceiptChecks.counties(s.receipt()));
    assertEquals(
        List.of("1", "2", "3", "10"), new ArrayList<>(fromData.keySet()), fromData.toString());
    assertEquals("ALPHA", fromData.get("1").desc(), "a tie goes to the first name in text order");
    assertEquals("DELTA", fromData.get("2").desc());
  }

  private static long listing(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.mapToLong(p -> p.toString().hashCode() * 31L + p.toFile().lastModified()).sum();
    }
  }
}
