package org.rollaudit.verify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.rollaudit.verify.VerificationReport.Check;

/**
 * Checks findings.json against schema {@code rollaudit/findings/v1} (interface.md §3): key order
 * and types exactly as the contract, ids F-0001... in order, findings sorted by severity, rule,
 * unit, group. Parsing is strict: duplicate keys and trailing content are errors.
 */
final class FindingsCheck {

  static final String SCHEMA = "rollaudit/findings/v1";
  static final List<String> TOP =
      List.of("schema", "run_id", "software", "baseline", "current", "counts", "findings");
  static final List<String> SNAPSHOT = List.of("as_of", "voters");
  static final List<String> COUNTS =
      List.of("removed", "added", "reactivated", "changed", "unchanged", "aged_out");
  static final List<String> FINDING =
      List.of(
          "id",
          "rule",
          "severity",
          "unit",
          "group",
          "affected",
          "statistic",
          "explanation",
          "evidence");
  static final List<String> SEVERITIES = List.of("high", "medium", "low");

  /** What the other checks need from findings.json. */
  record Finding(
      String id,
      String severity,
      String rule,
      JsonNode unit,
      JsonNode group,
      long affected,
      String evidence) {}

  /** The parsed file: run id and findings, or null when unusable. */
  record Parsed(String runId, List<Finding> findings) {}

  static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private FindingsCheck() {}

  static Parsed run(Path bundle, List<Check> out) {
    Path file = bundle.resolve("findings.json");
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      out.add(new Check("findings.schema", false, "findings.json missing"));
      return null;
    }
    JsonNode root;
    try {
      root = STRICT.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      out.add(
          new Check(
              "findings.schema",
              false,
              "findings.json is not well-formed JSON: " + firstLine(e.getMessage())));
      return null;
    }
    List<String> problems = new ArrayList<>();
    keys(root, TOP, "top level", problems);
    if (!SCHEMA.equals(text(root, "schema"))) {
      problems.add("schema is not " + SCHEMA);
    }
    String runId = text(root, "run_id");
    if (runId == null || !runId.matches("[0-9a-f]{64}")) {
      problems.add("run_id is not 64 lower-case hex digits");
    }
    if (text(root, "software") == null) {
      problems.add("software is not a string");
    }
    LocalDate b = snapshot(root.get("baseline"), "baseline", problems);
    LocalDate c = snapshot(root.get("current"), "current", problems);
    if (b != null && c != null && !b.isBefore(c)) {
      problems.add("baseline as_of is not before current as_of");
    }
    JsonNode counts = root.get("counts");
    keys(counts, COUNTS, "counts", problems);
    if (counts != null && counts.isObject()) {
      counts.fields().forEachRemaining(e -> count(e.getValue(), "counts." + e.getKey(), problems));
    }
    List<Finding> findings = new ArrayList<>();
    JsonNode list = root.get("findings");
    if (list == null || !list.isArray()) {
      problems.add("findings is not an array");
    } else {
      int i = 0;
      for (JsonNode f : list) {
        Finding parsed = finding(f, "findings[" + i++ + "]", problems);
        if (parsed != null) {
          findings.add(parsed);
        }
      }
    }
    out.add(
        new Check(
            "findings.schema",
            problems.isEmpty(),
            problems.isEmpty()
                ? SCHEMA + ", " + findings.size() + " findings"
                : SumsCheck.names(problems)));

    List<String> badIds = new ArrayList<>();
    for (int k = 0; k < findings.size(); k++) {
      String expected = String.format(java.util.Locale.ROOT, "F-%04d", k + 1);
      if (!expected.equals(findings.get(k).id())) {
        badIds.add(
            "position " + (k + 1) + " has " + findings.get(k).id() + ", expected " + expected);
      }
    }
    out.add(
        new Check(
            "findings.ids",
            badIds.isEmpty(),
            badIds.isEmpty()
                ? (findings.isEmpty()
                    ? "no findings"
                    : "F-0001 to " + findings.get(findings.size() - 1).id() + " in order")
                : SumsCheck.names(badIds)));

    List<String> unsorted = new ArrayList<>();
    for (int k = 1; k < findings.size(); k++) {
      if (FindingSort.compare(findings.get(k - 1), findings.get(k)) > 0) {
        unsorted.add(findings.get(k - 1).id() + " before " + findings.get(k).id());
      }
    }
    out.add(
        new Check(
            "findings.order",
            unsorted.isEmpty(),
            unsorted.isEmpty()
                ? "sorted by severity, rule, unit, group"
                : "out of order: " + SumsCheck.names(unsorted)));
    return new Parsed(runId, findings);
  }

  private static Finding finding(JsonNode f, String where, List<String> problems) {
    int before = problems.size();
    keys(f, FINDING, where, problems);
    if (f == null || !f.isObject()) {
      return null;
    }
    String severity = text(f, "severity");
    if (!SEVERITIES.contains(severity)) {
      problems.add(where + ".severity is not high, medium or low");
    }
    for (String k : List.of("id", "rule", "explanation", "evidence")) {
      if (text(f, k) == null) {
        problems.add(where + "." + k + " is not a string");
      }
    }
    for (String k : List.of("unit", "group")) {
      JsonNode m = f.get(k);
      if (m == null || !m.isObject()) {
        problems.add(where + "." + k + " is not an object");
      } else {
        m.fields()
            .forEachRemaining(
                e -> {
                  if (!e.getValue().isTextual()) {
                    problems.add(where + "." + k + "." + e.getKey() + " is not a string");
                  }
                });
      }
    }
    count(f.get("affected"), where + ".affected", problems);
    JsonNode stat = f.get("statistic");
    if (stat == null || !stat.isObject()) {
      problems.add(where + ".statistic is not an object");
    } else {
      stat.fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNumber() && !e.getValue().isNull()) {
                  problems.add(where + ".statistic." + e.getKey() + " is not a number or null");
                }
              });
    }
    if (problems.size() > before) {
      return null;
    }
    return new Finding(
        text(f, "id"),
        severity,
        text(f, "rule"),
        f.get("unit"),
        f.get("group"),
        f.get("affected").longValue(),
        text(f, "evidence"));
  }

  private static LocalDate snapshot(JsonNode s, String where, List<String> problems) {
    keys(s, SNAPSHOT, where, problems);
    if (s == null || !s.isObject()) {
      return null;
    }
    count(s.get("voters"), where + ".voters", problems);
    try {
      String d = text(s, "as_of");
      return d == null ? null : LocalDate.parse(d);
    } catch (DateTimeParseException e) {
      problems.add(where + ".as_of is not a date YYYY-MM-DD");
      return null;
    }
  }

  /** The object's keys must be exactly {@code expected}, in that order. */
  static void keys(JsonNode node, List<String> expected, String where, List<String> problems) {
    if (node == null || !node.isObject()) {
      problems.add(where + " is not an object");
      return;
    }
    List<String> actual = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      actual.add(it.next().getKey());
    }
    if (!actual.equals(expected)) {
      problems.add(where + " keys are " + actual + ", expected " + expected);
    }
  }

  static void count(JsonNode n, String where, List<String> problems) {
    if (n == null
        || !n.isIntegralNumber()
        || n.bigIntegerValue().signum() < 0
        || n.bigIntegerValue().compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
      problems.add(where + " is not a non-negative integer");
    }
  }

  static String text(JsonNode n, String key) {
    JsonNode v = n == null ? null : n.get(key);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
