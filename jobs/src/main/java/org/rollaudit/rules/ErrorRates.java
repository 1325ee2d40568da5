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
 * false-positive rate on null simulations, for one software version and, per rule entry, the digest
 * of the entry's type and parameters ({@code rules}). Not a rule file: {@link RuleFiles} skips it
 * by name and reads it here. Every audit copies it into method.json under {@code error_rates},
 * saying for each of its entries whether the rates were measured with exactly that entry and this
 * software: adding a rule file or entry leaves the other entries' rates standing.
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
  public static final String SCHEMA = "rollaudit/error-rates/v2";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The software version the rates were measured with, e.g. "rollaudit 0.1.0". */
  public String software() {
    Object s = content.get("software");
    return s == null ? "" : s.toString();
  }

  /**
   * The entries the rates were measured with: name → digest of the entry's type and parameters
   * ({@link RuleSet#entryDigest}), in file order.
   */
  public LinkedHashMap<String, String> entryDigests() {
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    if (content.get("rules") instanceof Map<?, ?> rules) {
      rules.forEach(
          (name, e) -> {
            if (e instanceof Map<?, ?> m && m.get("digest") != null) {
              out.put(name.toString(), m.get("digest").toString());
            }
          });
    }
    return out;
  }

  /**
   * The content for method.json: first {@code applies_to_this_run} (in one sentence, whether the
   * rates were measured with exactly this run's entries and software), then {@code applies_by_rule}
   * (per enabled entry of the run, "yes: ..." or "no: ..." with the reason: not measured yet, other
   * parameters, other software), then the file's own keys in file order.
   *
   * @param runEntries the run's enabled entries, name → {@link RuleSet#entryDigest}
   * @param software this run's software version
   */
  public LinkedHashMap<String, Object> forMethod(Map<String, String> runEntries, String software) {
    boolean sameSoftware = software().equals(software);
    Map<String, String> measured = entryDigests();
    LinkedHashMap<String, Object> byRule = new LinkedHashMap<>();
    List<String> yes = new ArrayList<>();
    List<String> no = new ArrayList<>();
    runEntries.forEach(
        (name, digest) -> {
          String was = measured.get(name);
          String status;
          if (was == null) {
            status = "no: " + NOT_MEASURED;
          } else if (!sameSoftware) {
            status =
                "no: measured with another software version ("
                    + software()
                    + ", this run "
                    + software
                    + ")";
          } else if (!was.equals(digest)) {
            status =
                "no: measured with other parameters (entry digest "
                    + was
                    + ", this run "
                    + digest
                    + "); re-run eval/run.sh";
          } else {
            status = "yes: " + MEASURED;
          }
          byRule.put(name, status);
          (status.startsWith("yes") ? yes : no).add(name);
        });
    String applies;
    if (no.isEmpty()) {
      applies =
          "yes: every rule entry of this run was measured with exactly its parameters and this"
              + " software version";
    } else if (yes.isEmpty()) {
      applies =
          "no: no rule entry of this run was measured with exactly its parameters and this software"
              + " version"
              + (sameSoftware
                  ? ""
                  : " (measured with " + software() + ", this run " + software + ")")
              + "; the figures below describe those, not this run";
    } else {
      applies =
          "partly: measured with exactly these parameters for "
              + String.join(", ", yes)
              + "; not for "
              + String.join(", ", no)
              + " (see applies_by_rule)";
    }
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("applies_to_this_run", applies);
    m.put("applies_by_rule", byRule);
    m.putAll(content);
    return m;
  }

  /**
   * The enabled entries of a rules part of method.json ({@link RuleSet#describe()} or a detection
   * run's method), name → entry digest, in entry order: what {@link #forMethod} compares.
   */
  public static LinkedHashMap<String, String> runEntries(Map<String, Object> rules) {
    LinkedHashMap<String, String> run = new LinkedHashMap<>();
    if (rules.get("entries") instanceof List<?> entries) {
      for (Object o : entries) {
        if (o instanceof Map<?, ?> entry && Boolean.TRUE.equals(entry.get("enabled"))) {
          run.put(String.valueOf(entry.get("name")), String.valueOf(entry.get("digest")));
        }
      }
    }
    return run;
  }

  /** The status of an entry whose digest matches, after "yes: ". */
  public static final String MEASURED = "measured with exactly these parameters";

  /** The status of an entry the file does not list, after "no: ". */
  public static final String NOT_MEASURED = "not measured yet";

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
    if (!doc.path("software").isTextual()) {
      problems.add(
          new RuleProblem(
              shown,
              1,
              "software",
              "missing or not text. Re-run eval/run.sh to rewrite the file, or delete it"));
      return null;
    }
    JsonNode rules = doc.path("rules");
    boolean entriesOk = rules.isObject();
    for (JsonNode e : rules) {
      entriesOk &= e.path("digest").isTextual();
    }
    if (!entriesOk) {
      problems.add(
          new RuleProblem(
              shown,
              1,
              "rules",
              "missing, or an entry without a text 'digest' (each measured rule entry needs its"
                  + " digest). Re-run eval/run.sh to rewrite the file, or delete it"));
      return null;
    }
    @SuppressWarnings("unchecked")
    LinkedHashMap<String, Object> content = (LinkedHashMap<String, Object>) plain(doc);
    return new ErrorRates(content, sha256(content));
  }

  /** A parsed YAML value as plain Java, keeping the file's key order. */
  static Object plain(JsonNode n) {
    return RuleSet.plain(n, false);
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
