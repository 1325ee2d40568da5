package org.rollaudit.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rollaudit.audit.Severity;

/** Reads the severities of an existing bundle's findings.json (for an "already complete" run). */
final class FindingsFile {
  private FindingsFile() {}

  static List<Severity> severities(Path bundle) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(bundle.resolve("findings.json").toFile());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<Severity> out = new ArrayList<>();
    for (JsonNode f : root.path("findings")) {
      out.add(Severity.parse(f.path("severity").asText()));
    }
    return out;
  }
}
