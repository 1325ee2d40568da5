package org.rollaudit.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.EvidenceQuery;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Severity;

/**
 * A {@link Finding} as JSON and back, exactly: what the timeline keeps of an interval's detection.
 * Read back, a finding equals the one written, field by field, and its maps iterate in the same
 * order, so a bundle built from kept findings has the bytes of one built from fresh ones. Doubles
 * are written in Java's shortest round-trip form; NaN and the infinities as strings.
 */
final class FindingJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private FindingJson() {}

  /**
   * True when {@code f} reads back with its maps in the same order: they sort by their keys'
   * natural order, as the reader's do. A finding whose map has its own order is not kept.
   */
  static boolean exact(Finding f) {
    return f.unit().comparator() == null && f.group().comparator() == null;
  }

  static ObjectNode write(Finding f) {
    ObjectNode o = NODES.objectNode();
    o.put("rule", f.rule()).put("rule_name", f.ruleName()).put("severity", f.severity().name());
    o.set("unit", strings(f.unit()));
    o.set("group", strings(f.group()));
    o.put("affected", f.affected());
    ObjectNode stat = o.putObject("statistic");
    f.statistic().forEach((k, v) -> stat.set(k, number(v)));
    o.put("explanation", f.explanation());
    o.put("comparison", f.comparison());
    EvidenceQuery q = f.evidence();
    ObjectNode e = o.putObject("evidence");
    ArrayNode classes = e.putArray("classes");
    q.classes().forEach(c -> classes.add(c.name()));
    e.set("equals", strings(q.equals()));
    e.put("change_key", q.changeKey()).put("change_value", q.changeValue());
    if (q.voters() != null) {
      ObjectNode v = e.putObject("voters");
      v.set("columns", list(q.voters().columns()));
      ObjectNode notes = v.putObject("notes");
      q.voters().notes().forEach((k, values) -> notes.set(k, list(values)));
    }
    ObjectNode anyOf = e.putObject("any_of");
    q.anyOf().forEach((k, values) -> anyOf.set(k, list(values)));
    if (q.dates() != null) {
      e.putObject("dates")
          .put("column", q.dates().column())
          .put("from", q.dates().from().toString())
          .put("to", q.dates().to().toString());
    }
    return o;
  }

  static Finding read(JsonNode o) {
    LinkedHashMap<String, Double> stat = new LinkedHashMap<>();
    o.path("statistic").fields().forEachRemaining(x -> stat.put(x.getKey(), number(x.getValue())));
    JsonNode e = o.path("evidence");
    List<ChangeClass> classes = new ArrayList<>();
    e.path("classes").forEach(c -> classes.add(ChangeClass.valueOf(c.asText())));
    EvidenceQuery.Voters voters = null;
    if (e.has("voters")) {
      SortedMap<String, List<String>> notes = new TreeMap<>();
      e.path("voters")
          .path("notes")
          .fields()
          .forEachRemaining(x -> notes.put(x.getKey(), list(x.getValue())));
      voters = new EvidenceQuery.Voters(list(e.path("voters").path("columns")), notes);
    }
    SortedMap<String, List<String>> anyOf = new TreeMap<>();
    e.path("any_of").fields().forEachRemaining(x -> anyOf.put(x.getKey(), list(x.getValue())));
    EvidenceQuery.DateRange dates = null;
    if (e.has("dates")) {
      JsonNode d = e.path("dates");
      dates =
          new EvidenceQuery.DateRange(
              d.path("column").asText(),
              LocalDate.parse(d.path("from").asText()),
              LocalDate.parse(d.path("to").asText()));
    }
    return new Finding(
        o.path("rule").asText(),
        o.path("rule_name").asText(),
        Severity.valueOf(o.path("severity").asText()),
        strings(o.path("unit")),
        strings(o.path("group")),
        o.path("affected").longValue(),
        stat,
        text(o.path("explanation")),
        new EvidenceQuery(
            classes,
            strings(e.path("equals")),
            text(e.path("change_key")),
            text(e.path("change_value")),
            voters,
            anyOf,
            dates),
        text(o.path("comparison")));
  }

  private static ObjectNode strings(Map<String, String> m) {
    ObjectNode o = NODES.objectNode();
    m.forEach(o::put);
    return o;
  }

  private static SortedMap<String, String> strings(JsonNode o) {
    SortedMap<String, String> m = new TreeMap<>();
    o.fields().forEachRemaining(x -> m.put(x.getKey(), text(x.getValue())));
    return m;
  }

  private static ArrayNode list(List<String> values) {
    ArrayNode a = NODES.arrayNode();
    values.forEach(a::add);
    return a;
  }

  private static List<String> list(JsonNode a) {
    List<String> values = new ArrayList<>();
    a.forEach(v -> values.add(text(v)));
    return values;
  }

  private static String text(JsonNode n) {
    return n.isNull() || n.isMissingNode() ? null : n.asText();
  }

  private static JsonNode number(Double v) {
    if (v == null) {
      return NODES.nullNode();
    }
    return Double.isFinite(v) ? NODES.numberNode(v) : NODES.textNode(v.toString());
  }

  private static Double number(JsonNode n) {
    if (n.isNull()) {
      return null;
    }
    return n.isTextual() ? Double.valueOf(n.asText()) : n.doubleValue();
  }
}
