package org.rollaudit.ingest;

import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.layout.HeaderBinding;

/** Builds a checked file's warnings from the counter and the header binding. */
final class Warnings {
  private Warnings() {}

  static SortedMap<String, CheckedFile.Warning> of(
      RecordCounter c, HeaderBinding h, long malformed16, boolean utf8, TextSniffer.Encoding enc) {
    TreeMap<String, CheckedFile.Warning> w = new TreeMap<>();
    if (!utf8 && c.c1Bytes > 0) {
      put(
          w,
          "C1_BYTES",
          c.c1Bytes,
          c.firstC1Line,
          "bytes 0x80-0x9F are control codes in ISO-8859-1: Windows-1252 text, or UTF-8 read as"
              + " ISO-8859-1?");
    }
    if (!utf8 && c.mojibakeRecords > 0) {
      put(
          w,
          "LIKELY_MOJIBAKE",
          c.mojibakeRecords,
          c.firstMojibakeLine,
          "records holding well-formed UTF-8 multi-byte sequences: the file may be UTF-8 and"
              + " names may read wrongly as ISO-8859-1");
    }
    if (c.lf > 0 && c.crlf > 0) {
      put(
          w,
          "MIXED_LINE_ENDINGS",
          c.lf + c.crlf,
          0,
          String.format(
              Locale.ROOT,
              "%d records end in LF and %d in CRLF: the file may have been edited or concatenated",
              c.lf,
              c.crlf));
    }
    if (c.unterminatedLast) {
      put(w, "NO_FINAL_NEWLINE", 1, c.lines, "the last record has no line break (counted)");
    }
    if (c.records <= 1) {
      put(w, "NO_DATA_RECORDS", 0, 0, "the file holds a header and nothing else");
    }
    if (h.reordered()) {
      put(
          w,
          "HEADER_REORDERED",
          1,
          1,
          "the columns of vintage "
              + h.vintage()
              + " are all present but in another order (read by name, so no value moves)");
    }
    if (!h.extras().isEmpty()) {
      put(
          w,
          "EXTRA_COLUMNS",
          h.extras().size(),
          1,
          "columns not in vintage "
              + h.vintage()
              + " are ignored: "
              + String.join(", ", h.extras()));
    }
    if (malformed16 > 0) {
      put(
          w,
          "UTF16_MALFORMED",
          malformed16,
          0,
          "malformed " + enc.name() + " units; each" + " makes its record an ENCODING reject");
    }
    return w;
  }

  private static void put(
      TreeMap<String, CheckedFile.Warning> w, String code, long n, long line, String detail) {
    w.put(code, new CheckedFile.Warning(code, n, line, detail));
  }
}
