package org.rollaudit.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a YAML document sits: JSON pointer (as the schema validator reports it) to
 * the 1-based line of its key, or of the value itself for array items. Built from Jackson's token
 * locations, so no second YAML parser is involved.
 *
 * <pre>
 *   rules:                 /rules          line 1
 *     - name: x            /rules/0        line 2,  /rules/0/name line 2
 *       max_q: 0.01        /rules/0/max_q  line 3
 * </pre>
 */
final class YamlLines {
  private final Map<String, Integer> lines = new HashMap<>();

  private YamlLines() {}

  /** One open container: its pointer, and the next child's key or index. */
  private static final class Frame {
    final String pointer;
    final boolean array;
    int index;
    String field;

    Frame(String pointer, boolean array) {
      this.pointer = pointer;
      this.array = array;
    }

    String child() {
      return pointer + "/" + (array ? Integer.toString(index) : escape(field));
    }
  }

  /** Indexes a document; a syntax error simply ends the index (the parse reports it). */
  static YamlLines of(String yaml) {
    YamlLines y = new YamlLines();
    Deque<Frame> stack = new ArrayDeque<>();
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      JsonToken tok;
      while ((tok = p.nextToken()) != null) {
        int line = p.currentTokenLocation().getLineNr();
        Frame top = stack.peek();
        if (tok == JsonToken.FIELD_NAME) {
          top.field = p.currentName();
          y.lines.putIfAbsent(top.child(), line);
          continue;
        }
        if (tok == JsonToken.END_OBJECT || tok == JsonToken.END_ARRAY) {
          stack.pop();
          advance(stack.peek());
          continue;
        }
        String pointer = top == null ? "" : top.child();
        y.lines.putIfAbsent(pointer, line);
        if (tok == JsonToken.START_OBJECT || tok == JsonToken.START_ARRAY) {
          stack.push(new Frame(pointer, tok == JsonToken.START_ARRAY));
        } else {
          advance(top);
        }
      }
    } catch (IOException e) {
      // keep what was indexed so far
    }
    return y;
  }

  private static void advance(Frame f) {
    if (f != null && f.array) {
      f.index++;
    }
  }

  /** The line of the pointer, else of its nearest indexed ancestor, else 1. */
  int line(String pointer) {
    String p = pointer;
    while (true) {
      Integer l = lines.get(p);
      if (l != null) {
        return l;
      }
      if (p.isEmpty()) {
        return 1;
      }
      int i = p.lastIndexOf('/');
      p = i <= 0 ? "" : p.substring(0, i);
    }
  }

  /** JSON pointer escaping (RFC 6901). */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /** "/rules/2/severity/high" as a readable key: "rules[2].severity.high". */
  static String readable(String pointer) {
    StringBuilder s = new StringBuilder();
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      String k = part.replace("~1", "/").replace("~0", "~");
      if (k.chars().allMatch(Character::isDigit)) {
        s.append('[').append(k).append(']');
      } else {
        s.append(s.length() == 0 ? "" : ".").append(k);
      }
    }
    return s.toString();
  }
}
