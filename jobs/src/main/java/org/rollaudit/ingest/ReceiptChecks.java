package org.rollaudit.ingest;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.unsafe.types.UTF8String;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;

/**
 * The receipt's comparisons with the previous snapshot of the store: counties that were there and
 * are missing now, and counties whose accepted records changed by more than the share set in {@code
 * rules/ingest/receipt.yaml}. Warnings only: nothing is refused for them.
 */
final class ReceiptChecks {
  static final String FILE = "ingest/receipt.yaml";
  static final String SCHEMA = "rollaudit/receipt-checks/v1";

  /** One county's accepted records and its name (the most frequent description, ties by order). */
  record County(String desc, long records) {}

  /** The previous snapshot of the store: its date, input digest and per-county records. */
  record Previous(String asOf, String inputDigest, SortedMap<String, County> counties) {}

  /**
   * @param sizeChange the share (0.10 = 10%) beyond which a county's size change is flagged
   * @param minRecords counties smaller than this in the previous snapshot are not checked
   * @param source where the settings were read, for the receipt
   */
  record Settings(double sizeChange, long minRecords, String source) {}

  private ReceiptChecks() {}

  /** Reads {@code rulesDir/ingest/receipt.yaml}; errors name the file and say what to fix. */
  static Settings settings(Path rulesDir) {
    Path f = rulesDir.resolve(FILE);
    String shown = "rules/" + FILE;
    JsonNode doc;
    try {
      doc =
          new ObjectMapper(new YAMLFactory()).readTree(Files.readString(f, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw RollAuditException.usage(
          "Cannot read "
              + shown
              + " ("
              + e.getMessage()
              + "). Restore it from git: it holds the receipt's size-change threshold.");
    }
    if (doc == null || !SCHEMA.equals(doc.path("schema").asText())) {
      throw RollAuditException.usage(
          shown + ":1: schema: expected '" + SCHEMA + "'. Restore the file from git.");
    }
    JsonNode share = doc.path("county_size_change");
    JsonNode min = doc.path("county_size_min_records");
    if (!share.isNumber() || share.asDouble() <= 0 || share.asDouble() >= 1) {
      throw RollAuditException.usage(
          shown + ": county_size_change: expected a share between 0 and 1, e.g. 0.10.");
    }
    if (!min.canConvertToLong() || min.asLong() < 0) {
      throw RollAuditException.usage(
          shown + ": county_size_min_records: expected a whole number of records, e.g. 500.");
    }
    return new Settings(share.asDouble(), min.asLong(), shown);
  }

  /**
   * Records per county of a snapshot's canonical data: county_id to its most frequent county_desc
   * (ties: the first in text order) and its count. One small aggregation.
   */
  static SortedMap<String, County> countiesOf(Dataset<Row> data) {
    return countiesOf(data.groupBy(col("county_id"), col("county_desc")).count().collectAsList());
  }

  /**
   * The same from (county_id, county_desc, records) rows in any order, a pair possibly in several
   * rows (one per input file): the pairs are summed, then taken by id then desc in Spark's order of
   * strings (nulls first, then UTF-8 bytes), which decides the ties.
   */
  static SortedMap<String, County> countiesOf(List<Row> rows) {
    Map<List<String>, Long> merged = new HashMap<>();
    for (Row r : rows) {
      merged.merge(Arrays.asList(r.getString(0), r.getString(1)), r.getLong(2), Long::sum);
    }
    List<Map.Entry<List<String>, Long>> pairs = new ArrayList<>(merged.entrySet());
    pairs.sort(
        Comparator.comparing((Map.Entry<List<String>, Long> e) -> e.getKey().get(0), SPARK_ORDER)
            .thenComparing(e -> e.getKey().get(1), SPARK_ORDER));
    SortedMap<String, County> out = new TreeMap<>(ReceiptChecks::natural);
    Map<String, Long> best = new HashMap<>();
    for (Map.Entry<List<String>, Long> e : pairs) {
      String id = e.getKey().get(0) == null ? "" : e.getKey().get(0);
      String desc = e.getKey().get(1) == null ? "" : e.getKey().get(1);
      long n = e.getValue();
      County c = out.get(id);
      boolean better = n > best.getOrDefault(id, -1L);
      if (better) {
        best.put(id, n);
      }
      long total = (c == null ? 0 : c.records()) + n;
      out.put(id, new County(better || c == null ? desc : c.desc(), total));
    }
    return out;
  }

  /** Spark's ascending order of a string column: nulls first, then by UTF-8 bytes. */
  private static final Comparator<String> SPARK_ORDER =
      Comparator.nullsFirst(Comparator.comparing(UTF8String::fromString));

  /** The store's latest snapshot before {@code asOf}, with its counties; null when none. */
  static Previous previous(SnapshotStore store, LocalDate asOf) {
    StoredSnapshot last = null;
    for (StoredSnapshot s : store.list()) {
      if (s.asOf().isBefore(asOf)) {
        last = s;
      }
    }
    if (last == null) {
      return null;
    }
    SortedMap<String, County> c = counties(last.receipt());
    if (c == null) {
      c = countiesOf(last.data()); // a v1 receipt: count from the stored data
    }
    return new Previous(last.asOf().toString(), last.inputDigest(), c);
  }

  /** Per-county records of a stored receipt (schema v2), or null when it has none (v1). */
  static SortedMap<String, County> counties(JsonNode receipt) {
    JsonNode c = receipt.get("counties");
    if (c == null || !c.isObject()) {
      return null;
    }
    SortedMap<String, County> out = new TreeMap<>(ReceiptChecks::natural);
    for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(
          e.getKey(),
          new County(e.getValue().path("desc").asText(""), e.getValue().path("records").asLong()));
    }
    return out;
  }

  /** The warnings against the previous snapshot, by code, in code order. */
  static SortedMap<String, String> compare(
      SortedMap<String, County> now, Previous previous, Settings s) {
    SortedMap<String, String> w = new TreeMap<>();
    if (previous == null || previous.counties() == null) {
      return w;
    }
    List<String> missing = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, County> e : previous.counties().entrySet()) {
      County before = e.getValue();
      County after = now.get(e.getKey());
      if (after == null) {
        missing.add(label(e.getKey(), before));
        continue;
      }
      if (before.records() < s.minRecords() || before.records() == 0) {
        continue;
      }
      double share = (double) (after.records() - before.records()) / before.records();
      if (Math.abs(share) > s.sizeChange()) {
        changed.add(
            String.format(
                Locale.ROOT,
                "%s %d -> %d (%s%s%%)",
                label(e.getKey(), after),
                before.records(),
                after.records(),
                share > 0 ? "+" : "",
                BigDecimal.valueOf(share * 100)
                    .setScale(1, RoundingMode.HALF_EVEN)
                    .toPlainString()));
      }
    }
    if (!missing.isEmpty()) {
      w.put(
          "MISSING_COUNTIES_VS_PREVIOUS",
          String.format(
              Locale.ROOT,
              "%d county(ies) of the previous snapshot (%s) have no record now: %s. Check that"
                  + " every county's file was included.",
              missing.size(),
              previous.asOf(),
              String.join(", ", missing)));
    }
    if (!changed.isEmpty()) {
      w.put(
          "COUNTY_SIZE_CHANGE",
          String.format(
              Locale.ROOT,
              "%d county(ies) changed by more than %s%% since %s (%s): %s. Check that no county"
                  + " file is truncated, missing or doubled.",
              changed.size(),
              BigDecimal.valueOf(s.sizeChange() * 100).stripTrailingZeros().toPlainString(),
              previous.asOf(),
              s.source(),
              String.join("; ", changed)));
    }
    return w;
  }

  private static String label(String id, County c) {
    return c.desc().isEmpty() ? id : c.desc() + " (" + id + ")";
  }

  /** County ids by value when both are numbers ("2" before "10"), else as text. */
  static int natural(String a, String b) {
    boolean da = a.matches("\\d{1,9}");
    boolean db = b.matches("\\d{1,9}");
    if (da && db) {
      int c = Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
      return c != 0 ? c : a.compareTo(b);
    }
    if (da != db) {
      return da ? -1 : 1;
    }
    return a.compareTo(b);
  }
}
