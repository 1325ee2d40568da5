package org.rollaudit.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Metrics;
import org.rollaudit.history.HistoryContext;

/**
 * The loaded audit policy: every rule file of a folder, validated, ready to run.
 *
 * <pre>
 *   RuleSet rules = RuleSet.load(Path.of("rules"));     // throws RuleFileException (exit 2)
 *   DetectionResult r = rules.detect(metrics);           // findings + method description
 *   String id = rules.digest();                          // part of the run id
 * </pre>
 *
 * Everything is deterministic: files are read in name order, entries in file order, parameters are
 * written with sorted keys, and findings come back sorted by severity, rule, unit and group.
 */
public final class RuleSet {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIGEST_PREFIX = "rollaudit-rules/1\n";
  private static final String ENTRY_DIGEST_PREFIX = "rollaudit-rule-entry/1\n";

  private final List<Rule> rules;
  private final SortedMap<String, Object> canonical;
  private final String digest;
  private final ErrorRates errorRates;

  private RuleSet(List<Rule> rules, SortedMap<String, JsonNode> documents, ErrorRates errorRates) {
    this.rules = List.copyOf(rules);
    this.errorRates = errorRates;
    this.canonical = new TreeMap<>();
    documents.forEach((file, doc) -> canonical.put(file, canonical(doc)));
    this.digest = sha256(canonical);
  }

  /**
   * Reads and validates every rule file of the folder.
   *
   * @throws RuleFileException listing every problem as {@code file:line: key: what. what to do}
   */
  public static RuleSet load(Path rulesDir) {
    RuleFiles.Parsed p = RuleFiles.read(rulesDir);
    if (!p.problems().isEmpty()) {
      throw new RuleFileException(p.problems());
    }
    return new RuleSet(p.rules(), p.documents(), p.errorRates());
  }

  /**
   * Every problem of the folder's rule files, for {@code rollaudit rules check}; empty if valid.
   */
  public static List<RuleProblem> check(Path rulesDir) {
    return RuleFiles.read(rulesDir).problems();
  }

  /** All entries, enabled or not, in file-name then file order. */
  public List<Rule> rules() {
    return rules;
  }

  /**
   * SHA-256 (hex) over the canonical content of the rule files (file names, sorted keys; comments
   * don't count). error-rates.yaml is not a rule file and does not count: it records the digest of
   * the rules it was measured with.
   */
  public String digest() {
    return digest;
  }

  /**
   * SHA-256 (hex) of one entry's type and parameters in canonical form (sorted keys; comments,
   * name, enabled and description don't count: they change no figure the entry computes). The
   * measured error rates record it per entry, so a rate applies exactly while its entry is
   * unchanged, whatever other entries or files are added next to it.
   */
  public static String entryDigest(Rule r) {
    @SuppressWarnings("unchecked")
    Map<String, Object> all = (Map<String, Object>) canonical(r.entry());
    LinkedHashMap<String, Object> params = new LinkedHashMap<>(all);
    List.of("name", "enabled", "description").forEach(params::remove);
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(ENTRY_DIGEST_PREFIX.getBytes(StandardCharsets.UTF_8));
      md.update(JSON.writeValueAsString(params).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot hash rule entry " + r.name() + ": " + e.getMessage(), e);
    }
  }

  /** The digest of the folder's error-rates.yaml, or "" without one: part of run ids and keys. */
  public String errorRatesDigest() {
    return errorRates().map(ErrorRates::digest).orElse("");
  }

  /** The folder's measured error rates (error-rates.yaml), if it has them. */
  public Optional<ErrorRates> errorRates() {
    return Optional.ofNullable(errorRates);
  }

  /** Runs every enabled rule on the metrics alone (rules over history see no snapshots). */
  public DetectionResult detect(Metrics m) {
    return detect(m, null);
  }

  /**
   * Runs every enabled rule.
   *
   * @param history the snapshots and change set for rules over history; null for none
   */
  public DetectionResult detect(Metrics m, HistoryContext history) {
    // Rules are independent. Those over history run their own Spark jobs, whose driver-side
    // planning leaves a core idle, so two rules run at a time; results are taken in file order,
    // which keeps method.json and the findings independent of which thread finished first.
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            2,
            task -> {
              Thread t = new Thread(task, "rollaudit-rule");
              t.setDaemon(true);
              return t;
            });
    List<java.util.concurrent.Future<DetectionResult>> running = new ArrayList<>();
    try {
      for (Rule r : rules) {
        running.add(
            r.enabled() ? pool.submit(() -> Detectors.of(r.type()).detect(r, m, history)) : null);
      }
      List<Finding> findings = new ArrayList<>();
      List<Object> entries = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        LinkedHashMap<String, Object> e = describe(rules.get(i));
        if (running.get(i) != null) {
          DetectionResult result = resultOf(running.get(i));
          findings.addAll(result.findings());
          e.putAll(result.method());
          e.put("findings", result.findings().size());
        }
        entries.add(e);
      }
      return finish(findings, entries);
    } finally {
      pool.shutdownNow();
    }
  }

  private static DetectionResult resultOf(java.util.concurrent.Future<DetectionResult> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the rules ran", e);
    } catch (java.util.concurrent.ExecutionException e) {
      // The rule's own exception, as if it had run on this thread (exit codes depend on its type).
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private DetectionResult finish(List<Finding> findings, List<Object> entries) {
    findings.sort(ORDER);
    LinkedHashMap<String, Object> method = header();
    method.put("entries", entries);
    return new DetectionResult(findings, method);
  }

  /** The rules as method.json shows them before any run (every entry, with all parameters). */
  public LinkedHashMap<String, Object> describe() {
    LinkedHashMap<String, Object> method = header();
    List<Object> entries = new ArrayList<>();
    rules.forEach(r -> entries.add(describe(r)));
    method.put("entries", entries);
    return method;
  }

  private LinkedHashMap<String, Object> header() {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("digest", digest);
    m.put("files", new ArrayList<>(canonical.keySet()));
    m.put("disabled", rules.stream().filter(r -> !r.enabled()).map(Rule::name).toList());
    return m;
  }

  private static LinkedHashMap<String, Object> describe(Rule r) {
    LinkedHashMap<String, Object> e = new LinkedHashMap<>();
    e.put("name", r.name());
    e.put("type", r.type());
    e.put("file", r.file());
    e.put("enabled", r.enabled());
    e.put("digest", entryDigest(r));
    if (r.has("description")) {
      e.put("description", r.text("description"));
    }
    e.put("reads", Detectors.of(r.type()).reads().stream().map(MetricPart::id).toList());
    @SuppressWarnings("unchecked")
    Map<String, Object> all = (Map<String, Object>) canonical(r.entry());
    LinkedHashMap<String, Object> params = new LinkedHashMap<>(all);
    List.of("name", "type", "enabled", "description").forEach(params::remove);
    e.put("parameters", params);
    return e;
  }

  /** Findings order: severity, rule, unit, group (ids numeric-aware), then name and text. */
  static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::rule)
          .thenComparing(Finding::unit, RuleSet::compareMaps)
          .thenComparing(Finding::group, RuleSet::compareMaps)
          .thenComparing(Finding::ruleName)
          .thenComparing(Finding::explanation);

  private static int compareMaps(SortedMap<String, String> x, SortedMap<String, String> y) {
    Iterator<Map.Entry<String, String>> i = x.entrySet().iterator();
    Iterator<Map.Entry<String, String>> j = y.entrySet().iterator();
    while (i.hasNext() && j.hasNext()) {
      Map.Entry<String, String> a = i.next();
      Map.Entry<String, String> b = j.next();
      int c = a.getKey().compareTo(b.getKey());
      if (c == 0) {
        c = Units.IDS.compare(a.getValue(), b.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(i.hasNext(), j.hasNext());
  }

  /**
   * A parsed YAML value as plain Java with every map's keys sorted: maps become LinkedHashMaps in
   * key order, integers Long, other numbers Double. This is what method.json prints and what the
   * digest hashes, so the same run id always means the same method.json bytes.
   */
  static Object canonical(JsonNode n) {
    return plain(n, true);
  }

  /**
   * A parsed YAML value as plain Java (integers Long, other numbers Double); maps keep the file's
   * key order, or are sorted by key when {@code sortKeys}.
   */
  public static Object plain(JsonNode n, boolean sortKeys) {
    if (n.isObject()) {
      java.util.Map<String, JsonNode> fields =
          sortKeys ? new TreeMap<>() : new LinkedHashMap<String, JsonNode>();
      n.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      fields.forEach((k, v) -> m.put(k, plain(v, sortKeys)));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(v -> l.add(plain(v, sortKeys)));
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

  private static String sha256(SortedMap<String, Object> canonical) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(DIGEST_PREFIX.getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, Object> e : canonical.entrySet()) {
        md.update(
            (e.getKey() + "\n" + JSON.writeValueAsString(e.getValue()) + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("Cannot hash the rules: " + e.getMessage(), e);
    }
  }
}
