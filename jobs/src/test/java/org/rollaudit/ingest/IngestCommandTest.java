package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.cli.RollAudit;
import org.rollaudit.spark.TestSpark;
import picocli.CommandLine;

/** {@code rollaudit ingest} exit codes through the real command tree (interface.md §1). */
class IngestCommandTest {
  @TempDir Path dir;

  private int run(String... args) {
    TestSpark.session(); // the command's Sparks.session() then reuses the shared local session
    return RollAudit.run(args);
  }

  @Test
  void unknownLayoutIsUsage() throws Exception {
    Path in = NcText.write(dir, "nc.txt", NcText.latin1(NcText.file2022(2)));
    assertEquals(
        2,
        run(
            "ingest",
            "--layout",
            "nc-nope",
            "--as-of",
            "2024-01-06",
            "--store",
            dir.resolve("s").toString(),
            in.toString()));
  }

  /**
   * S3A is not bundled (a cluster brings its own): an s3a:// store, or verify of an s3a:// bundle,
   * without it is a usage error that says what to add, not an internal error.
   */
  @Test
  void s3aWithoutItsConnectorIsUsageSayingWhatToAdd() throws Exception {
    Path in = NcText.write(dir, "nc.txt", NcText.latin1(NcText.file2022(2)));
    TestSpark.session();
    String[][] commands = {
      ingest("2024-01-06", "s3a://b/store", in.toString()), {"verify", "s3a://b/bundle"}
    };
    assertUsageSaying("Put hadoop-aws 3.3.4 and", commands);
  }

  /** A mistyped namenode (or S3 endpoint) is a usage error naming the host, for every command. */
  @Test
  void anUnknownHostIsUsageNamingIt() throws Exception {
    Path in = NcText.write(dir, "nc.txt", NcText.latin1(NcText.file2022(2)));
    TestSpark.session();
    String host = "hdfs://no-such-namenode.invalid";
    String store = dir.resolve("store").toString();
    String[][] commands = {
      ingest("2024-01-06", host + "/store", in.toString()),
      ingest("2024-01-06", store, host + "/in/nc.txt"),
      {
        "audit",
        "--store",
        store,
        "--baseline",
        "2024-01-06",
        "--current",
        "2024-02-03",
        "--out",
        host + "/bundle"
      },
      {"verify", host + "/bundle"}
    };
    assertUsageSaying("Cannot reach host no-such-namenode.invalid", commands);
  }

  /** {@code ingest --layout nc-ncvoter --as-of AS_OF --store STORE} and the rest. */
  private static String[] ingest(String asOf, String store, String... rest) {
    List<String> args =
        new ArrayList<>(
            List.of("ingest", "--layout", "nc-ncvoter", "--as-of", asOf, "--store", store));
    args.addAll(List.of(rest));
    return args.toArray(String[]::new);
  }

  /** Each command exits 2 with {@code expected} in its error output. */
  private static void assertUsageSaying(String expected, String[]... commands) {
    for (String[] args : commands) {
      StringWriter err = new StringWriter();
      CommandLine cl = RollAudit.commandLine();
      cl.setErr(new PrintWriter(err, true));
      assertEquals(2, cl.execute(args), String.join(" ", args) + ": " + err);
      assertTrue(err.toString().contains(expected), String.join(" ", args) + ": " + err);
    }
  }

  @Test
  void badDateOptionIsUsage() throws Exception {
    assertEquals(2, run(ingest("2024-02-30", dir.resolve("s").toString(), "x.txt")));
  }

  @Test
  void headerMismatchIsInputError() throws Exception {
    Path in = NcText.write(dir, "nc.txt", NcText.latin1("a\tb\r\n1\t2\r\n"));
    assertEquals(3, run(ingest("2024-01-06", dir.resolve("s").toString(), in.toString())));
  }

  @Test
  void refusalPrintsTheReceiptPathAndExits3() throws Exception {
    StringBuilder sb = new StringBuilder(NcText.file2022(5));
    sb.append(NcText.lineWith(9, "status_cd", "Q")).append("\r\n");
    Path in = NcText.write(dir, "nc.txt", NcText.latin1(sb.toString()));
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          run(
              ingest(
                  "2024-01-06",
                  dir.resolve("s").toString(),
                  "--refusal-dir",
                  dir.toString(),
                  in.toString()));
    } finally {
      System.setOut(old);
    }
    assertEquals(3, code);
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("refused: receipt "), out);
    assertTrue(Files.exists(Path.of(out.substring("refused: receipt ".length()).trim())));
  }
}
