package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.generate.Compression;
import org.rollaudit.generate.GenerationResult;
import org.rollaudit.generate.SyntheticRoll;
import org.rollaudit.report.Bundles;
import org.rollaudit.verify.BundleVerifier;

/**
 * {@code rollaudit run} as a scheduler runs it, week by week: three generated weekly snapshots
 * dropped in the inbox one by one, then the states a killed run leaves (simulated: each step is
 * atomic, so a kill leaves one of them), a refused file, a held lock and the help text. The tests
 * build on each other's store and OUT, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScheduledRunTest {
  @TempDir static Path dir;
  static GenerationResult weeks;
  static Path inbox;
  static Path store;
  static Path out;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void generate() throws IOException {
    weeks = threeWeeks(dir.resolve("weeks"));
    inbox = Files.createDirectories(dir.resolve("inbox"));
    store = dir.resolve("store");
    out = dir.resolve("out");
  }

  /** Three weekly snapshots, the planted anomalies in the last week. */
  static GenerationResult threeWeeks(Path dir) throws IOException {
    return SyntheticRoll.builder()
        .voters(10_000)
        .seed(11)
        .snapshots(3)
        .intervalDays(7)
        .compression(Compression.NONE)
        .build()
        .generate(dir);
  }

  static String[] run(String... more) {
    return args(inbox, store, out, more);
  }

  /** A scheduled run's arguments, with --fail-on low so that any finding exits 1. */
  static String[] args(Path inbox, Path store, Path out, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "run",
                "--store",
                store.toString(),
                "--inbox",
                inbox.toString(),
                "--out",
                out.toString(),
                "--layout",
                "nc-ncvoter",
                "--fail-on",
                "low"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** Drops week {@code i}'s file in the inbox, as a copy that finished a while ago. */
  static Path drop(int i) throws IOException {
    Path f = weeks.snapshots().get(i).path();
    Path t = inbox.resolve(f.getFileName());
    Files.copy(f, t);
    Files.setLastModifiedTime(t, FileTime.from(Instant.now().minusSeconds(600)));
    return t;
  }

  static JsonNode json(Path p) throws IOException {
    return JSON.readTree(p.toFile());
  }

  static String week(int i) {
    return weeks.snapshots().get(i).asOf().toString();
  }

  @Test
  @Order(1)
  void weekByWeekEachNewSnapshotGetsItsBundleAndLatestJsonFollows() throws IOException {
    Launch.Run empty = Launch.inJvm(run());
    assertEquals(0, empty.exit());
    assertTrue(empty.stdout().contains("nothing new"), empty.stdout());

    // Just copied (mtime now): with the default --min-age it is still being written.
    Path first = inbox.resolve(weeks.snapshots().get(0).path().getFileName());
    Files.copy(weeks.snapshots().get(0).path(), first);
    Launch.Run waiting = Launch.inJvm(run());
    assertEquals(0, waiting.exit());
    assertTrue(waiting.stdout().contains("waits for a later run"), waiting.stdout());
    assertFalse(Files.exists(store.resolve("snapshots/" + week(0))), "not ingested yet");

    Files.setLastModifiedTime(first, FileTime.from(Instant.now().minusSeconds(600)));
    // A side-car for the date: its provenance goes into the store's receipt.
    Path side = inbox.resolve(week(0) + ".json");
    Files.writeString(
        side,
        "{\"source\": \"public records request\", \"obtained\": \"2024-01-08\","
            + " \"submitter\": \"Test League\"}");
    Files.setLastModifiedTime(side, FileTime.from(Instant.now().minusSeconds(600)));
    Launch.Run one = Launch.inJvm(run());
    assertEquals(0, one.exit());
    assertTrue(one.stdout().contains("the store's first snapshot"), one.stdout());
    JsonNode provenance =
        json(store.resolve("snapshots/" + week(0) + "/receipt.json")).path("provenance");
    assertEquals("public records request", provenance.path("source").asText());
    assertEquals("2024-01-08", provenance.path("obtained").asText());
    assertEquals("Test League", provenance.path("submitter").asText());
    assertFalse(Files.exists(out.resolve("latest.json")), "no bundle, no latest.json");

    drop(1);
    Launch.Run two = Launch.inJvm(run());
    Path b2 = out.resolve(week(1));
    assertTrue(BundleVerifier.verify(b2).intact());
    assertEquals(exitOf(b2), two.exit());
    assertEquals(week(1), json(out.resolve("latest.json")).path("as_of").asText());

    drop(2);
    Launch.Run three = Launch.inJvm(run());
    Path b3 = out.resolve(week(2));
    assertTrue(BundleVerifier.verify(b3).intact());
    JsonNode findings = json(b3.resolve("findings.json"));
    assertTrue(findings.path("findings").size() > 0, "the planted anomalies are found");
    assertEquals(1, three.exit(), "findings at or above --fail-on low");
    assertTrue(three.stdout().contains("bundle " + week(2) + " (baseline " + week(1)));

    JsonNode latest = json(out.resolve("latest.json"));
    List<String> keys = new ArrayList<>();
    latest.fieldNames().forEachRemaining(keys::add);
    assertEquals(
        List.of(
            "schema",
            "as_of",
            "baseline",
            "bundle",
            "run_id",
            "counts",
            "findings",
            "fail_on",
            "exit_code"),
        keys);
    assertEquals("rollaudit/latest/v1", latest.path("schema").asText());
    assertEquals(week(2), latest.path("as_of").asText());
    assertEquals(week(1), latest.path("baseline").asText());
    assertEquals(week(2), latest.path("bundle").asText(), "relative to OUT");
    assertEquals(findings.path("run_id").asText(), latest.path("run_id").asText());
    assertEquals(findings.path("counts"), latest.path("counts"));
    for (String s : List.of("high", "medium", "low")) {
      int n = 0;
      for (JsonNode f : findings.path("findings")) {
        n += f.path("severity").asText().equals(s) ? 1 : 0;
      }
      assertEquals(n, latest.path("findings").path(s).asInt(), s);
    }
    assertEquals("low", latest.path("fail_on").asText());
    assertEquals(1, latest.path("exit_code").asInt());

    // Nothing new: exit 0 (the findings were reported last time), nothing touched.
    Map<String, Long> before = Launch.mtimes(out);
    Launch.Run again = Launch.inJvm(run());
    assertEquals(0, again.exit());
    assertTrue(again.stdout().contains("nothing new"), again.stdout());
    assertEquals(before, Launch.mtimes(out));
  }

  @Test
  @Order(2)
  void theRunsBundleIsTheAuditCommandsBundle() throws IOException {
    Path audited = dir.resolve("audited");
    Launch.inJvm(
        "audit",
        "--store",
        store.toString(),
        "--baseline",
        week(1),
        "--current",
        week(2),
        "--out",
        audited.toString());
    Bundles.assertSameBytes(audited, out.resolve(week(2)));
  }

  @Test
  @Order(3)
  void aRunKilledAtAnyStepIsCompletedByTheNextWithNothingLostOrDoubled() throws IOException {
    Path b3 = out.resolve(week(2));
    Path reference = dir.resolve("reference");
    Launch.copyTree(b3, reference);
    byte[] latest3 = Files.readAllBytes(out.resolve("latest.json"));
    byte[] latest2 = latestOf(week(1)).getBytes(StandardCharsets.UTF_8);

    // Killed after the bundle, before latest.json: the bundle is reported (exit 1), not rewritten.
    Files.write(out.resolve("latest.json"), latest2);
    Map<String, Long> bundleTimes = Launch.mtimes(b3);
    Launch.Run afterBundle = Launch.inJvm(run());
    assertEquals(1, afterBundle.exit(), "the findings not yet reported count");
    assertEquals(bundleTimes, Launch.mtimes(b3), "the bundle is not written again");
    assertArrayEquals(latest3, Files.readAllBytes(out.resolve("latest.json")));

    // Killed while ingesting week 3 (nothing committed, a staging folder left), so no bundle and
    // latest.json naming week 2; a temporary latest.json and a bundle staging folder lie about.
    Launch.deleteTree(store.resolve("snapshots/" + week(2)));
    Files.createDirectories(store.resolve("snapshots/.staging-" + week(2) + "-dead/data"));
    Launch.deleteTree(b3);
    Path staging = out.resolve("." + week(2) + ".staging-0123456789abcdef");
    Files.createDirectories(staging.resolve("evidence"));
    Files.writeString(staging.resolve("findings.json"), "{partial");
    Files.write(out.resolve("latest.json"), latest2);
    Files.writeString(out.resolve(".latest.json.tmp-12345"), "{partial");
    Launch.Run resumed = Launch.inJvm(run());
    assertEquals(1, resumed.exit());
    assertTrue(Files.isRegularFile(store.resolve("snapshots/" + week(2) + "/receipt.json")));
    Bundles.assertSameBytes(reference, b3);
    assertFalse(Files.exists(staging), "the killed run's bundle staging is removed");
    assertFalse(Files.exists(out.resolve(".latest.json.tmp-12345")));
    assertArrayEquals(latest3, Files.readAllBytes(out.resolve("latest.json")));
    try (Stream<Path> s = Files.list(store.resolve("snapshots"))) {
      assertEquals(
          List.of(week(0), week(1), week(2)),
          s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList(),
          "one snapshot per week, none doubled");
    }
    assertEquals(List.of(week(1), week(2), "latest.json"), Launch.names(out));
  }

  @Test
  @Order(4)
  void aRefusedFileStopsTheIngestsAtItsDateAndExits3() throws IOException {
    byte[] latest = Files.readAllBytes(out.resolve("latest.json"));
    Path bad = inbox.resolve("ncvoter_20240127.txt");
    Files.writeString(bad, "not,a,voter,file\r\n1,2,3,4\r\n");
    Files.setLastModifiedTime(bad, FileTime.from(Instant.now().minusSeconds(600)));
    Path later = inbox.resolve("ncvoter_20240203.txt");
    Files.copy(weeks.snapshots().get(2).path(), later);
    Files.setLastModifiedTime(later, FileTime.from(Instant.now().minusSeconds(600)));
    Launch.Run r = Launch.inJvm(run());
    assertEquals(3, r.exit());
    assertFalse(Files.exists(store.resolve("snapshots/2024-01-27")));
    assertFalse(Files.exists(store.resolve("snapshots/2024-02-03")), "later dates wait");
    assertArrayEquals(latest, Files.readAllBytes(out.resolve("latest.json")));
    Files.delete(bad);
    Files.delete(later);
  }

  @Test
  @Order(5)
  void aSecondRunOnTheStoreExits2WithNoWaitWhileTheFirstHoldsTheLock() throws IOException {
    Map<String, Long> before = Launch.mtimes(out);
    try (FileChannel ch =
            FileChannel.open(
                store.resolve("run.lock"), StandardOpenOption.WRITE, StandardOpenOption.READ);
        FileLock held = ch.lock()) {
      assertTrue(held.isValid());
      Launch.Run r = Launch.inJvm(run("--no-wait"));
      assertEquals(2, r.exit());
      Launch.Run waited = Launch.inJvm(run("--wait", "1"));
      assertEquals(2, waited.exit());
    }
    assertEquals(before, Launch.mtimes(out));
  }

  @Test
  @Order(6)
  void helpSaysHowTheInboxIsReadAndTheExitCodes() {
    Launch.Run help = Launch.inJvm("run", "--help");
    assertEquals(0, help.exit());
    String text = help.stdout().replaceAll("\\s+", " ");
    for (String s :
        List.of(
            "--inbox=DIR",
            "--store=DIR",
            "--no-wait",
            "--wait=SECONDS",
            "--min-age=SECONDS",
            "--fail-on",
            "side-car",
            ".part",
            "latest.json",
            "Exit codes:",
            "another run holds the lock")) {
      assertTrue(text.contains(s), s + " in:\n" + help.stdout());
    }
  }

  /** The exit code a bundle gives under --fail-on low: 1 with any finding. */
  static int exitOf(Path bundle) throws IOException {
    return json(bundle.resolve("findings.json")).path("findings").size() > 0 ? 1 : 0;
  }

  /** A latest.json as an older run left it, naming another bundle. */
  static String latestOf(String asOf) {
    return "{\n  \"schema\": \"rollaudit/latest/v1\",\n  \"as_of\": \"" + asOf + "\"\n}\n";
  }
}
