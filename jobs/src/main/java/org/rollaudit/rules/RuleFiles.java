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
 * in {@link #NOT_RULE_FILES}, such as the measured {@code error-rates.yaml}), in file-name order:
 * strict UTF-8, YAML syntax with duplicate keys refused, the JSON Schema, then the checks a schema
 * cannot express (unique names, severity bands no looser than the flag, reference vs level).
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
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> Files.isRegularFile(p) && isYaml(p)).sorted().toList();
    } catch (IOException e) {
      problems.add(
          new RuleProblem(
              dir.toString(),
              0,
              "",
              "cannot list the folder (" + e.getMessage() + "). Check that it is readable"));
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
    SortedMap<String, String> names = new TreeMap<>();
    for (Path f : files) {
      readOne(f, schema, rules, docs, problems, names);
    }
    ErrorRates rates = ErrorRates.read(dir, problems);
    return new Parsed(rules, docs, problems, rates);
  }

  private static boolean isYaml(Path p) {
    String n = p.getFileName().toString();
    return (n.endsWith(".yaml") || n.endsWith(".yml"))
        && !n.startsWith(".")
        && !NOT_RULE_FILES.contains(n);
  }

  private static void readOne(
      Path f,
      RuleSchema schema,
      List<Rule> rules,
      SortedMap<String, JsonNode> docs,
      List<RuleProblem> problems,
      SortedMap<String, String> names) {
    String shown = f.toString();
    String name = f.getFileName().toString();
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Files.readAllBytes(f)))
              .toString();
    } catch (CharacterCodingException e) {
      problems.add(new RuleProblem(shown, 0, "", "not valid UTF-8. Save the file as UTF-8"));
      return;
    } catch (IOException e) {
      problems.add(
          new RuleProblem(
              shown,
              0,
              "",
              "cannot read the file (" + e.getMessage() + "). Check that it is readable"));
      return;
    }
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
      return;
    }
    if (doc == null || !doc.isObject()) {
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
        Rule r =
            new Rule(
                e.get("name").asText(),
                e.get("type").asText(),
                name,
                lines.line(ptr),
                e.get("enabled").asBoolean(),
                e);
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

  /** Bands must be at least as strict as the flag, and high at least as strict as medium. */
  private static void checkBands(
      String file, String ptr, Rule r, YamlLines lines, List<RuleProblem> out) {
    String[][] levels = {{"medium", ""}, {"high", "medium"}};
    for (String[] l : levels) {
      String[] looser = l[1].isEmpty() ? new String[0] : new String[] {"severity", l[1]};
      for (String key : List.of("max_q", "min_rate_ratio", "min_affected")) {
        double mine = r.number("severity", l[0], key);
        double ref = r.number(concat(looser, key));
        boolean bad = key.equals("max_q") ? mine > ref : mine < ref;
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
                      + (key.equals("max_q") ? "at most " : "at least ")
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
