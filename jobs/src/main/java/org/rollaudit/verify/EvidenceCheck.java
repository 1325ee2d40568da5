package org.rollaudit.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rollaudit.verify.VerificationReport.Check;

/**
 * Checks each evidence CSV against its finding (interface.md §3): named {@code evidence/<id>.csv},
 * a header with {@code voter_id} first, rows of the header's width, sorted by voter_id, exactly
 * {@code affected} rows; in a public bundle, no name, address, phone, birth or ID column. Also
 * flags evidence files no finding names.
 */
final class EvidenceCheck {

  /** Columns a public bundle never carries (interface.md §2, reliability.md §7). */
  static final Pattern PERSONAL =
      Pattern.compile(
          "(last|first|middle|midl|full|voter)_name|name_(suffix|sufx|prefx|prefix).*|street|address|addr|phone|email"
              + "|ssn|drivers_lic|birth_date|date_of_birth|dob|birth_year|birth_age");

  private EvidenceCheck() {}

  static void run(
      Path bundle, List<FindingsCheck.Finding> findings, boolean publicBundle, List<Check> out)
      throws IOException {
    Set<String> named = new TreeSet<>();
    for (FindingsCheck.Finding f : findings) {
      String expected = "evidence/" + f.id() + ".csv";
      named.add(f.evidence());
      String id = "evidence." + f.id();
      if (!expected.equals(f.evidence())) {
        out.add(new Check(id, false, "evidence is " + f.evidence() + ", expected " + expected));
        continue;
      }
      Path file = bundle.resolve(expected);
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        out.add(new Check(id, false, expected + " missing"));
        continue;
      }
      out.add(one(file, expected, id, f.affected(), publicBundle));
    }
    List<String> extra = new ArrayList<>();
    Path dir = bundle.resolve("evidence");
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          String rel = SumsCheck.relative(bundle, p);
          if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !named.contains(rel)) {
            extra.add(rel);
          }
        }
      }
    }
    out.add(
        new Check(
            "evidence.unreferenced",
            extra.isEmpty(),
            extra.isEmpty()
                ? named.size() + " evidence files, each named by a finding"
                : "no finding names: " + SumsCheck.names(extra)));
  }

  private static Check one(Path file, String name, String id, long affected, boolean publicBundle) {
    try (InputStream in = Files.newInputStream(file);
        CsvRows csv = new CsvRows(in)) {
      List<String> header = csv.next();
      if (header == null) {
        return new Check(id, false, name + " is empty (no header)");
      }
      if (!"voter_id".equals(header.get(0))) {
        return new Check(
            id, false, name + ": first column is '" + header.get(0) + "', expected voter_id");
      }
      if (publicBundle) {
        for (String col : header) {
          if (PERSONAL.matcher(col.toLowerCase(Locale.ROOT)).find()) {
            return new Check(
                id, false, name + ": public bundle carries personal column '" + col + "'");
          }
        }
      }
      long rows = 0;
      byte[] previous = null;
      for (List<String> row; (row = csv.next()) != null; ) {
        rows++;
        if (row.size() != header.size()) {
          return new Check(
              id,
              false,
              name
                  + ": row "
                  + rows
                  + " has "
                  + row.size()
                  + " fields, header has "
                  + header.size());
        }
        byte[] key = unguard(row.get(0)).getBytes(StandardCharsets.UTF_8);
        if (previous != null && Arrays.compareUnsigned(previous, key) > 0) {
          return new Check(id, false, name + ": not sorted by voter_id at row " + rows);
        }
        previous = key;
      }
      boolean ok = rows == affected;
      return new Check(
          id,
          ok,
          name
              + ": "
              + rows
              + " rows"
              + (ok ? " = affected" : ", affected = " + affected)
              + ", voter_id first, sorted");
    } catch (CharacterCodingException e) {
      return new Check(id, false, name + ": not valid UTF-8");
    } catch (IOException e) {
      return new Check(id, false, name + ": " + e.getMessage());
    }
  }

  /**
   * The cell before the formula guard (csv-formula-guard/1 in method.json): the writer adds one
   * apostrophe to a cell starting, after whitespace, with = + - @ TAB CR NUL, their full-width
   * forms or an apostrophe; so a written cell starting with an apostrophe had one added.
   */
  static String unguard(String cell) {
    return cell.startsWith("'") ? cell.substring(1) : cell;
  }
}
