package org.rollaudit.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.rollaudit.audit.EvidenceTable;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Version;
import org.rollaudit.history.MetricsStore;
import org.rollaudit.rules.RuleSet;
import org.rollaudit.store.StoredSnapshot;

/**
 * What a timeline found in one interval, kept beside the pair's metrics: the findings in contract
 * order, their evidence and the detectors' method description. The next timeline reads them back
 * instead of running the detectors again (whose rules over the history read every earlier snapshot)
 * and instead of querying the change set for the evidence.
 *
 * <p>Keyed by everything the findings depend on: the pair, every snapshot up to the interval's end
 * (date, input digest, layout), the rules and error rates, the disclosure and the build of the code
 * ({@link Version#build}), so a changed detector never reuses what an older one found. Findings
 * read back equal the ones written ({@link FindingJson}); an interval with a finding that would not
 * read back exactly is not kept, and a method description that would not ({@link MethodJson}) is
 * left out, so the interval is detected again when it is the last. An unreadable file counts as not
 * kept.
 */
final class IntervalKeep implements PairAudit.Keep {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FORMAT = "rollaudit-interval/2";

  private final MetricsStore store;
  private final StoredSnapshot baseline;
  private final StoredSnapshot current;
  private final String name;

  /**
   * @param snapshots the store's snapshots up to and including {@code current}
   */
  IntervalKeep(
      List<StoredSnapshot> snapshots,
      StoredSnapshot baseline,
      StoredSnapshot current,
      RuleSet rules,
      String disclosure) {
    this.store = MetricsStore.of(current);
    this.baseline = baseline;
    this.current = current;
    List<String> parts = new ArrayList<>();
    parts.add(FORMAT);
    parts.add(MetricsStore.key(baseline, current));
    for (StoredSnapshot s : snapshots) {
      parts.add(Receipts.identity(s));
    }
    parts.add(rules.digest());
    parts.add(rules.errorRatesDigest());
    parts.add(disclosure);
    parts.add(Version.build());
    this.name = "interval-" + RunId.of(parts).substring(0, 32) + ".json";
  }

  @Override
  public Optional<PairAudit.Kept> kept() {
    Optional<byte[]> bytes = store.readFile(baseline, current, name);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(bytes.get());
      List<Finding> findings = new ArrayList<>();
      n.path("findings").forEach(f -> findings.add(FindingJson.read(f)));
      List<EvidenceTable> tables = new ArrayList<>();
      for (JsonNode t : n.path("evidence")) {
        List<String> header = new ArrayList<>();
        t.path("header").forEach(h -> header.add(h.asText()));
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode r : t.path("rows")) {
          List<String> row = new ArrayList<>();
          r.forEach(v -> row.add(v.isNull() ? null : v.asText()));
          rows.add(row);
        }
        tables.add(new EvidenceTable(header, rows));
      }
      if (tables.size() != findings.size()) {
        return Optional.empty();
      }
      JsonNode method = n.get("method");
      return Optional.of(
          new PairAudit.Kept(
              List.copyOf(findings),
              List.copyOf(tables),
              method == null ? null : MethodJson.read(method)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // damaged: detect again
    }
  }

  @Override
  public Optional<List<EvidenceTable>> evidence(List<Finding> findings) {
    return kept().filter(k -> k.findings().equals(findings)).map(PairAudit.Kept::evidence);
  }

  /** Keeps nothing when a finding would not read back exactly ({@link FindingJson#exact}). */
  @Override
  public void put(
      List<Finding> findings, List<EvidenceTable> evidence, LinkedHashMap<String, Object> method) {
    if (!findings.stream().allMatch(FindingJson::exact)) {
      return;
    }
    ObjectNode n = JSON.createObjectNode();
    ArrayNode fs = n.putArray("findings");
    findings.forEach(f -> fs.add(FindingJson.write(f)));
    ArrayNode tables = n.putArray("evidence");
    for (EvidenceTable t : evidence) {
      ObjectNode o = tables.addObject();
      ArrayNode h = o.putArray("header");
      t.header().forEach(h::add);
      ArrayNode rows = o.putArray("rows");
      for (List<String> r : t.rows()) {
        ArrayNode row = rows.addArray();
        r.forEach(row::add);
      }
    }
    MethodJson.write(method).ifPresent(m -> n.set("method", m));
    try {
      store.writeFile(baseline, current, name, JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
