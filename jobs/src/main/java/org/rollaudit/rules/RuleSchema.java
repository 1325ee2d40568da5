package org.rollaudit.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The JSON Schema of rule files ({@code rules/schema/rules.schema.json}, draft 2020-12), run with
 * networknt's validator, with each message turned into {@code file:line: key: what. what to do}.
 * The schema is read from the jar's copy of the rules folder (it describes what this build
 * implements), else from {@code <rules folder>/schema/} (running from a source tree).
 */
final class RuleSchema {
  /** Where the jar carries the default rules folder's schemas (jobs/pom.xml resources). */
  static final String CLASSPATH = "/org/rollaudit/rules-default/";

  static final String RELATIVE = "schema/rules.schema.json";

  /** The schema of election calendars ({@code rules/elections/*.yaml}). */
  static final String ELECTIONS_RELATIVE = "schema/elections.schema.json";

  private final JsonSchema schema;

  private RuleSchema(JsonSchema schema) {
    this.schema = schema;
  }

  /** Loads the rule-file schema; null when none is found (the caller reports it). */
  static RuleSchema load(Path rulesDir) throws IOException {
    return load(rulesDir, RELATIVE);
  }

  /**
   * Loads one schema of the rules folder, e.g. {@link #ELECTIONS_RELATIVE}; null when none is
   * found.
   */
  static RuleSchema load(Path rulesDir, String relative) throws IOException {
    JsonNode node;
    try (InputStream in = RuleSchema.class.getResourceAsStream(CLASSPATH + relative)) {
      if (in != null) {
        node = new ObjectMapper().readTree(in);
      } else if (Files.isRegularFile(rulesDir.resolve(relative))) {
        node = new ObjectMapper().readTree(rulesDir.resolve(relative).toFile());
      } else {
        return null;
      }
    }
    SchemaValidatorsConfig config = new SchemaValidatorsConfig();
    config.setPathType(PathType.JSON_POINTER);
    // English messages whatever the default locale (no fallback to a translated bundle).
    config.setLocale(Locale.ROOT);
    config.setResourceBundle(
        ResourceBundle.getBundle(
            "jsv-messages",
            Locale.ROOT,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT)));
    return new RuleSchema(
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node, config));
  }

  /**
   * Validates one parsed file.
   *
   * @param skip JSON pointers whose subtree is not reported (entries whose rule type was already
   *     reported as unknown or not implemented)
   */
  List<RuleProblem> validate(String file, JsonNode doc, YamlLines lines, List<String> skip) {
    List<RuleProblem> out = new ArrayList<>();
    for (ValidationMessage v : schema.validate(doc)) {
      String path = v.getPath() == null || "/".equals(v.getPath()) ? "" : v.getPath();
      String[] args = v.getArguments() == null ? new String[0] : v.getArguments();
      String pointer = path;
      String what;
      switch (v.getType()) {
        case "additionalProperties" -> {
          pointer = path + "/" + YamlLines.escape(arg(args, 0));
          what = "unknown key. Remove it or correct its spelling (rules/README.md lists every key)";
        }
        case "required" -> {
          String key = arg(args, 0);
          if (skipped(skip, path)) {
            continue;
          }
          out.add(
              new RuleProblem(
                  file,
                  lines.line(path),
                  YamlLines.readable(path + "/" + YamlLines.escape(key)),
                  "missing required key. Add it: every parameter is written out in the rule file"
                      + " (see rules/README.md for its meaning)"));
          continue;
        }
        case "type" ->
            what =
                "expected "
                    + article(arg(args, 1))
                    + ", found "
                    + arg(args, 0)
                    + " "
                    + shown(doc, path)
                    + ". Write "
                    + article(arg(args, 1))
                    + " here";
        case "enum" ->
            what = "value " + shown(doc, path) + " is not allowed. Use one of " + arg(args, 0);
        case "const" -> what = "value " + shown(doc, path) + " is not allowed. Use " + arg(args, 0);
        case "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum" ->
            what =
                "value "
                    + shown(doc, path)
                    + " is out of range ("
                    + v.getType()
                    + " "
                    + arg(args, 0)
                    + "). Use a value inside the range rules/README.md gives";
        default -> what = detail(v, path) + ". See rules/README.md for what this key accepts";
      }
      if (skipped(skip, pointer)) {
        continue;
      }
      out.add(new RuleProblem(file, lines.line(pointer), YamlLines.readable(pointer), what));
    }
    out.sort(
        Comparator.comparingInt(RuleProblem::line)
            .thenComparing(RuleProblem::key)
            .thenComparing(RuleProblem::message));
    return dedupe(out);
  }

  private static boolean skipped(List<String> skip, String pointer) {
    return skip.stream().anyMatch(s -> pointer.equals(s) || pointer.startsWith(s + "/"));
  }

  private static List<RuleProblem> dedupe(List<RuleProblem> sorted) {
    List<RuleProblem> out = new ArrayList<>();
    for (RuleProblem p : sorted) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(p)) {
        out.add(p);
      }
    }
    return out;
  }

  private static String arg(String[] args, int i) {
    return i < args.length && args[i] != null ? args[i] : "?";
  }

  private static String article(String type) {
    return switch (type) {
      case "integer" -> "an integer";
      case "array" -> "a list";
      case "object" -> "a map of keys";
      case "boolean" -> "true or false";
      default -> "a " + type;
    };
  }

  /** The offending value as written, e.g. "two" or 0.5, for the message. */
  private static String shown(JsonNode doc, String pointer) {
    JsonNode n = doc.at(pointer);
    if (n.isMissingNode()) {
      return "";
    }
    String s = n.isValueNode() ? n.toString() : (n.isArray() ? "(a list)" : "(a map)");
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /** The validator's own text without the leading path. */
  private static String detail(ValidationMessage v, String path) {
    String msg = v.getMessage();
    int i = msg.indexOf(": ");
    String d =
        i >= 0 && msg.substring(0, i).equals(path.isEmpty() ? "$" : path)
            ? msg.substring(i + 2)
            : msg;
    if (d.startsWith(path + ": ")) {
      d = d.substring(path.length() + 2);
    }
    return d;
  }
}
