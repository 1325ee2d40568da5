package org.rollaudit.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One validated entry of a rule file. Every parameter is required by the schema, so the typed
 * accessors below never invent a default: a missing value is a bug (schema and detector disagree)
 * and fails loudly.
 *
 * @param name unique rule name, e.g. {@code mass-deletion-county}
 * @param type rule id, e.g. {@code mass-deletion}
 * @param file file name inside the rules folder (no folder: method.json must not carry paths)
 * @param line line of the entry in its file
 * @param enabled false to keep an entry without running it
 * @param entry the whole entry as parsed (name, type, enabled and parameters)
 * @param calendar the election calendar the entry names ({@code calendar: nc}), null for none
 */
public record Rule(
    String name,
    String type,
    String file,
    int line,
    boolean enabled,
    ObjectNode entry,
    ElectionCalendar calendar) {

  /** An entry that names no election calendar. */
  public Rule(String name, String type, String file, int line, boolean enabled, ObjectNode entry) {
    this(name, type, file, line, enabled, entry, null);
  }

  /** The value at a path of keys, e.g. {@code node("severity", "high", "max_q")}. */
  public JsonNode node(String... path) {
    JsonNode n = entry;
    for (String k : path) {
      n = n.path(k);
    }
    if (n.isMissingNode()) {
      throw new IllegalStateException(
          "Cannot read rule "
              + name
              + ": parameter "
              + String.join(".", path)
              + " is missing (schema and detector disagree)");
    }
    return n;
  }

  /** True when the optional key is present. */
  public boolean has(String... path) {
    JsonNode n = entry;
    for (String k : path) {
      n = n.path(k);
    }
    return !n.isMissingNode() && !n.isNull();
  }

  public double number(String... path) {
    return node(path).asDouble();
  }

  public long integer(String... path) {
    return node(path).asLong();
  }

  public boolean flag(String... path) {
    return node(path).asBoolean();
  }

  public String text(String... path) {
    return node(path).asText();
  }

  /** A list of strings, in file order. */
  public List<String> texts(String... path) {
    List<String> out = new ArrayList<>();
    node(path).forEach(n -> out.add(n.asText()));
    return out;
  }

  /** An optional map of string to string (e.g. code labels), sorted by key; empty when absent. */
  public SortedMap<String, String> textMap(String... path) {
    SortedMap<String, String> out = new TreeMap<>();
    if (has(path)) {
      node(path).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }
}
