package org.rollaudit.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.rollaudit.verify.VerificationReport.Check;

/**
 * Checks {@code tables/} (the public aggregate CSVs): exactly the tables method.json's {@code
 * bundle.tables.paths} lists are there, each parses in the bundle's CSV dialect with rows of the
 * header's width, the known tables have their documented header, a public bundle shows no count of
 * 1 to 10, and where a table and findings.json overlap they agree: the removed count of a {@code
 * mass-deletion} county or a {@code removal-skew} county x group equals the finding's {@code
 * affected}, and the counties' removals add up to {@code counts.removed} when none is hidden.
 */
final class TablesCheck {
  static final String COUNTIES = "tables/counties.csv";
  static final String GROUPS = "tables/county_groups.csv";

  /** The documented headers (README, bundle section); other listed tables need only parse. */
  static final Map<String, List<String>> HEADERS =
      Map.of(
          COUNTIES,
          List.of(
              "county_id",
              "county_desc",
              "baseline_voters",
              "current_voters",
              "at_risk",
              "removed",
              "added",
              "removal_rate",
              "rate_ci_low",
              "rate_ci_high",
              "findings"),
          GROUPS,
          List.of(
              "county_id",
              "county_desc",
              "dimension",
              "value",
              "at_risk",
              "removed",
              "removal_rate",
              "rate_ci_low",
              "rate_ci_high",
              "findings"));

  /** Columns that hold counts (checked for small cells in public bundles). */
  private static final List<String> COUNT_COLUMNS =
      List.of("baseline_voters", "current_voters", "at_risk", "removed", "added");

  private TablesCheck() {}

  static void run(
      Path bundle, List<FindingsCheck.Finding> findings, boolean publicBundle, List<Check> out)
      throws IOException {
    JsonNode method = json(bundle.resolve("method.json"));
    JsonNode findingsJson = json(bundle.resolve("findings.json"));
    TreeSet<String> listed = new TreeSet<>();
    if (method != null) {
      for (JsonNode p : method.path("bundle").path("tables").path("paths")) {
        listed.add(p.asText());
      }
    }
    TreeSet<String> present = new TreeSet<>();
    Path dir = bundle.resolve("tables");
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.forEach(p -> present.add("tables/" + p.getFileName()));
      }
    }
    if (listed.isEmpty() && present.isEmpty()) {
      out.add(new Check("tables", true, "no tables/ (method.json lists none)"));
      return;
    }
    List<String> problems = new ArrayList<>();
    for (String p : listed) {
      if (!present.contains(p)) {
        problems.add(p + " listed in method.json but missing");
      }
    }
    for (String p : present) {
      if (!listed.contains(p)) {
        problems.add(p + " not listed in method.json bundle.tables");
      }
    }
    Map<String, List<Map<String, String>>> tables = new HashMap<>();
    for (String p : listed) {
      if (present.contains(p)) {
        List<Map<String, String>> rows = read(bundle.resolve(p), p, problems);
        if (rows != null) {
          tables.put(p, rows);
          if (publicBundle) {
            smallCells(p, rows, problems);
          }
        }
      }
    }
    int compared = agree(tables, findingsJson, findings, problems);
    out.add(
        new Check(
            "tables",
            problems.isEmpty(),
            problems.isEmpty()
                ? listed.size() + " tables parse; " + compared + " counts agree with findings.json"
                : SumsCheck.names(problems)));
  }

  /** Rows as header to cell maps, or null (with a problem) when the file does not parse. */
  private static List<Map<String, String>> read(Path file, String name, List<String> problems)
      throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        CsvRows csv = new CsvRows(in)) {
      List<String> header = csv.next();
      if (header == null) {
        problems.add(name + ": empty, no header row");
        return null;
      }
      List<String> expected = HEADERS.get(name);
      if (expected != null && !expected.equals(header)) {
        problems.add(name + ": header is " + header + ", expected " + expected);
        return null;
      }
      List<String> r;
      int line = 1;
      while ((r = csv.next()) != null) {
        line++;
        if (r.size() != header.size()) {
          problems.add(
              name + ": record " + line + " has " + r.size() + " fields, header " + header.size());
          return null;
        }
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          m.put(header.get(i), r.get(i));
        }
        rows.add(m);
      }
    } catch (IOException e) {
      problems.add(name + ": " + e.getMessage());
      return null;
    }
    return rows;
  }

  private static void smallCells(String name, List<Map<String, String>> rows, List<String> bad) {
    for (int i = 0; i < rows.size(); i++) {
      for (String c : COUNT_COLUMNS) {
        String v = rows.get(i).get(c);
        if (v != null && v.matches("[0-9]+")) {
          long n = Long.parseLong(v);
          if (n >= 1 && n <= 10) {
            bad.add(name + ": record " + (i + 2) + " shows " + c + " " + n + " (public: <11)");
          }
        }
      }
    }
  }

  /** Cross-checks with findings.json; returns how many counts were compared. */
  private static int agree(
      Map<String, List<Map<String, String>>> tables,
      JsonNode findingsJson,
      List<FindingsCheck.Finding> findings,
      List<String> problems) {
    int compared = 0;
    List<Map<String, String>> counties = tables.get(COUNTIES);
    List<Map<String, String>> groups = tables.get(GROUPS);
    if (counties != null && findingsJson != null) {
      long sum = 0;
      boolean allShown = true;
      for (Map<String, String> r : counties) {
        String v = r.get("removed");
        if (v.matches("[0-9]+")) {
          sum += Long.parseLong(v);
        } else {
          allShown = false;
        }
      }
      JsonNode total = findingsJson.path("counts").path("removed");
      if (allShown && total.isNumber()) {
        compared++;
        if (sum != total.asLong()) {
          problems.add(
              COUNTIES + ": removed adds up to " + sum + ", findings.json counts " + total);
        }
      }
    }
    for (FindingsCheck.Finding f : findings == null ? List.<FindingsCheck.Finding>of() : findings) {
      JsonNode u = f.unit();
      if (u == null || u.size() != 1 || !u.has("county_id")) {
        continue;
      }
      String county = u.path("county_id").asText();
      Map<String, String> row = null;
      if ("mass-deletion".equals(f.rule()) && f.group() != null && f.group().isEmpty()) {
        row = find(counties, county, null, null);
        if (counties == null) {
          continue;
        }
      } else if ("removal-skew".equals(f.rule()) && f.group() != null && f.group().size() == 1) {
        String dim = f.group().fieldNames().next();
        row = find(groups, county, dim, f.group().path(dim).asText());
        if (groups == null) {
          continue;
        }
      } else {
        continue;
      }
      compared++;
      String removed = row == null ? null : row.get("removed");
      if (removed == null || !removed.equals(Long.toString(f.affected()))) {
        problems.add(
            f.id()
                + ": affected "
                + f.affected()
                + " but the table's removed is "
                + (removed == null ? "missing" : removed));
      }
    }
    return compared;
  }

  private static JsonNode json(Path file) {
    try {
      return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          ? FindingsCheck.STRICT.readTree(Files.readAllBytes(file))
          : null;
    } catch (IOException e) {
      return null; // findings.schema and method already report an unreadable file
    }
  }

  private static Map<String, String> find(
      List<Map<String, String>> rows, String county, String dim, String value) {
    if (rows == null) {
      return null;
    }
    for (Map<String, String> r : rows) {
      if (county.equals(r.get("county_id"))
          && (dim == null || (dim.equals(r.get("dimension")) && value.equals(r.get("value"))))) {
        return r;
      }
    }
    return null;
  }
}
