package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.rollaudit.report.ManifestJson;

/** A kept method description writes the same method.json bytes as the one the detectors gave. */
class MethodJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A record in a method: the writer reads its components, so it must be public. */
  public record Part(String name) {}

  /** Through the bytes of a file, as the timeline keeps it. */
  private static Optional<LinkedHashMap<String, Object>> back(LinkedHashMap<String, Object> m)
      throws IOException {
    Optional<JsonNode> n = MethodJson.write(m);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(MethodJson.read(JSON.readTree(JSON.writeValueAsBytes(n.get()))));
  }

  @Test
  void aDetectorsMethodReadsBackWithTheSameBytes() throws IOException {
    LinkedHashMap<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", "mass-deletion");
    entry.put("enabled", true);
    entry.put("m", 100); // an Integer comes back a Long: the same digits
    entry.put("alpha", 0.05);
    entry.put("fit", 1.0 / 3); // method.json writes 6 significant digits
    entry.put("whole", 2.0); // written "2", read back a Long
    entry.put("q", Double.NaN); // written null
    entry.put("tiny", 4.9e-324);
    entry.put("none", null);
    entry.put("notes", Arrays.asList("a \"quoted\" line\nand more", "é"));
    // not in key order: the reader keeps the written order
    Map<String, Object> ordered = new LinkedHashMap<>(Map.of("z", 1L));
    ordered.put("a", List.of());
    entry.put("ordered", ordered);
    entry.put("sorted", new TreeMap<>(Map.of("b", "2", "a", "1")));
    // a map without an order is written in key order, and read back in that order
    entry.put("hashed", new HashMap<>(Map.of("y", 1L, "x", 2L, "w", 3L)));
    LinkedHashMap<String, Object> method = new LinkedHashMap<>();
    method.put("schema", "rules");
    method.put("entries", new ArrayList<>(List.of(entry)));

    LinkedHashMap<String, Object> read = back(method).orElseThrow();
    assertEquals(ManifestJson.methodValue(method), ManifestJson.methodValue(read));
    assertEquals(List.of("schema", "entries"), List.copyOf(read.keySet()));
    Object e = assertInstanceOf(List.class, read.get("entries")).get(0);
    Map<?, ?> readEntry = assertInstanceOf(Map.class, e);
    assertEquals(Boolean.TRUE, readEntry.get("enabled"), "the error rates look for Boolean.TRUE");
    assertEquals(100L, readEntry.get("m"));
    assertEquals(List.of("z", "a"), List.copyOf(((Map<?, ?>) readEntry.get("ordered")).keySet()));
    assertEquals(
        List.of("w", "x", "y"), List.copyOf(((Map<?, ?>) readEntry.get("hashed")).keySet()));
  }

  @Test
  void whatWouldComeBackAsAnotherKindIsNotKept() throws IOException {
    // A set comes back a list, a date a string, a record a map: code looking for a list or a map
    // would see something else, so these are detected again rather than kept.
    // A path method.json's writer refuses (it could leak a folder) is not kept either, and the
    // keeping does not fail: the bundle's own writer fails with its message.
    for (Object v : List.of(Set.of("a"), LocalDate.of(2024, 1, 6), new Part("x"), Path.of("x"))) {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>(Map.of("k", v));
      assertTrue(back(m).isEmpty(), v.getClass().getSimpleName());
    }
    LinkedHashMap<String, Object> plain = new LinkedHashMap<>(Map.of("k", List.of("a")));
    assertTrue(back(plain).isPresent(), "the same value as a list is kept");
  }
}
