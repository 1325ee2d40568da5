package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.spark.TestSpark;

/**
 * Ingest never uses Spark's CSV reader (nor the JDK's lenient decoders); these tests pin, on Spark
 * 3.5, the leniencies that make that necessary (reliability.md §3), each next to the reject our own
 * parser gives for the same bytes. If a Spark upgrade changes a behaviour, the pin fails and the
 * table in reliability.md needs a look; our side must never change.
 */
class SparkLeniencyTest {
  @TempDir Path dir;

  private final SparkSession spark = TestSpark.session();

  private Dataset<Row> sparkCsv(byte[] bytes, String schema) throws Exception {
    Path p = dir.resolve("s" + System.nanoTime() + ".csv");
    Files.write(p, bytes);
    var r = spark.read().option("header", "true");
    return schema == null ? r.csv(p.toString()) : r.schema(schema).csv(p.toString());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private LocalIngest.Result ours(String text) throws Exception {
    return Ingests.run(NcText.GENERIC, dir, "g.csv", utf8(text));
  }

  private static final String H = EncodingCasesTest.GEN_HEADER + "\n";

  @Test
  void invalidUtf8BecomesReplacementCharacterInSpark() throws Exception {
    byte[] b =
        EncodingCasesTest.concat(utf8("a,b\nx"), new byte[] {(byte) 0xC3, 0x28}, utf8(",y\n"));
    String v = sparkCsv(b, null).collectAsList().get(0).getString(0);
    assertTrue(v.contains("\uFFFD"), v);
    byte[] mine =
        EncodingCasesTest.concat(
            utf8(H + "V1,1,ACT,5,1980,2010-01-15,"),
            new byte[] {(byte) 0xC3, 0x28},
            utf8(",A,B,N,x\n"));
    assertEquals(
        RejectReason.ENCODING,
        Ingests.run(NcText.GENERIC, dir, "g.csv", mine).rejects().get(0).reason());
  }

  @Test
  void shortRowIsPaddedWithNullsInSpark() throws Exception {
    List<Row> rows = sparkCsv(utf8("a,b,c\n1,2\n"), "a STRING, b STRING, c STRING").collectAsList();
    assertEquals(1, rows.size());
    assertNull(rows.get(0).get(2));
    assertEquals(RejectReason.FIELD_COUNT, ours(H + "V1,1,ACT\n").rejects().get(0).reason());
  }

  @Test
  void duplicateHeaderNamesAreRenamedBySpark() throws Exception {
    String[] cols = sparkCsv(utf8("a,b,a\n1,2,3\n"), null).columns();
    assertEquals("a0", cols[0]);
    assertEquals("a2", cols[2]);
    Ingests.refused(
        NcText.GENERIC, dir, "g.csv", utf8(H.replace("County", "VoterID")), "appears twice");
  }

  @Test
  void blankLinesVanishInSpark() throws Exception {
    assertEquals(2, sparkCsv(utf8("a\n1\n\n\n2\n"), null).count());
    LocalIngest.Result r =
        ours(H + EncodingCasesTest.genRow("V1") + "\n\n\n" + EncodingCasesTest.genRow("V2") + "\n");
    assertEquals(2, r.ledger().get(0).blank());
  }

  @Test
  void impossibleDateRollsOverUnderTheLegacyParserAndFailsTheJobByDefault() throws Exception {
    Path p = dir.resolve("d.csv");
    Files.write(p, utf8("d\n02/30/2020\n"));
    // A separate SQL session: the shared session's settings stay untouched.
    SparkSession legacy = spark.newSession();
    legacy.conf().set("spark.sql.legacy.timeParserPolicy", "LEGACY");
    Row r =
        legacy
            .read()
            .option("header", "true")
            .option("dateFormat", "MM/dd/yyyy")
            .schema("d DATE")
            .csv(p.toString())
            .collectAsList()
            .get(0);
    assertEquals(java.sql.Date.valueOf("2020-03-01"), r.getDate(0), "silently rolled over");
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            Exception.class,
            () ->
                spark
                    .read()
                    .option("header", "true")
                    .option("dateFormat", "MM/dd/yyyy")
                    .schema("d DATE")
                    .csv(p.toString())
                    .collectAsList());
    assertTrue(String.valueOf(e.getMessage()).contains("INCONSISTENT_BEHAVIOR_CROSS_VERSION"));
    assertEquals(
        RejectReason.BAD_DATE,
        ours(H + "V1,1,ACT,5,1980,2020-02-30,T,A,1 St,N,x\n").rejects().get(0).reason());
  }

  @Test
  void malformedRowIsKeptAsNullsInPermissiveMode() throws Exception {
    List<Row> rows = sparkCsv(utf8("a,b\nx,1\n"), "a INT, b STRING").collectAsList();
    assertEquals(1, rows.size());
    assertNull(rows.get(0).get(0));
    assertEquals(
        RejectReason.BAD_NUMBER,
        ours(H + "V1,1,ACT,5,19x0,2010-01-15,T,A,1 St,N,x\n").rejects().get(0).reason());
  }
}
