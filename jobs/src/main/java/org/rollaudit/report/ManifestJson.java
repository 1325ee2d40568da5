package org.rollaudit.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.InputFile;

/**
 * Writes {@code inputs.json} (custody and ledger of every input file) and {@code method.json}
 * (rules, parameters, versions and the bundle's own conventions). Both carry the run id so a reader
 * can tell which run a loose file belongs to.
 */
public final class ManifestJson {

  public static final String INPUTS_SCHEMA = "rollaudit/inputs/v1";
  public static final String METHOD_SCHEMA = "rollaudit/method/v1";

  /**
   * Provenance keys copied into the bundle. The submitter and anything time-like stay in the
   * store's receipt (reliability.md §6: no wall-clock time, no operator identity in the bundle).
   */
  public static final Set<String> PROVENANCE_KEYS =
      Set.of("source", "obtained", "publisher", "url");

  /** Keys this writer sets itself at the top of method.json. */
  private static final Set<String> OWN_METHOD_KEYS =
      Set.of("schema", "run_id", "software", "disclosure", "bundle");

  private ManifestJson() {}

  /**
   * Relative path of the rejects file of the input at {@code index} (0-based) in restricted
   * bundles.
   */
  public static String rejectsPath(int index) {
    return String.format(java.util.Locale.ROOT, "rejects/input-%02d.csv", index + 1);
  }

  /** The text of inputs.json. */
  public static String inputs(AuditResult r) {
    JsonText j = new JsonText().beginObject();
    j.field("schema", INPUTS_SCHEMA);
    j.field("run_id", r.runId());
    j.name("inputs").beginArray();
    List<InputFile> inputs = r.inputs();
    for (int i = 0; i < inputs.size(); i++) {
      InputFile f = inputs.get(i);
      j.beginObject();
      j.field("role", f.role());
      j.field("name", f.name());
      j.field("entry", f.entry());
      j.field("bytes", f.bytes());
      j.field("sha256", f.sha256());
      j.field("layout", f.layout());
      j.field("vintage", f.vintage());
      j.field("records", f.records());
      j.field("header", f.header());
      j.field("blank", f.blank());
      j.field("accepted", f.accepted());
      j.field("rejected", f.rejected());
      j.name("rejected_by_reason").beginObject();
      for (Map.Entry<String, Long> e :
          (f.rejectsByReason() == null ? Map.<String, Long>of() : f.rejectsByReason()).entrySet()) {
        j.field(e.getKey(), e.getValue());
      }
      j.endObject();
      j.field("provenance", provenance(f));
      if (r.restricted()) {
        j.field("rejects", rejectsPath(i));
      }
      j.endObject();
    }
    j.endArray();
    return j.endObject().text();
  }

  /**
   * A value as method.json would write it (the same writer, layout and number format), as the only
   * element of a JSON array: a bare value has no scope to be written in.
   */
  public static String methodValue(Object value) {
    return new JsonText().beginArray().any(value, "method").endArray().text();
  }

  /**
   * The text of method.json: our header keys, then the audit's method entries in their order, then
   * "bundle".
   */
  public static String method(AuditResult r) {
    Object declared = r.method().get("disclosure");
    if (declared != null && !r.disclosure().equals(declared)) {
      throw new IllegalArgumentException(
          "Cannot write method.json: method says disclosure '"
              + declared
              + "' but the result is '"
              + r.disclosure()
              + "'");
    }
    JsonText j = new JsonText().beginObject();
    j.field("schema", METHOD_SCHEMA);
    j.field("run_id", r.runId());
    j.field("software", r.software());
    j.field("disclosure", r.disclosure());
    for (Map.Entry<String, Object> e : r.method().entrySet()) {
      if (!OWN_METHOD_KEYS.contains(e.getKey())) {
        j.name(e.getKey()).any(e.getValue(), "method." + e.getKey());
      }
    }
    Map<String, Object> bundle = bundleConventions();
    List<String> tables = TablesCsv.paths(r);
    if (!tables.isEmpty()) {
      // verify checks that exactly these tables are there (a bundle without them says so here)
      bundle.put("tables", TablesCsv.convention(tables));
    }
    j.name("bundle").any(bundle, "method.bundle");
    return j.endObject().text();
  }

  /** The conventions of this writer, echoed in method.json and the report's Method section. */
  static Map<String, Object> bundleConventions() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("csv_formula_guard", FormulaGuard.VERSION);
    m.put("csv_formula_guard_rule", FormulaGuard.RULE);
    m.put("csv_format", "RFC 4180, comma, header row, LF, UTF-8 without BOM");
    m.put(
        "number_format",
        "doubles rounded to "
            + NumberText.JSON_DIGITS
            + " significant digits (HALF_EVEN on the exact binary value); exponent form below 1e-4; null for NaN or infinity");
    m.put("small_cells", Suppression.RULE);
    m.put("evidence_order", "rows sorted by voter_id (UTF-8 byte order), after redaction");
    m.put(
        "checksums",
        "SHA256SUMS: sha256sum format, sorted by path bytes; optional Ed25519 signature SHA256SUMS.sig with signer.pub");
    return m;
  }

  /** The provenance entries the bundle may carry (see {@link #PROVENANCE_KEYS}). */
  static Map<String, String> provenance(InputFile f) {
    Map<String, String> p = new java.util.TreeMap<>();
    if (f.provenance() != null) {
      for (Map.Entry<String, String> e : f.provenance().entrySet()) {
        if (PROVENANCE_KEYS.contains(e.getKey())) {
          p.put(e.getKey(), e.getValue());
        }
      }
    }
    return p;
  }
}
