package org.rollaudit.layout;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.rollaudit.audit.RollAuditException;

/**
 * Reads a layout YAML file strictly and returns a validated {@link Layout}.
 *
 * <p>Strictness, as for rule files: unknown keys, duplicate keys, wrong value types and unknown
 * enum values are errors naming the file and line (Jackson's location); semantic errors (a
 * sensitive column no vintage has, a {@code yyyy} date pattern) name the file and the nearest line
 * that mentions the offending value. All errors are {@link RollAuditException#usage} (exit 2:
 * nothing was read).
 *
 * <p>{@code extends: <id>} merges the named base under this file: maps merge key by key (this file
 * wins), lists and scalars are replaced. {@code abstract} is never inherited.
 */
final class LayoutLoader {
  static final ObjectMapper YAML = mapper();
  private static final int MAX_EXTENDS_DEPTH = 4;

  private LayoutLoader() {}

  private static ObjectMapper mapper() {
    YAMLFactory f = new YAMLFactory();
    f.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    ObjectMapper m = new ObjectMapper(f);
    m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    m.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    // "from: ncid" and "from: [ncid]" mean the same.
    m.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    return m;
  }

  /**
   * Loads {@code file}; {@code bases} resolves an {@code extends} id to the base file's path.
   *
   * @throws RollAuditException (exit 2) naming file and line on any error
   */
  static Layout load(Path file, Function<String, Path> bases) {
    return load(file, bases, 0);
  }

  private static Layout load(Path file, Function<String, Path> bases, int depth) {
    String text = read(file);
    String name = file.getFileName().toString();
    LayoutFile own = bind(text, name);
    if (own.extendsId != null) {
      ObjectNode tree = resolvedTree(file, bases, 0);
      try {
        own = YAML.treeToValue(tree, LayoutFile.class);
      } catch (JsonProcessingException e) {
        throw RollAuditException.usage(
            "Cannot load layout " + name + ": " + e.getOriginalMessage() + " (after extends)");
      }
    }
    return new LayoutValidator(name, text).validate(own);
  }

  /** The file's tree with its {@code extends} chain merged under it; each file bound strictly. */
  private static ObjectNode resolvedTree(Path file, Function<String, Path> bases, int depth) {
    String text = read(file);
    String name = file.getFileName().toString();
    LayoutFile own = bind(text, name);
    ObjectNode tree = tree(text, name);
    if (own.extendsId == null) {
      return tree;
    }
    if (depth >= MAX_EXTENDS_DEPTH) {
      throw fail(name, text, "extends", "extends chain deeper than " + MAX_EXTENDS_DEPTH);
    }
    Path basePath = bases.apply(own.extendsId);
    if (basePath == null) {
      throw fail(name, text, own.extendsId, "extends unknown layout '" + own.extendsId + "'");
    }
    ObjectNode base = resolvedTree(basePath, bases, depth + 1);
    // Identity and abstractness belong to each file alone.
    base.remove("abstract");
    base.remove("id");
    base.remove("version");
    base.remove("description");
    merge(base, tree);
    base.remove("extends");
    return base;
  }

  private static LayoutFile bind(String text, String name) {
    try {
      return YAML.readValue(text, LayoutFile.class);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      throw RollAuditException.usage(
          "Cannot load layout: "
              + firstLine(e.getOriginalMessage())
              + " ("
              + name
              + (line > 0 ? ":" + line : "")
              + "). Fix the layout file; rules/layouts/README.md lists every key.");
    }
  }

  private static ObjectNode tree(String text, String name) {
    try {
      JsonNode n = YAML.readTree(text);
      if (!(n instanceof ObjectNode o)) {
        throw RollAuditException.usage("Cannot load layout: not a YAML mapping (" + name + ")");
      }
      return o;
    } catch (JsonProcessingException e) {
      throw RollAuditException.usage(
          "Cannot load layout: " + e.getOriginalMessage() + " (" + name + ")");
    }
  }

  /** Deep merge: objects key by key ({@code over} wins), everything else replaced. */
  static void merge(ObjectNode under, ObjectNode over) {
    Iterator<Map.Entry<String, JsonNode>> it = over.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode mine = under.get(e.getKey());
      if (mine instanceof ObjectNode mo && e.getValue() instanceof ObjectNode eo) {
        merge(mo, eo);
      } else {
        under.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }

  private static String read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      // Layout files are UTF-8; a bad byte is an error, never a replacement character.
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw RollAuditException.usage("Cannot load layout: not valid UTF-8 (" + file + ")");
    } catch (IOException e) {
      throw RollAuditException.usage("Cannot read layout file " + file + ": " + e.getMessage());
    }
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  /** An error naming the file and the first line that mentions {@code token}, if any. */
  static RollAuditException fail(String name, String text, String token, String message) {
    int line = lineOf(text, token);
    return RollAuditException.usage(
        String.format(
            Locale.ROOT,
            "Cannot load layout: %s (%s%s). Fix the layout file; rules/layouts/README.md lists"
                + " every key.",
            message,
            name,
            line > 0 ? ", near line " + line : ""));
  }

  static int lineOf(String text, String token) {
    if (token == null || token.isEmpty()) {
      return -1;
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      int hash = l.indexOf('#');
      String code = hash >= 0 ? l.substring(0, hash) : l;
      if (code.contains(token)) {
        return i + 1;
      }
    }
    return -1;
  }
}
