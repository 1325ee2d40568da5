package org.rollaudit.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rollaudit.report.ManifestJson;
import org.rollaudit.rules.RuleSet;

/**
 * The detectors' method description as JSON and back: what the timeline keeps of its last
 * interval's detection, so that running it again needs no detector. Kept only when it reads back
 * exactly: method.json and the report write the read-back value with the same bytes, and every map
 * and list is still a map and a list where the report and the error rates look into it.
 */
final class MethodJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MethodJson() {}

  /** The method as written to method.json, or empty when it would not read back exactly. */
  static Optional<JsonNode> write(LinkedHashMap<String, Object> method) {
    String text;
    JsonNode node;
    try {
      text = ManifestJson.methodValue(method);
      node = JSON.readTree(text).get(0);
    } catch (IllegalArgumentException | JsonProcessingException e) {
      // a value method.json's writer refuses fails the bundle later, with its own message
      return Optional.empty();
    }
    Object back = RuleSet.plain(node, false);
    if (!sameShape(method, back) || !text.equals(ManifestJson.methodValue(back))) {
      return Optional.empty();
    }
    return Optional.of(node);
  }

  /** The method written by {@link #write}, with maps in their written order. */
  @SuppressWarnings("unchecked")
  static LinkedHashMap<String, Object> read(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("a method description is an object");
    }
    return (LinkedHashMap<String, Object>) RuleSet.plain(node, false);
  }

  /**
   * Whether {@code back} has the kinds of {@code original}: maps where it has maps, lists where it
   * has lists, and so on. A set or record would come back as a list or map, which code that looks
   * for a list would treat differently, so it is not kept. A number that method.json writes as null
   * (NaN, infinities) comes back as null.
   */
  private static boolean sameShape(Object original, Object back) {
    if (original instanceof Map<?, ?> m) {
      if (!(back instanceof Map<?, ?> b) || m.size() != b.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k) || !b.containsKey(k)) {
          return false;
        }
        if (!sameShape(e.getValue(), b.get(k))) {
          return false;
        }
      }
      return true;
    }
    if (original instanceof List<?> l) {
      if (!(back instanceof List<?> b) || l.size() != b.size()) {
        return false;
      }
      Iterator<?> i = b.iterator();
      for (Object o : l) {
        if (!sameShape(o, i.next())) {
          return false;
        }
      }
      return true;
    }
    if (original instanceof Double d && !Double.isFinite(d)
        || original instanceof Float f && !Float.isFinite(f)) {
      return back == null;
    }
    if (original == null) {
      return back == null;
    }
    // a number's digits are checked by the bytes; an Integer comes back a Long, 2.0 a Long
    return original instanceof String && back instanceof String
        || original instanceof Boolean && back instanceof Boolean
        || original instanceof Number && back instanceof Number;
  }
}
