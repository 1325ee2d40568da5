package org.rollaudit.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measured error rates of a rules folder ({@code error-rates.yaml}, written by {@code
 * eval/run.sh}): false alarms on clean rolls, detection of planted anomalies, power and the
 * false-positive rate on null simulations, for one software version and one rules digest. Not a
 * rule file: {@link RuleFiles} skips it by name and reads it here. Every audit copies it into
 * method.json under {@code error_rates}, saying whether it was measured with the rules and software
 * of that run.
 *
 * <p>The content keeps the file's key order (the evaluation writes it in a fixed order), so the
 * same file always gives the same method.json bytes; {@link #digest()} covers exactly that content
 * and is part of the run id.
 *
 * @param content the file as plain Java values, in file order (maps, lists, strings, numbers)
 * @param digest SHA-256 (hex) of the content's JSON form
 */
public record ErrorRates(LinkedHashMap<String, Object> content, String digest) {
  /** The file name inside a rules folder. */
  public static final String FILE = "error-rates.yaml";

  /** The schema id the file must declare. */
  public static final String SCHEMA = "rollaudit/error-rates/v1";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The software version the rates were measured with, e.g. "rollaudit 0.1.0". */
  public String software() {
    Object s = content.get("software");
    return s == null ? "" : s.toString();
  }

  /** The rules digest the rates were measured with. */
  public String rulesDigest() {
    Object s = content.get("rules_digest");
    return s == null ? "" : s.toString();
  }

  /**
   * The content for method.json: first {@code applies_to_this_run} (whether the rates were measured
   * with exactly these rules and this software), then the file's own keys in file order.
   */
  public LinkedHashMap<String, Object> forMethod(String rulesDigest, String software) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    boolean sameRules = rulesDigest().equals(rulesDigest);
    boolean sameSoftware = software().equals(software);
    String applies;
    if (sameRules && sameSoftware) {
      applies = "yes: measured with these rules (same digest) and this software version";
    } else {
      List<String> why = new ArrayList<>();
      if (!sameRules) {
        why.add("other rules (digest " + rulesDigest() + ", this run " + rulesDigest + ")");
      }
      if (!sameSoftware) {
        why.add("another software version (" + software() + ", this run " + software + ")");
      }
      applies =
          "no: measured with "
              + String.join(" and ", why)
              + "; the figures below describe those, not this run";
    }
    m.put("applies_to_this_run", applies);
    m.putAll(content);
    return m;
  }

  /**
   * Reads {@code dir/error-rates.yaml} if present; problems (unreadable, not a map, wrong schema,
   * missing keys) are added to {@code problems} and give null.
   */
  static ErrorRates read(Path dir, List<RuleProblem> problems) {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    String shown = f.toString();
    JsonNode doc;
    try {
      doc = YAML.readTree(Files.readString(f, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      problems.add(
          new RuleProblem(
              shown,
              line,
              "",
              "cannot parse YAML: "
                  + e.getOriginalMessage().lines().findFirst().orElse("syntax error")
                  + ". Re-run eval/run.sh to rewrite it, or delete it"));
      return null;
    } catch (IOException e) {
      problems.add(
          new RuleProblem(
              shown,
              0,
              "",
              "cannot read the file (" + e.getMessage() + "). Check that it is readable"));
      return null;
    }
    if (doc == null || !doc.isObject() || !SCHEMA.equals(doc.path("schema").asText())) {
      problems.add(
          new RuleProblem(
              shown,
              1,
              "schema",
              "not an error-rates file (expected 'schema: "
                  + SCHEMA
                  + "'). Re-run eval/run.sh to rewrite it, or delete it"));
      return null;
    }
    for (String key : List.of("software", "rules_digest")) {
      if (!doc.path(key).isTextual()) {
        problems.add(
            new RuleProblem(
                shown,
                1,
                key,
                "missing or not text. Re-run eval/run.sh to rewrite the file, or delete it"));
        return null;
      }
    }
    @SuppressWarnings("unchecked")
    LinkedHashMap<String, Object> content = (LinkedHashMap<String, Object>) plain(doc);
    return new ErrorRates(content, sha256(content));
  }

  /** A parsed YAML value as plain Java, keeping the file's key order. */
  static Object plain(JsonNode n) {
    if (n.isObject()) {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(v -> l.add(plain(v)));
      return l;
    }
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    return n.isNull() ? null : n.asText();
  }

  private static String sha256(Map<String, Object> content) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update("rollaudit-error-rates/1\n".getBytes(StandardCharsets.UTF_8));
      md.update(JSON.writeValueAsString(content).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("Cannot hash the error rates: " + e.getMessage(), e);
    }
  }
}
