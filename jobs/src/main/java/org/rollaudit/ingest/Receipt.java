package org.rollaudit.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rollaudit.audit.Version;
import org.rollaudit.layout.Layout;

/**
 * The ingest receipt (schema {@code rollaudit/receipt/v2}): custody and ledger of every input,
 * written by the store last, so a snapshot exists only once its receipt does. A refused ingest gets
 * the same document with {@code "status": "refused"} and {@code "what_to_fix"}, written outside the
 * store. {@link ReceiptHtml} renders it for people.
 *
 * <p>Key order is fixed (insertion order), JSON is UTF-8 with LF and a final newline, and there is
 * no wall-clock time (v1's {@code received_at} is gone), so the same submission gives the same
 * bytes and a signed receipt can be re-checked. v2 adds {@code counties} (records stored per
 * county) and {@code previous} (the store's snapshot compared against); v1 receipts stay readable.
 * The submitter stays in the store; audit bundles copy only the reproducible parts (reliability.md
 * §6).
 */
final class Receipt {
  static final String SCHEMA = "rollaudit/receipt/v2";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Provenance options of the command line; any may be null. */
  record Provenance(String source, LocalDate obtained, String submitter) {}

  private Receipt() {}

  /**
   * The identity of a snapshot's input bytes: SHA-256 over the layout label and the sorted set of
   * the inputs' SHA-256 (each file as received; an archive once). Same bytes and layout → same
   * digest, whatever the file names or their order.
   */
  static String digest(Layout layout, List<String> fileSha256) {
    StringBuilder sb =
        new StringBuilder("rollaudit-input-digest/1\nlayout=" + layout.label() + "\n");
    for (String s : new TreeSet<>(fileSha256)) {
      sb.append(s).append('\n');
    }
    try {
      return Hex.of(
          MessageDigest.getInstance("SHA-256")
              .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String rate(long rejected, long total) {
    if (total == 0) {
      return "0";
    }
    return BigDecimal.valueOf(rejected)
        .divide(BigDecimal.valueOf(total), 9, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  /**
   * Builds the receipt.
   *
   * @param ledger reconciled entries (empty when refused before parsing)
   * @param refusal null when stored, else why it was refused
   * @param snapshotWarnings snapshot-level warnings (e.g. missing counties), by code
   */
  static byte[] build(
      String status,
      LocalDate asOf,
      String inputDigest,
      Layout layout,
      Provenance prov,
      double maxRejectRate,
      List<CheckedFile> files,
      List<Ledger.Entry> ledger,
      Map<Integer, SortedMap<String, Long>> warningsByFile,
      SortedMap<String, String> snapshotWarnings,
      String refusal,
      Boolean rehashUnchanged,
      SortedMap<String, ReceiptChecks.County> counties,
      ReceiptChecks.Previous previous) {
    ObjectNode r = JSON.createObjectNode();
    r.put("schema", SCHEMA);
    r.put("status", status);
    r.put("as_of", asOf.toString());
    r.put("input_digest", inputDigest);
    r.put("software", Version.software());
    r.put("validator", IngestSchemas.VALIDATOR);
    ObjectNode l = r.putObject("layout");
    l.put("id", layout.id());
    l.put("version", layout.version());
    l.put("file", layout.sourceName());
    ObjectNode p = r.putObject("provenance");
    p.put("source", prov.source());
    p.put("obtained", prov.obtained() == null ? null : prov.obtained().toString());
    p.put("submitter", prov.submitter());
    r.put("max_reject_rate", BigDecimal.valueOf(maxRejectRate).toPlainString());
    long records = 0;
    long header = 0;
    long blank = 0;
    long accepted = 0;
    long rejected = 0;
    TreeMap<String, Long> byReason = new TreeMap<>();
    for (Ledger.Entry e : ledger) {
      records += e.records();
      header += e.header();
      blank += e.blank();
      accepted += e.accepted();
      rejected += e.rejected();
      e.rejectsByReason().forEach((k, v) -> byReason.merge(k, v, Long::sum));
    }
    ObjectNode t = r.putObject("totals");
    t.put("files", files.size());
    t.put("records", records);
    t.put("header", header);
    t.put("blank", blank);
    t.put("accepted", accepted);
    t.put("rejected", rejected);
    t.put("reject_rate", rate(rejected, accepted + rejected));
    ObjectNode tr = t.putObject("rejects_by_reason");
    byReason.forEach(tr::put);
    ArrayNode inputs = r.putArray("inputs");
    for (int i = 0; i < files.size(); i++) {
      input(
          inputs.addObject(),
          i,
          files.get(i),
          i < ledger.size() ? ledger.get(i) : null,
          warningsByFile.getOrDefault(i, new TreeMap<>()));
    }
    ObjectNode sw = r.putObject("warnings");
    snapshotWarnings.forEach(sw::put);
    ObjectNode cn = r.putObject("counties");
    counties.forEach((id, c) -> cn.putObject(id).put("desc", c.desc()).put("records", c.records()));
    if (previous == null) {
      r.putNull("previous");
    } else {
      r.putObject("previous")
          .put("as_of", previous.asOf())
          .put("input_digest", previous.inputDigest());
    }
    if (rehashUnchanged == null) {
      r.putNull("inputs_unchanged_at_end");
    } else {
      r.put("inputs_unchanged_at_end", rehashUnchanged);
    }
    if (refusal == null) {
      r.putNull("refusal");
      r.putNull("what_to_fix");
    } else {
      r.put("refusal", refusal);
      r.put("what_to_fix", whatToFix(refusal, byReason));
    }
    try {
      DefaultPrettyPrinter pp =
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n"));
      String s = JSON.writer(pp).writeValueAsString(r) + "\n";
      return s.getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Plain advice for a refused submission, from why it was refused and the commonest reasons. */
  static String whatToFix(String refusal, SortedMap<String, Long> byReason) {
    StringBuilder sb = new StringBuilder();
    String top =
        byReason.entrySet().stream()
            .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    if (top == null) {
      sb.append(
          "Check that each file is the publisher's file as downloaded (complete, not opened and"
              + " re-saved in a spreadsheet), that --layout names its format (see 'rollaudit"
              + " layouts') and that --as-of is its extract date, then ingest again.");
    } else {
      sb.append("Most rejected records: ")
          .append(top)
          .append(" (")
          .append(advice(top))
          .append("). ");
      sb.append(
          "Ask the publisher for a clean copy, or check that --layout and --as-of are right; if"
              + " the rejects are expected, raise --max-reject-rate (their count stays on the"
              + " receipt).");
    }
    return sb.toString();
  }

  private static String advice(String reason) {
    return switch (reason) {
      case "ENCODING", "CONTROL_CHAR" ->
          "bytes that are not text in the layout's encoding: the file may be damaged or re-encoded";
      case "UNBALANCED_QUOTE", "FIELD_COUNT", "RECORD_TOO_LONG", "FIELD_TOO_LONG" ->
          "records that do not split into the layout's columns: the file may be truncated, or"
              + " another format";
      case "REPEATED_HEADER" -> "header lines inside the data: files were concatenated";
      case "EMPTY_KEY", "WHITESPACE_ONLY_KEY", "DUPLICATE_KEY" ->
          "voter ids empty or repeated: files may overlap or be concatenated";
      case "AS_OF_MISMATCH" -> "records dated otherwise than --as-of: check the date given";
      default -> "values the layout does not accept: check --layout and the vintage";
    };
  }

  private static void input(
      ObjectNode o, int i, CheckedFile f, Ledger.Entry e, SortedMap<String, Long> parseWarnings) {
    o.put("index", i);
    o.put("name", f.name());
    o.put("entry", f.entry());
    o.put("bytes", f.bytes());
    o.put("sha256", f.sha256());
    o.put("entry_sha256", f.entrySha256());
    o.put("compression", f.compression());
    o.put("encoding", f.encoding());
    o.put("bom", f.bom());
    o.put("text_bytes", f.textBytes());
    o.put("vintage", f.binding().vintage());
    o.put("header_match", f.binding().matchKind());
    o.put("width", f.binding().width());
    ArrayNode ex = o.putArray("extra_columns");
    f.binding().extras().forEach(ex::add);
    o.put("records", f.records());
    o.put("header", f.header());
    o.put("blank", f.blank());
    if (e == null) {
      o.putNull("accepted");
      o.putNull("rejected");
      o.put("rejected_at_least", f.flagged());
      ObjectNode rb = o.putObject("rejects_by_reason_at_least");
      f.flaggedByReason().forEach(rb::put);
    } else {
      o.put("accepted", e.accepted());
      o.put("rejected", e.rejected());
      ObjectNode rb = o.putObject("rejects_by_reason");
      e.rejectsByReason().forEach(rb::put);
    }
    ArrayNode w = o.putArray("warnings");
    for (CheckedFile.Warning x : f.warnings().values()) {
      ObjectNode wn = w.addObject();
      wn.put("code", x.code());
      wn.put("count", x.count());
      wn.put("first_line", x.firstLine());
      wn.put("detail", x.detail());
    }
    parseWarnings.forEach(
        (k, v) -> {
          ObjectNode wn = w.addObject();
          int sp = k.indexOf(' ');
          wn.put("code", sp < 0 ? k : k.substring(0, sp));
          wn.put("count", v);
          wn.put("first_line", 0);
          wn.put("detail", sp < 0 ? "" : k.substring(sp + 1));
        });
  }
}
