package org.rollaudit.report;

import com.opencsv.CSVWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.rollaudit.audit.EvidenceTable;
import org.rollaudit.audit.InputFile;

/**
 * Writes the bundle's CSV files with opencsv: header row, comma, RFC 4180 quoting only where
 * needed, LF line ends, UTF-8 without BOM, every cell through {@link FormulaGuard}.
 */
public final class EvidenceCsv {

  /** Header of a {@code rejects/} file. */
  public static final List<String> REJECT_HEADER =
      List.of("line", "byte_offset", "column", "reason", "message", "raw");

  private EvidenceCsv() {}

  /**
   * Writes one evidence table. Checks the invariants of interface.md §3 first (voter_id first, rows
   * sorted by voter_id, rows of the header's width), so a broken table fails here with its finding
   * id rather than later in verification.
   */
  public static void write(String findingId, EvidenceTable table, Writer out) throws IOException {
    check(findingId, table);
    try (CSVWriter w = csv(out)) {
      w.writeNext(guarded(table.header()), false);
      for (List<String> row : table.rows()) {
        w.writeNext(guarded(row), false);
      }
      w.flush();
      if (w.checkError()) {
        throw new IOException(
            "Cannot write evidence for " + findingId + ": CSV writer reported an error");
      }
    }
  }

  /** Writes the rejected rows of one input (restricted bundles only). */
  public static void writeRejects(InputFile input, Writer out) throws IOException {
    try (CSVWriter w = csv(out)) {
      w.writeNext(guarded(REJECT_HEADER), false);
      for (InputFile.RejectRow r :
          input.rejectSamples() == null ? List.<InputFile.RejectRow>of() : input.rejectSamples()) {
        w.writeNext(
            guarded(
                List.of(
                    Long.toString(r.line()),
                    Long.toString(r.byteOffset()),
                    Integer.toString(r.column()),
                    nz(r.reason()),
                    nz(r.message()),
                    nz(r.raw()))),
            false);
      }
      w.flush();
      if (w.checkError()) {
        throw new IOException(
            "Cannot write rejects of " + input.name() + ": CSV writer reported an error");
      }
    }
  }

  /**
   * UTF-8 byte order of voter ids: the order Spark's string sort gives and the verifier checks.
   * Java's {@code String.compareTo} differs from it only for characters above U+FFFF.
   */
  static int compareVoterIds(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static void check(String id, EvidenceTable t) {
    int width = t.header().size();
    String previous = null;
    int n = 0;
    for (List<String> row : t.rows()) {
      n++;
      if (row.size() != width) {
        throw new IllegalArgumentException(
            "Cannot write evidence for "
                + id
                + ": row "
                + n
                + " has "
                + row.size()
                + " fields, header has "
                + width);
      }
      String voterId = nz(row.get(0));
      if (previous != null && compareVoterIds(previous, voterId) > 0) {
        throw new IllegalArgumentException(
            "Cannot write evidence for " + id + ": rows not sorted by voter_id at row " + n);
      }
      previous = voterId;
    }
  }

  /** A plain table (tables/) in the same CSV dialect, every cell guarded. */
  static String table(List<String> header, List<List<String>> rows) {
    java.io.StringWriter sw = new java.io.StringWriter();
    try (CSVWriter w = csv(sw)) {
      w.writeNext(guarded(header), false);
      for (List<String> row : rows) {
        w.writeNext(guarded(row), false);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return sw.toString();
  }

  private static CSVWriter csv(Writer out) {
    return new CSVWriter(out, ',', '"', '"', "\n");
  }

  private static String[] guarded(List<String> cells) {
    String[] a = new String[cells.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = FormulaGuard.guard(cells.get(i));
    }
    return a;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
