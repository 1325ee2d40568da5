package org.rollaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.RollAuditException;

/** How {@code rollaudit run} reads its inbox: dates, side-cars, partial files, bad names. */
class InboxTest {
  static final Instant NOW = Instant.parse("2024-02-01T12:00:00Z");

  @TempDir Path inbox;

  /** A file last modified {@code ageSeconds} before {@link #NOW}. */
  Path put(String name, String text, long ageSeconds) throws IOException {
    Path p = inbox.resolve(name);
    Files.writeString(p, text);
    Files.setLastModifiedTime(p, FileTime.from(NOW.minusSeconds(ageSeconds)));
    return p;
  }

  Path put(String name) throws IOException {
    return put(name, "x", 3600);
  }

  static List<String> dates(Inbox.Listing l) {
    return l.ready().stream().map(s -> s.asOf().toString()).toList();
  }

  static List<String> names(Inbox.FileSet s) {
    return s.files().stream().map(p -> p.getFileName().toString()).toList();
  }

  @Test
  void datesComeFromTheNamesAndOneDateIsOneSnapshotOldestFirst() throws IOException {
    put("ncvoter_20240113.txt.gz");
    put("ncvoter_2024-01-06.zip");
    put("ncvoter1_20240113.txt");
    put("ncvoter2_20240113.txt");
    Inbox.Listing l = Inbox.read(inbox, NOW, 60);
    assertEquals(List.of("2024-01-06", "2024-01-13"), dates(l));
    assertEquals(
        List.of("ncvoter1_20240113.txt", "ncvoter2_20240113.txt", "ncvoter_20240113.txt.gz"),
        names(l.ready().get(1)));
    assertEquals("", l.waiting());
    assertEquals(null, l.ready().get(0).layout(), "no side-car: --layout applies");
  }

  @Test
  void sideCarsGiveTheDateLayoutAndProvenanceAFilesOwnWinning() throws IOException {
    put("roll-export.csv");
    put("roll-export.json", "{\"as_of\": \"2024-03-02\", \"layout\": \"generic-csv\"}", 3600);
    put("ncvoter_20240106.txt.gz");
    put(
        "2024-01-06.json",
        "{\"layout\": \"nc-ncvoter\", \"source\": \"public records request\","
            + " \"obtained\": \"2024-01-08\", \"submitter\": \"League\"}",
        3600);
    put("ncvoter_20240106.txt.gz.json", "{\"submitter\": \"Own side-car\"}", 3600);
    Inbox.Listing l = Inbox.read(inbox, NOW, 60);
    assertEquals(List.of("2024-01-06", "2024-03-02"), dates(l));
    Inbox.FileSet jan = l.ready().get(0);
    assertEquals("nc-ncvoter", jan.layout());
    assertEquals(
        new Inbox.Provenance(
            "public records request", LocalDate.parse("2024-01-08"), "Own side-car"),
        jan.provenance());
    assertEquals("generic-csv", l.ready().get(1).layout());
    assertEquals(List.of("roll-export.csv"), names(l.ready().get(1)));
  }

  @Test
  void filesStillBeingWrittenWaitAndSoDoLaterDates() throws IOException {
    put("ncvoter_20240106.txt");
    put("ncvoter_20240113.txt.part");
    put("ncvoter_20240120.txt");
    put(".ncvoter_20240127.txt.Xa81", "x", 3600);
    Inbox.Listing l = Inbox.read(inbox, NOW, 60);
    assertEquals(List.of("2024-01-06"), dates(l));
    assertTrue(l.waiting().startsWith("2024-01-13 waits"), l.waiting());
    assertTrue(l.waiting().contains("ncvoter_20240113.txt.part"), l.waiting());
    assertTrue(l.waiting().contains("later dates wait"), l.waiting());

    // A file of the first date modified 10 s ago: that date waits, though its name is final.
    Files.delete(inbox.resolve("ncvoter_20240113.txt.part"));
    put("ncvoter_20240106b.txt", "x", 10);
    Inbox.Listing recent = Inbox.read(inbox, NOW, 60);
    assertEquals(List.of(), dates(recent));
    assertTrue(recent.waiting().contains("ncvoter_20240106b.txt"), recent.waiting());
    assertEquals(
        List.of("2024-01-06", "2024-01-20"),
        dates(Inbox.read(inbox, NOW, 5)),
        "older than 5 s; the hidden file of 01-27 still waits");
  }

  @Test
  void aFileWithoutADateStopsTheRunNamingIt() throws IOException {
    put("ncvoter_20240106.txt");
    put("README.txt");
    put("export-final.csv");
    RollAuditException e = assertThrows(RollAuditException.class, () -> Inbox.read(inbox, NOW, 60));
    assertEquals(RollAuditException.INPUT, e.exitCode());
    assertTrue(e.getMessage().contains(inbox.resolve("README.txt").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("export-final.csv"), e.getMessage());
    assertTrue(e.getMessage().contains("NAME.json"), "says what to do: " + e.getMessage());
  }

  @Test
  void badSideCarsAreRefusedWithFileAndLine() throws IOException {
    put("ncvoter_20240106.txt");
    Path side = put("ncvoter_20240106.json", "{\n  \"as_of\": \"2024-01-06\",\n  oops\n}", 3600);
    RollAuditException e = assertThrows(RollAuditException.class, () -> Inbox.read(inbox, NOW, 60));
    assertEquals(RollAuditException.INPUT, e.exitCode());
    assertTrue(e.getMessage().contains(side + " (line 3)"), e.getMessage());

    put("ncvoter_20240106.json", "{\"asof\": \"2024-01-06\"}", 3600);
    e = assertThrows(RollAuditException.class, () -> Inbox.read(inbox, NOW, 60));
    assertTrue(e.getMessage().contains("unknown key \"asof\""), e.getMessage());

    put("ncvoter_20240106.json", "{\"as_of\": \"06/01/2024\"}", 3600);
    e = assertThrows(RollAuditException.class, () -> Inbox.read(inbox, NOW, 60));
    assertTrue(e.getMessage().contains("not a date YYYY-MM-DD"), e.getMessage());
  }

  @Test
  void filesOfOneDateMustAgreeOnLayoutAndProvenance() throws IOException {
    put("county1_20240106.txt");
    put("county2_20240106.txt");
    put("county1_20240106.json", "{\"layout\": \"nc-ncvoter\"}", 3600);
    RollAuditException e = assertThrows(RollAuditException.class, () -> Inbox.read(inbox, NOW, 60));
    assertTrue(e.getMessage().contains("disagree"), e.getMessage());
  }

  @Test
  void foldersAndOrphanSideCarsAreNotedNotRead() throws IOException {
    put("ncvoter_20240106.txt");
    Files.createDirectories(inbox.resolve("archive"));
    put("ncvoter_20240113.json", "{}", 3600);
    Inbox.Listing l = Inbox.read(inbox, NOW, 60);
    assertEquals(List.of("2024-01-06"), dates(l));
    assertEquals(2, l.notes().size(), l.notes().toString());
    assertTrue(l.notes().get(0).contains("archive"), l.notes().toString());
  }

  @Test
  void aMissingInboxIsAUsageError() {
    RollAuditException e =
        assertThrows(RollAuditException.class, () -> Inbox.read(inbox.resolve("nope"), NOW, 60));
    assertEquals(RollAuditException.USAGE, e.exitCode());
  }
}
