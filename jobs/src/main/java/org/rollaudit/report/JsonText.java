package org.rollaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * A small streaming JSON writer with a fixed layout: two-space indent, {@code "key": value}, LF,
 * final newline, keys in the order the caller writes them. Hand-written rather than Jackson's
 * pretty printer because the layout is part of the byte-reproducible contract (Jackson's default
 * indenter follows the platform line separator and prints {@code "key" : value}), and every double
 * must go through {@link NumberText}.
 */
final class JsonText {

  private final StringBuilder out = new StringBuilder();
  private final Deque<boolean[]> firstInScope = new ArrayDeque<>();
  private boolean afterName;

  JsonText beginObject() {
    beforeValue();
    out.append('{');
    firstInScope.push(new boolean[] {true});
    return this;
  }

  JsonText endObject() {
    return close('}');
  }

  JsonText beginArray() {
    beforeValue();
    out.append('[');
    firstInScope.push(new boolean[] {true});
    return this;
  }

  JsonText endArray() {
    return close(']');
  }

  JsonText name(String name) {
    newElement();
    quote(name);
    out.append(": ");
    afterName = true;
    return this;
  }

  JsonText value(String s) {
    beforeValue();
    if (s == null) {
      out.append("null");
    } else {
      quote(s);
    }
    return this;
  }

  JsonText value(long n) {
    beforeValue();
    out.append(n);
    return this;
  }

  /** A double through the one formatter; NaN and infinities become {@code null}. */
  JsonText value(double d) {
    beforeValue();
    out.append(NumberText.json(d));
    return this;
  }

  JsonText value(boolean b) {
    beforeValue();
    out.append(b);
    return this;
  }

  JsonText field(String name, String value) {
    return name(name).value(value);
  }

  JsonText field(String name, long value) {
    return name(name).value(value);
  }

  /** A string map as an object, in the map's own order (callers pass sorted or linked maps). */
  JsonText field(String name, Map<String, String> map) {
    name(name).beginObject();
    for (Map.Entry<String, String> e : map.entrySet()) {
      field(e.getKey(), e.getValue());
    }
    return endObject();
  }

  /**
   * Any value of a method description: maps, collections, strings, numbers, booleans, dates,
   * records, Jackson nodes. Maps and sets without a defined order (HashMap, Map.of) are written in
   * key order, because their iteration order may change from one JVM run to the next. Anything else
   * (a Path, an arbitrary object) is refused rather than written through toString(), which could
   * leak an absolute path or an identity hash.
   */
  JsonText any(Object v, String where) {
    if (v == null) {
      beforeValue();
      out.append("null");
    } else if (v instanceof CharSequence || v instanceof Character) {
      value(v.toString());
    } else if (v instanceof Double || v instanceof Float) {
      value(((Number) v).doubleValue());
    } else if (v instanceof BigDecimal b) {
      value(b.doubleValue());
    } else if (v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte
        || v instanceof BigInteger) {
      beforeValue();
      out.append(v);
    } else if (v instanceof Boolean b) {
      value(b.booleanValue());
    } else if (v instanceof LocalDate d) {
      value(d.toString());
    } else if (v instanceof Enum<?> e) {
      value(e.name().toLowerCase(Locale.ROOT));
    } else if (v instanceof Optional<?> o) {
      any(o.orElse(null), where);
    } else if (v instanceof JsonNode n) {
      node(n, where);
    } else if (v instanceof Map<?, ?> m) {
      beginObject();
      for (Map.Entry<String, Object> e : ordered(m, where).entrySet()) {
        name(e.getKey()).any(e.getValue(), where + "." + e.getKey());
      }
      endObject();
    } else if (v instanceof Collection<?> c) {
      beginArray();
      int i = 0;
      for (Object o : ordered(c)) {
        any(o, where + "[" + i++ + "]");
      }
      endArray();
    } else if (v.getClass().isRecord()) {
      record(v, where);
    } else {
      throw new IllegalArgumentException(
          "Cannot write JSON: unsupported value type at "
              + where
              + " ("
              + v.getClass().getName()
              + ")");
    }
    return this;
  }

  /** The finished document with its final newline. */
  String text() {
    if (!firstInScope.isEmpty()) {
      throw new IllegalStateException(
          "Cannot finish JSON: " + firstInScope.size() + " scopes still open");
    }
    return out + "\n";
  }

  private void node(JsonNode n, String where) {
    if (n.isObject()) {
      beginObject();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        name(e.getKey()).node(e.getValue(), where + "." + e.getKey());
      }
      endObject();
    } else if (n.isArray()) {
      beginArray();
      for (JsonNode c : n) {
        node(c, where);
      }
      endArray();
    } else if (n.isIntegralNumber()) {
      beforeValue();
      out.append(n.bigIntegerValue());
    } else if (n.isNumber()) {
      value(n.doubleValue());
    } else if (n.isBoolean()) {
      value(n.booleanValue());
    } else if (n.isNull() || n.isMissingNode()) {
      beforeValue();
      out.append("null");
    } else {
      value(n.asText());
    }
  }

  private void record(Object r, String where) {
    beginObject();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(r);
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException(
            "Cannot write JSON: unreadable record component at " + where, e);
      }
      String key = snake(c.getName());
      name(key).any(value, where + "." + key);
    }
    endObject();
  }

  private static String snake(String camel) {
    StringBuilder sb = new StringBuilder();
    for (char ch : camel.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        sb.append('_').append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  private static Map<String, Object> ordered(Map<?, ?> m, String where) {
    Map<String, Object> result =
        (m instanceof SortedMap || m instanceof LinkedHashMap)
            ? new LinkedHashMap<>()
            : new TreeMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            "Cannot write JSON: non-string key at " + where + " (" + e.getKey() + ")");
      }
      result.put(key, e.getValue());
    }
    return result;
  }

  private static Collection<?> ordered(Collection<?> c) {
    if (c instanceof List || c instanceof SortedSet || c instanceof LinkedHashSet) {
      return c;
    }
    // A HashSet's order is not stable across runs: sort by the written form.
    List<Object> sorted = new ArrayList<>(c);
    sorted.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
    return sorted;
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
    } else if (!firstInScope.isEmpty()) {
      newElement();
    }
  }

  private void newElement() {
    boolean[] first = firstInScope.peek();
    if (first == null) {
      throw new IllegalStateException("Cannot write JSON: value outside any object or array");
    }
    if (!first[0]) {
      out.append(',');
    }
    first[0] = false;
    indent(firstInScope.size());
  }

  private JsonText close(char bracket) {
    boolean[] first = firstInScope.pop();
    if (!first[0]) {
      indent(firstInScope.size());
    }
    out.append(bracket);
    return this;
  }

  private void indent(int depth) {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029 || c == 0x7f) {
            unicodeEscape(c);
          } else if (Character.isSurrogate(c)) {
            // A lone surrogate cannot be encoded as UTF-8; keep pairs, replace strays.
            if (Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              out.append('\uFFFD');
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private void unicodeEscape(char c) {
    String hex = Integer.toHexString(c);
    out.append("\\u");
    for (int k = hex.length(); k < 4; k++) {
      out.append('0');
    }
    out.append(hex);
  }
}
