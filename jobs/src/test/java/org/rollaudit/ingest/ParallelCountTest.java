package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rollaudit.ingest.NcText.NC;
import static org.rollaudit.ingest.NcText.file2022;
import static org.rollaudit.ingest.NcText.goodLine;
import static org.rollaudit.ingest.NcText.latin1;
import static org.rollaudit.ingest.NcText.lineWith;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-pass's two-thread count of a plain file gives exactly the one-thread count: records,
 * lines, flags, warnings and split points, wherever the second counter starts among awkward
 * records.
 */
class ParallelCountTest {
  @TempDir Path dir;

  private static final long SPLIT = 700;

  /** Good records, then every kind of record the counter treats specially, {@code lead} shifted. */
  private static byte[] file(int lead) {
    StringBuilder sb = new StringBuilder(file2022(lead));
    for (int round = 0; round < 3; round++) {
      int n = 1000 * (round + 1);
      sb.append(goodLine(n)).append("\n"); // LF only
      sb.append("\r\n"); // blank
      sb.append(lineWith(n + 1, "last_name", "M\u0085LLER")).append("\r\n"); // C1 byte (Latin-1)
      sb.append(lineWith(n + 2, "first_name", "JOS\u00c3\u00a9"))
          .append("\r\n"); // UTF-8 in Latin-1
      sb.append(goodLine(n + 3).replaceFirst("\t\"", "\t\"\"")).append("\r\n"); // odd quotes
      sb.append("\"ONLY\"\t\"TWO\"\r\n"); // field count
      sb.append(lineWith(n + 4, "res_street_address", "A\u0001B")).append("\r\n"); // control
      sb.append(lineWith(n + 5, "last_name", "X".repeat(5000))).append("\r\n"); // long field
      sb.append(goodLine(n + 6)).append("\r").append(goodLine(n + 7)).append("\r\n"); // lone CR
    }
    sb.append(goodLine(9999)); // unterminated last record
    return latin1(sb.toString());
  }

  private static String signature(CheckedFile f) {
    StringBuilder b =
        new StringBuilder(
            List.of(
                    f.records(),
                    f.blank(),
                    f.flagged(),
                    f.flaggedByReason(),
                    f.warnings(),
                    f.textBytes(),
                    f.sha256())
                .toString());
    for (long[] s : f.splits()) {
      b.append(' ').append(Arrays.toString(s));
    }
    return b.toString();
  }

  private CheckedFile check(Path file, boolean parallel) throws Exception {
    return check(file, parallel, PrePass.FIRST_COUNTER_SHARE);
  }

  private CheckedFile check(Path file, boolean parallel, double share) throws Exception {
    PrePass p = new PrePass(NC, Storage.local(), dir.resolve("staging").toString(), SPLIT, null);
    p.parallelFrom(parallel ? 0 : Long.MAX_VALUE).firstCounterShare(share);
    List<CheckedFile> out = p.check(Storage.uriOf(file.toString()));
    assertEquals(1, out.size());
    return out.get(0);
  }

  @Test
  void twoThreadsCountAsOne() throws Exception {
    // Shifting the start moves the records across the second counter's start one by one.
    for (int lead = 1; lead <= 14; lead++) {
      Path f = NcText.write(dir, "nc" + lead + ".txt", file(lead));
      CheckedFile one = check(f, false);
      long before = PrePass.PARALLEL_COUNTS.get();
      CheckedFile two = check(f, true);
      assertEquals(
          before + 1,
          PrePass.PARALLEL_COUNTS.get(),
          "lead " + lead + ": not counted on two threads");
      assertEquals(signature(one), signature(two), "lead " + lead);
      assertEquals(15, one.flagged(), "lead " + lead + ": the awkward records are flagged");
      assertEquals(4, one.flaggedByReason().size(), one.flaggedByReason().toString());
      assertTrue(one.warnings().size() >= 2, "lead " + lead + ": C1 and mojibake warnings");
      assertTrue(one.splits().size() > 5, "lead " + lead + ": several splits");
    }
  }

  /**
   * Wherever the second counter starts, from the first records to the last, the count is the
   * one-thread count (the lead sweep above moves the records past the default start; this moves the
   * start over the whole file, awkward records included).
   */
  @Test
  void twoThreadsCountAsOneWhereverTheSecondStarts() throws Exception {
    Path f = NcText.write(dir, "nc-share.txt", file(1));
    String one = signature(check(f, false));
    for (int pct = 2; pct <= 98; pct += 4) {
      long before = PrePass.PARALLEL_COUNTS.get();
      CheckedFile two = check(f, true, pct / 100.0);
      assertEquals(before + 1, PrePass.PARALLEL_COUNTS.get(), pct + "%: not on two threads");
      assertEquals(one, signature(two), pct + "%");
    }
  }

  /** The merged counter carries the same state as one counter fed the whole file. */
  @Test
  void mergeMatchesOneCounter() {
    byte[] b = file(5);
    int mid = b.length / 2;
    while (b[mid - 1] != '\n') {
      mid++;
    }
    RecordCounter one = new RecordCounter(NC, false, 0, SPLIT, "nc.txt");
    one.width(NcText.cols2022().size());
    one.feed(b, 0, b.length);
    one.finish();
    RecordCounter first = new RecordCounter(NC, false, 0, SPLIT, "nc.txt");
    first.width(NcText.cols2022().size());
    first.feed(b, 0, mid);
    RecordCounter second =
        new RecordCounter(NC, false, mid, SPLIT, "nc.txt", NcText.cols2022().size());
    second.feed(b, mid, b.length - mid);
    second.finish();
    first.merge(second);
    assertEquals(one.records, first.records);
    assertEquals(one.lines, first.lines);
    assertEquals(one.lf, first.lf);
    assertEquals(one.crlf, first.crlf);
    assertEquals(one.blank, first.blank);
    assertEquals(one.flagged, first.flagged);
    assertEquals(Arrays.toString(one.flaggedByKind), Arrays.toString(first.flaggedByKind));
    assertEquals(one.c1Bytes, first.c1Bytes);
    assertEquals(one.firstC1Line, first.firstC1Line);
    assertEquals(one.mojibakeRecords, first.mojibakeRecords);
    assertEquals(one.firstMojibakeLine, first.firstMojibakeLine);
    assertEquals(one.unterminatedLast, first.unterminatedLast);
    assertEquals(one.bytes(), first.bytes());
    assertEquals(
        one.splits.stream().map(Arrays::toString).toList(),
        first.splits.stream().map(Arrays::toString).toList());
  }

  /** A counter that stopped inside a record cannot take a continuation. */
  @Test
  void mergeRefusesAGap() {
    byte[] b = file(3);
    RecordCounter first = new RecordCounter(NC, false, 0, SPLIT, "nc.txt");
    first.feed(b, 0, 100);
    RecordCounter second =
        new RecordCounter(NC, false, 100, SPLIT, "nc.txt", NcText.cols2022().size());
    second.feed(b, 100, b.length - 100);
    second.finish();
    assertThrows(IllegalStateException.class, () -> first.merge(second));
  }
}
