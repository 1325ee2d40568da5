package org.rollaudit.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads and checks every {@code *.yaml} / {@code *.yml} file directly inside a rules folder (sub
 * folders such as {@code layouts/} and {@code schema/} are not rule files, nor are the files named
 * in {@link #NOT_RULE_FILES}, such as the measured {@code error-rates.yaml}), in file-name order,
 * and the election calendars of {@code elections/} that rule entries name ({@link
 * ElectionCalendar}): strict UTF-8, YAML syntax with duplicate keys refused, the JSON Schema, then
 * the checks a schema cannot express (unique names, severity bands no looser than the flag,
 * reference vs level).
 */
final class RuleFiles {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * Files of a rules folder that are not rule files although they end in .yaml: they are skipped by
   * name, never validated against the rule schema, and do not count in the rules digest. {@code
   * error-rates.yaml} holds the measured error rates ({@link ErrorRates}), read apart.
   */
  static final Set<String> NOT_RULE_FILES = Set.of(ErrorRates.FILE);

  /**
   * The sub-folder of election calendars ({@link ElectionCalendar}): {@code elections/nc.yaml} is
   * the calendar {@code nc}. Its files count in the rules digest under {@code elections/<file>}.
   */
  static final String ELECTIONS = "elections";

  /**
   * The outcome: rules (valid entries only), documents by file name, every problem, and the
   * folder's measured error rates (null when it has none or they are unreadable).
   */
  record Parsed(
      List<Rule> rules,
      SortedMap<String, JsonNode> documents,
      List<RuleProblem> problems,
      ErrorRates errorRates) {}

  private RuleFiles() {}

  static Parsed read(Path dir) {
    List<Rule> rules = new ArrayList<>();
    SortedMap<String, JsonNode> docs = new TreeMap<>();
    List<RuleProblem> problems = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      problems.add(
          new RuleProblem(
              dir.toString(),
              0,
              "",
              "not a folder. Give the folder that holds the rule YAML files (default: rules/)"));
      return new Parsed(rules, docs, problems, null);
    }
    List<Path> files = listYaml(dir, problems);
    if (files == null) {
      return new Parsed(rules, docs, problems, null);
    }
    if (files.isEmpty()) {
      problems.add(
          new RuleProblem(
              dir.toString(),
              0,
              "",
              "no rule files (*.yaml) in this folder. Point --rules at the folder that holds them"));
      return new Parsed(rules, docs, problems, null);
    }
    RuleSchema schema;
    try {
      schema = RuleSchema.load(dir);
    } catch (IOException | RuntimeException e) {
      problems.add(
          new RuleProblem(
              dir.resolve(RuleSchema.RELATIVE).toString(),
              0,
              "",
              "cannot read the rule schema ("
                  + e.getMessage()
                  + "). Reinstall rollaudit or restore the file"));
      return new Parsed(rules, docs, problems, null);
    }
    if (schema == null) {
      problems.add(
          new RuleProblem(
              dir.resolve(RuleSchema.RELATIVE).toString(),
              0,
              "",
              "rule schema not found. Copy rules/schema/ from the rollaudit distribution next to the rule files"));
      return new Parsed(rules, docs, problems, null);
    }
    SortedMap<String, ElectionCalendar> calendars = readCalendars(dir, docs, problems);
    SortedMap<String, String> names = new TreeMap<>();
    for (Path f : files) {
      readOne(f, schema, calendars, rules, docs, problems, names);
    }
    ErrorRates rates = ErrorRates.read(dir, problems);
    return new Parsed(rules, docs, problems, rates);
  }

  /**
   * Reads every {@code elections/*.yaml} calendar: the elections schema, then dates that exist and
   * no election listed twice. Valid calendars by id; documents added as {@code elections/<file>}
   * (so they count in the digest and method.json lists them).
   */
  private static SortedMap<String, ElectionCalendar> readCalendars(
      Path dir, SortedMap<String, JsonNode> docs, List<RuleProblem> problems) {
    SortedMap<String, ElectionCalendar> out = new TreeMap<>();
    Path sub = dir.resolve(ELECTIONS);
    if (!Files.isDirectory(sub)) {
      return out;
    }
    List<Path> files = listYaml(sub, problems);
    if (files == null || files.isEmpty()) {
      return out;
    }
    RuleSchema schema;
    try {
      schema = RuleSchema.load(dir, RuleSchema.ELECTIONS_RELATIVE);
    } catch (IOException | RuntimeException e) {
      schema = null;
    }
    if (schema == null) {
      problems.add(
          new RuleProblem(
              dir.resolve(RuleSchema.ELECTIONS_RELATIVE).toString(),
              0,
              "",
              "election calendar schema not found or unreadable. Copy rules/schema/ from the"
                  + " rollaudit distribution next to the rule files"));
      return out;
    }
    for (Path f : files) {
      String shown = f.toString();
      String text = readText(f, problems);
      JsonNode doc = text == null ? null : parse(shown, text, problems);
      if (doc == null) {
        continue;
      }
      if (!doc.isObject()) {
        problems.add(
            new RuleProblem(
                shown,
                1,
                "",
                "an election calendar is a map with the keys version, state and elections. Start"
                    + " it with 'version: 1'"));
        continue;
      }
      String name = f.getFileName().toString();
      String id = name.substring(0, name.lastIndexOf('.'));
      out.put(id, null); // invalid until checked
      YamlLines lines = YamlLines.of(text);
      List<RuleProblem> mine = new ArrayList<>(schema.validate(shown, doc, lines, List.of()));
      if (!mine.isEmpty()) {
        problems.addAll(mine);
        continue;
      }
      List<ElectionCalendar.Election> elections = new ArrayList<>();
      java.util.Set<String> seen = new java.util.HashSet<>();
      JsonNode list = doc.get("elections");
      for (int i = 0; i < list.size(); i++) {
        JsonNode e = list.get(i);
        String ptr = "/elections/" + i;
        java.time.LocalDate date;
        try {
          date = java.time.LocalDate.parse(e.get("date").asText());
        } catch (java.time.format.DateTimeParseException x) {
          mine.add(
              new RuleProblem(
                  shown,
                  lines.line(ptr + "/date"),
                  YamlLines.readable(ptr + "/date"),
                  "no such day ("
                      + e.get("date").asText()
                      + "). Write the election day as YYYY-MM-DD"));
          continue;
        }
        String district = e.hasNonNull("district") ? e.get("district").asText() : null;
        if (!seen.add(date + " " + e.get("kind").asText() + " " + district)) {
          mine.add(
              new RuleProblem(
                  shown,
                  lines.line(ptr),
                  YamlLines.readable(ptr),
                  "this election ("
                      + e.get("kind").asText()
                      + " of "
                      + date
                      + ") is listed twice. Remove one of the entries"));
          continue;
        }
        elections.add(
            new ElectionCalendar.Election(
                date,
                e.get("kind").asText(),
                e.get("scope").asText(),
                district,
                e.get("status").asText(),
                e.get("source").asText()));
      }
      if (!mine.isEmpty()) {
        problems.addAll(mine);
        continue;
      }
      elections.sort(
          java.util.Comparator.comparing(ElectionCalendar.Election::date)
              .thenComparing(ElectionCalendar.Election::kind));
      out.put(id, new ElectionCalendar(id, doc.get("state").asText(), elections));
      docs.put(ELECTIONS + "/" + name, doc);
    }
    return out;
  }

  /** The YAML files directly in a folder, by name; null after adding a problem. */
  private static List<Path> listYaml(Path dir, List<RuleProblem> problems) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isRegularFile(p) && isYaml(p)).sorted().toList();
    } catch (IOException e) {
      problems.add(
          new RuleProblem(
              dir.toString(),
              0,
              "",
              "cannot list the folder (" + e.getMessage() + "). Check that it is readable"));
      return null;
    }
  }

  private static boolean isYaml(Path p) {
    String n = p.getFileName().toString();
    return (n.endsWith(".yaml") || n.endsWith(".yml"))
        && !n.startsWith(".")
        && !NOT_RULE_FILES.contains(n);
  }

  /** The file as strict UTF-8, or null after adding a problem. */
  private static String readText(Path f, List<RuleProblem> problems) {
    String shown = f.toString();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(f)))
          .toString();
    } catch (CharacterCodingException e) {
      problems.add(new RuleProblem(shown, 0, "", "not valid UTF-8. Save the file as UTF-8"));
    } catch (IOException e) {
      problems.add(
          new RuleProblem(
              shown,
              0,
              "",
              "cannot read the file (" + e.getMessage() + "). Check that it is readable"));
    }
    return null;
  }

  /** The YAML document (missing node for an empty file), or null after adding a problem. */
  private static JsonNode parse(String shown, String text, List<RuleProblem> problems) {
    JsonNode doc;
    try {
      doc = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String msg = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
      problems.add(
          new RuleProblem(
              shown,
              line,
              "",
              "cannot parse YAML: " + msg + ". Fix the syntax (indentation, colons, quotes)"));
      return null;
    }
    // an empty file is a document that is not a map: the caller says what the file should hold
    return doc == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : doc;
  }

  private static void readOne(
      Path f,
      RuleSchema schema,
      SortedMap<String, ElectionCalendar> calendars,
      List<Rule> rules,
      SortedMap<String, JsonNode> docs,
      List<RuleProblem> problems,
      SortedMap<String, String> names) {
    String shown = f.toString();
    String name = f.getFileName().toString();
    String text = readText(f, problems);
    if (text == null) {
      return;
    }
    JsonNode doc = parse(shown, text, problems);
    if (doc == null) {
      return;
    }
    if (!doc.isObject()) {
      problems.add(
          new RuleProblem(
              shown,
              1,
              "",
              "a rule file is a map with the keys version and rules. Start it with 'version: 1' and 'rules:'"));
      return;
    }
    YamlLines lines = YamlLines.of(text);
    List<String> skip = new ArrayList<>();
    List<RuleProblem> mine = new ArrayList<>();
    JsonNode entries = doc.path("rules");
    for (int i = 0; i < entries.size() && entries.isArray(); i++) {
      JsonNode type = entries.get(i).path("type");
      String ptr = "/rules/" + i;
      if (!type.isTextual() || Detectors.of(type.asText()) != null) {
        continue;
      }
      skip.add(ptr);
      String what =
          Detectors.PLANNED.contains(type.asText())
              ? "rule type '"
                  + type.asText()
                  + "' is not implemented yet. Remove this entry; a later"
                  + " release adds it (see rules/README.md)"
              : "unknown rule type '" + type.asText() + "'. Use one of " + Detectors.all().keySet();
      mine.add(
          new RuleProblem(
              shown, lines.line(ptr + "/type"), YamlLines.readable(ptr + "/type"), what));
    }
    mine.addAll(schema.validate(shown, doc, lines, skip));
    if (mine.isEmpty()) {
      for (int i = 0; i < entries.size(); i++) {
        ObjectNode e = (ObjectNode) entries.get(i);
        String ptr = "/rules/" + i;
        ElectionCalendar calendar = null;
        if (e.hasNonNull("calendar")) {
          calendar = calendars.get(e.get("calendar").asText());
          // a calendar present but invalid has its own problems listed; say nothing more here
          if (calendar == null && !calendars.containsKey(e.get("calendar").asText())) {
            mine.add(
                new RuleProblem(
                    shown,
                    lines.line(ptr + "/calendar"),
                    YamlLines.readable(ptr + "/calendar"),
                    "no election calendar '"
                        + e.get("calendar").asText()
                        + "' in "
                        + ELECTIONS
                        + "/. Name one of "
                        + calendars.keySet()
                        + " or add "
                        + ELECTIONS
                        + "/"
                        + e.get("calendar").asText()
                        + ".yaml (rules/README.md describes the format)"));
          }
        }
        Rule r =
            new Rule(
                e.get("name").asText(),
                e.get("type").asText(),
                name,
                lines.line(ptr),
                e.get("enabled").asBoolean(),
                e,
                calendar);
        String seen = names.putIfAbsent(r.name(), name + ":" + r.line());
        if (seen != null) {
          mine.add(
              new RuleProblem(
                  shown,
                  lines.line(ptr + "/name"),
                  YamlLines.readable(ptr + "/name"),
                  "rule name '"
                      + r.name()
                      + "' is already used at "
                      + seen
                      + ". Give every rule a unique name"));
        }
        checkBands(shown, ptr, r, lines, mine);
        if (r.has("reference")
            && "county".equals(r.text("reference"))
            && !"precinct".equals(r.text("level"))) {
          mine.add(
              new RuleProblem(
                  shown,
                  lines.line(ptr + "/reference"),
                  YamlLines.readable(ptr + "/reference"),
                  "reference 'county' needs level 'precinct' (a county cannot be compared with the rest of itself). Use reference 'state'"));
        }
        rules.add(r);
      }
    }
    problems.addAll(mine);
    docs.put(name, doc);
  }

  /**
   * Bands must be at least as strict as the flag, and high at least as strict as medium: every
   * {@code max_*} key of a band at most, every {@code min_*} key at least, the same key one level
   * looser (the entry's own key for medium; a band key the entry does not have, such as
   * nvra-quiet-period's min_share, is compared between the bands only).
   */
  private static void checkBands(
      String file, String ptr, Rule r, YamlLines lines, List<RuleProblem> out) {
    if (!r.has("severity", "high") || !r.has("severity", "medium")) {
      return;
    }
    String[][] levels = {{"medium", ""}, {"high", "medium"}};
    for (String[] l : levels) {
      String[] looser = l[1].isEmpty() ? new String[0] : new String[] {"severity", l[1]};
      List<String> keys = new ArrayList<>();
      r.node("severity", l[0]).fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        if (!r.has(concat(looser, key)) || !r.node(concat(looser, key)).isNumber()) {
          continue;
        }
        double mine = r.number("severity", l[0], key);
        double ref = r.number(concat(looser, key));
        boolean max = key.startsWith("max_");
        boolean bad = max ? mine > ref : mine < ref;
        if (bad) {
          String p = ptr + "/severity/" + l[0] + "/" + YamlLines.escape(key);
          String refName = looser.length == 0 ? key : "severity." + l[1] + "." + key;
          out.add(
              new RuleProblem(
                  file,
                  lines.line(p),
                  YamlLines.readable(p),
                  "looser than "
                      + refName
                      + " ("
                      + Plain.number(ref)
                      + "): a severity band must be at least as strict. Use a value "
                      + (max ? "at most " : "at least ")
                      + Plain.number(ref)));
        }
      }
    }
  }

  private static String[] concat(String[] a, String b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
