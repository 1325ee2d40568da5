package org.rollaudit.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.InputFile;
import org.rollaudit.audit.SnapshotInfo;
import org.rollaudit.report.ManifestJson;
import org.rollaudit.store.StoredSnapshot;

/**
 * Reads what the audit needs from a stored snapshot's receipt (written by ingest): the input
 * digest, the layout and vintage, the accepted record count and each file's custody and ledger.
 */
final class Receipts {
  private final StoredSnapshot snapshot;
  private final JsonNode r;
  private final String role;

  private Receipts(StoredSnapshot snapshot, String role) {
    this.snapshot = snapshot;
    this.r = snapshot.receipt();
    this.role = role;
  }

  static Receipts of(StoredSnapshot s, String role) {
    return new Receipts(s, role);
  }

  /**
   * The snapshot's date, input digest and layout: what names it in a timeline's run id and in the
   * key of what a timeline keeps.
   */
  static String identity(StoredSnapshot s) {
    return s.asOf() + ":" + s.inputDigest() + ":" + of(s, "").layoutKey();
  }

  String inputDigest() {
    return snapshot.inputDigest();
  }

  private JsonNode layout() {
    return r.path("layout");
  }

  String layoutId() {
    return layout().path("id").asText();
  }

  /** Layout id, version and vintage: part of the run id. */
  String layoutKey() {
    return layout().path("id").asText() + "@" + layout().path("version").asText() + "/" + vintage();
  }

  /** The vintage(s) detected in the inputs, e.g. "2022" (joined with "+" when they differ). */
  private String vintage() {
    java.util.TreeSet<String> v = new java.util.TreeSet<>();
    for (JsonNode f : r.path("inputs")) {
      v.add(f.path("vintage").asText(""));
    }
    return String.join("+", v);
  }

  /**
   * The provenance given at ingest that the bundle carries (source, obtained ...; never the
   * submitter, see {@link ManifestJson#PROVENANCE_KEYS}), sorted by key.
   */
  SortedMap<String, String> provenance() {
    SortedMap<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = r.path("provenance").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isNull() && ManifestJson.PROVENANCE_KEYS.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  /**
   * The provenance as a run-id part: it is written into inputs.json and the report, so two
   * submissions of the same bytes with different provenance must not share a run id.
   */
  String provenanceKey() {
    StringBuilder sb = new StringBuilder("provenance");
    provenance()
        .forEach(
            (k, v) ->
                sb.append(' ')
                    .append(k.length())
                    .append(':')
                    .append(k)
                    .append('=')
                    .append(v.length())
                    .append(':')
                    .append(v));
    return sb.toString();
  }

  LinkedHashMap<String, Object> layoutDescription() {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("id", layout().path("id").asText());
    m.put("version", layout().path("version").asText());
    m.put("vintage", vintage());
    return m;
  }

  SnapshotInfo info(LocalDate asOf) {
    return new SnapshotInfo(
        asOf, r.path("totals").path("accepted").asLong(), layout().path("id").asText(), vintage());
  }

  /** Custody and ledger per input file; reject samples only in restricted bundles. */
  List<InputFile> inputs(String disclosure) {
    List<InputFile> out = new ArrayList<>();
    for (JsonNode f : r.path("inputs")) {
      SortedMap<String, Long> reasons = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = f.path("rejects_by_reason").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        reasons.put(e.getKey(), e.getValue().asLong());
      }
      SortedMap<String, String> provenance = provenance();
      out.add(
          new InputFile(
              role,
              f.path("name").asText(),
              f.path("bytes").asLong(),
              f.path("sha256").asText(),
              f.hasNonNull("entry") ? f.path("entry").asText() : null,
              layout().path("id").asText(),
              f.path("vintage").asText(vintage()),
              f.path("records").asLong(),
              f.path("header").asLong(),
              f.path("blank").asLong(),
              f.path("accepted").asLong(),
              f.path("rejected").asLong(),
              reasons,
              provenance,
              List.of()));
    }
    return out;
  }
}
