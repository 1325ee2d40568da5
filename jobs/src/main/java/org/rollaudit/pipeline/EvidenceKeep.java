package org.rollaudit.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rollaudit.audit.EvidenceTable;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Version;
import org.rollaudit.history.MetricsStore;
import org.rollaudit.store.StoredSnapshot;

/**
 * The evidence of one interval of a timeline, kept beside the pair's metrics so that the next
 * timeline does not compare the pair again just to list the voters of its findings. Keyed by
 * everything its findings depend on (the pair, every earlier snapshot, the rules, the disclosure,
 * the software); on reading, the kept findings' rule, unit, group and size must match the ones just
 * detected, else the evidence is collected again.
 */
final class EvidenceKeep implements PairAudit.EvidenceCache {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MetricsStore store;
  private final StoredSnapshot baseline;
  private final StoredSnapshot current;
  private final String name;

  EvidenceKeep(
      List<StoredSnapshot> snapshots,
      StoredSnapshot baseline,
      StoredSnapshot current,
      String rulesDigest,
      String disclosure) {
    this.store = MetricsStore.of(current);
    this.baseline = baseline;
    this.current = current;
    List<String> parts = new ArrayList<>();
    parts.add("rollaudit-evidence/1");
    parts.add(MetricsStore.key(baseline, current));
    for (StoredSnapshot s : snapshots) {
      parts.add(s.asOf() + ":" + s.inputDigest());
    }
    parts.add(rulesDigest);
    parts.add(disclosure);
    parts.add(Version.software());
    this.name = "evidence-" + RunId.of(parts).substring(0, 32) + ".json";
  }

  @Override
  public Optional<List<EvidenceTable>> get(List<Finding> findings) {
    Optional<byte[]> bytes = store.readFile(baseline, current, name);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(bytes.get());
      // Compared as JSON text: Jackson reads a count back as an int node, which never equals the
      // long node it was written from, so node equality would never find the kept evidence.
      if (!signature(findings).toString().equals(n.path("findings").toString())) {
        return Optional.empty();
      }
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
      return tables.size() == findings.size() ? Optional.of(tables) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // unreadable: collect again and overwrite nothing
    }
  }

  @Override
  public void put(List<Finding> findings, List<EvidenceTable> evidence) {
    ObjectNode n = JSON.createObjectNode();
    n.set("findings", signature(findings));
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
    try {
      store.writeFile(baseline, current, name, JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ArrayNode signature(List<Finding> findings) {
    ArrayNode a = JSON.createArrayNode();
    for (Finding f : findings) {
      ObjectNode o = a.addObject();
      o.put("rule", f.rule()).put("rule_name", f.ruleName());
      ObjectNode unit = o.putObject("unit");
      for (Map.Entry<String, String> e : f.unit().entrySet()) {
        unit.put(e.getKey(), e.getValue());
      }
      ObjectNode group = o.putObject("group");
      for (Map.Entry<String, String> e : f.group().entrySet()) {
        group.put(e.getKey(), e.getValue());
      }
      o.put("affected", f.affected());
    }
    return a;
  }
}
