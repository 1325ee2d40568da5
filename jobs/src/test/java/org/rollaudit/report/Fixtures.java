package org.rollaudit.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.EvidenceQuery;
import org.rollaudit.audit.EvidenceTable;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.InputFile;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.audit.Severity;
import org.rollaudit.audit.SnapshotInfo;

/**
 * Hand-built audit results for the report and verify tests: five counties (two with hostile names),
 * demographic, precinct, reason and field-change cells with some small counts, and findings whose
 * evidence carries every formula trigger and XSS payloads.
 */
public final class Fixtures {

  public static final String XSS = "<script>alert(1)</script>";
  public static final String ATTR = "\" onload=\"x";
  public static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"x\")";

  /** Cells that must come out of the CSV writer guarded. */
  public static final List<String> TRIGGERS =
      List.of(
          "=1+1",
          "+1",
          "-5",
          "@SUM(A1)",
          "\tx",
          "\rx",
          "\0x",
          "\uFF1D1",
          "\uFF0B1",
          "\uFF0D1",
          "\uFF20x",
          "  =x",
          " \t+x",
          "'quoted",
          FORMULA);

  static final LocalDate BASE = LocalDate.of(2024, 1, 6);
  static final LocalDate CURR = LocalDate.of(2024, 2, 3);

  private Fixtures() {}

  public static AuditResult sample(String disclosure) {
    return sample(disclosure, 4, 40);
  }

  /**
   * @param findings number of findings (at least 4: one per chart type)
   * @param rows evidence rows per finding (at least 11)
   */
  public static AuditResult sample(String disclosure, int findings, int rows) {
    SortedMap<String, String> names = new TreeMap<>();
    names.put("1", "ALAMANCE");
    names.put("2", XSS);
    names.put("3", FORMULA);
    names.put("10", ATTR);
    names.put("41", "GUILFORD");
    List<Metrics.DemographicCell> demo = new ArrayList<>();
    int seed = 7;
    // County 41's removals are exactly the B voters of its findings (mass-deletion and
    // removal-skew, affected = rows), so that tables/ agree with findings.json as verify checks.
    int guilfordB = 0;
    for (String county : names.keySet()) {
      for (String race : List.of("W", "B", "A")) {
        for (String gender : List.of("F", "M")) {
          for (String age : List.of("18-24", "25-44")) {
            seed = seed * 31 % 997;
            long atRisk = race.equals("A") ? 3 + seed % 9 : 200 + seed;
            long removed = Math.min(atRisk, 1 + seed % 13);
            if (race.equals("A")) {
              removed = Math.min(removed, 2);
            }
            if (county.equals("41")) {
              removed = race.equals("B") ? rows / 4 + (guilfordB++ < rows % 4 ? 1 : 0) : 0;
            }
            demo.add(
                new Metrics.DemographicCell(
                    county,
                    race,
                    "NL",
                    gender,
                    age,
                    seed % 2 == 0 ? "DEM" : "REP",
                    counts(atRisk, removed)));
          }
        }
      }
    }
    List<Metrics.PrecinctCell> precincts = new ArrayList<>();
    for (String p : List.of("G1", "G2", "G3", "G4", XSS)) {
      precincts.add(
          new Metrics.PrecinctCell(
              "41", p, counts(p.equals("G1") ? 900 : 400, p.equals("G4") ? 4 : 60)));
    }
    List<Metrics.ReasonCell> reasons = new ArrayList<>();
    reasons.add(new Metrics.ReasonCell("41", "G1", "RL", LocalDate.of(2024, 1, 20), 400));
    reasons.add(new Metrics.ReasonCell("41", "G1", "RD", LocalDate.of(2024, 1, 13), 35));
    reasons.add(new Metrics.ReasonCell("41", "G2", "RQ", LocalDate.of(2024, 1, 27), 4));
    reasons.add(new Metrics.ReasonCell("2", "P1", "ABSENT", null, 60));
    reasons.add(
        new Metrics.ReasonCell(
            "2", "P1", "<img src=x onerror=alert(1)>", LocalDate.of(2024, 1, 20), 25));
    List<Metrics.FieldChangeCell> changes =
        List.of(
            new Metrics.FieldChangeCell("41", "G1", "birth_year", "+1", 300),
            new Metrics.FieldChangeCell("41", "G1", "birth_year", "-1", 5),
            new Metrics.FieldChangeCell("41", "G1", "birth_year", "+10", 40));
    Counts total = Counts.ZERO;
    for (Metrics.DemographicCell c : demo) {
      total = total.plus(c.counts());
    }
    SnapshotInfo b = new SnapshotInfo(BASE, 10_000, "nc-ncvoter", "2022");
    SnapshotInfo c = new SnapshotInfo(CURR, 10_100, "nc-ncvoter", "2022");
    Metrics metrics = new Metrics(b, c, names, demo, precincts, reasons, changes, total, List.of());

    // Contract order: severity, then rule (the fixture's units tie within a rule).
    List<Integer> kinds = new ArrayList<>();
    for (int i = 0; i < findings; i++) {
      kinds.add(i);
    }
    kinds.sort(
        java.util.Comparator.comparing((Integer i) -> finding(i, rows).severity())
            .thenComparing(i -> finding(i, rows).rule()));
    List<NumberedFinding> numbered = new ArrayList<>();
    for (int k = 0; k < findings; k++) {
      int i = kinds.get(k);
      numbered.add(
          new NumberedFinding(
              String.format(java.util.Locale.ROOT, "F-%04d", k + 1),
              finding(i, rows),
              evidence(i, rows, disclosure.equals("restricted"))));
    }
    LinkedHashMap<String, Long> counts = new LinkedHashMap<>();
    counts.put("removed", total.removed());
    counts.put("added", 150L);
    counts.put("reactivated", 3L);
    counts.put("changed", 420L);
    counts.put("unchanged", 9000L);
    counts.put("aged_out", 12L);
    return new AuditResult(
        sha("fixture-" + disclosure + findings + "-" + rows),
        "rollaudit 0.1.0",
        disclosure,
        b,
        c,
        counts,
        numbered,
        inputs(),
        method(disclosure),
        metrics,
        List.of(
            "rollaudit audit --baseline 2024-01-06 --current 2024-02-03 --store store --out out/"
                + XSS));
  }

  private static Finding finding(int i, int rows) {
    Map<String, Double> stat = new LinkedHashMap<>();
    switch (i % 4) {
      case 0 -> {
        stat.put("observed_rate", 0.15);
        stat.put("expected_rate", 0.04);
        stat.put("rate_ratio", 3.7000000000000002);
        stat.put("p_value", 1e-30);
        stat.put("q_value", 1.234567e-28);
        return make(
            "mass-deletion",
            "mass-deletion-county",
            Severity.HIGH,
            Map.of("county_id", "41"),
            Map.of(),
            rows,
            stat,
            "Guilford removed 15% of its voters, against 4% in the rest of the state. " + XSS,
            null,
            null);
      }
      case 1 -> {
        stat.put("observed_rate", 0.25);
        stat.put("expected_rate", 0.1);
        stat.put("rate_ratio", 2.5);
        stat.put("p_value", 0.0002);
        stat.put("q_value", 0.003);
        stat.put("not_a_number", Double.NaN);
        return make(
            "removal-skew",
            "skew-race",
            Severity.HIGH,
            Map.of("county_id", "41"),
            Map.of("race", "B"),
            rows,
            stat,
            "Black voters in Guilford were removed at 2.5 times the rate of other voters there. "
                + ATTR,
            null,
            null);
      }
      case 2 -> {
        stat.put("batch_size", 85.0);
        stat.put("q_value", 0.008);
        return make(
            "same-day-batch",
            "batch",
            Severity.MEDIUM,
            Map.of("county_id", "2"),
            Map.of(),
            rows + i,
            stat,
            "85 removals in county " + XSS + " share the status date 2024-01-20.",
            "status_date",
            "2024-01-20");
      }
      default -> {
        stat.put("share_changed", 0.33);
        stat.put("q_value", Double.POSITIVE_INFINITY);
        return make(
            "bulk-field-change",
            "birth-year",
            Severity.LOW,
            Map.of("county_id", "41", "precinct", "G1"),
            Map.of(),
            rows + i,
            stat,
            "300 voters in precinct G1 had their birth year moved by one. " + FORMULA,
            "birth_year",
            "+1");
      }
    }
  }

  private static Finding make(
      String rule,
      String name,
      Severity sev,
      Map<String, String> unit,
      Map<String, String> group,
      long affected,
      Map<String, Double> stat,
      String text,
      String key,
      String value) {
    SortedMap<String, String> eq = new TreeMap<>(unit);
    if (key != null && key.contains("date")) {
      eq.put(key, value);
    }
    EvidenceQuery q =
        new EvidenceQuery(
            List.of(ChangeClass.REMOVED),
            eq,
            key != null && !key.contains("date") ? key : null,
            key != null && !key.contains("date") ? value : null);
    return new Finding(
        rule,
        name,
        sev,
        new TreeMap<>(unit),
        new TreeMap<>(group),
        affected,
        new LinkedHashMap<>(stat),
        text,
        q,
        "rest of the state");
  }

  /**
   * Evidence rows with every formula trigger, XSS payloads and a confidential row, sorted after
   * redaction.
   */
  static EvidenceTable evidence(int i, int rows, boolean restricted) {
    int n = i % 4 >= 2 ? rows + i : rows;
    List<String> header =
        new ArrayList<>(
            List.of(
                "voter_id", "county_id", "status_after", "reason_after", "status_date", "note"));
    if (restricted) {
      header.add("last_name");
    }
    List<List<String>> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      String id =
          k == 3
              ? "CONFIDENTIAL"
              : String.format(java.util.Locale.ROOT, "BN%06d", 1000 + k * 7 + i);
      String note = TRIGGERS.get(k % TRIGGERS.size());
      List<String> row =
          new ArrayList<>(List.of(id, "41", "R", k % 5 == 0 ? XSS : "RL", "2024-01-20", note));
      if (restricted) {
        row.add(k == 3 ? "" : "O'Brien " + ATTR);
      }
      out.add(row);
    }
    out.sort(
        (x, y) ->
            Arrays.compareUnsigned(
                x.get(0).getBytes(StandardCharsets.UTF_8),
                y.get(0).getBytes(StandardCharsets.UTF_8)));
    return new EvidenceTable(header, out);
  }

  static List<InputFile> inputs() {
    SortedMap<String, Long> reasons = new TreeMap<>(Map.of("BAD_DATE", 2L, "FIELD_COUNT", 1L));
    SortedMap<String, String> prov =
        new TreeMap<>(Map.of("source", "NCSBE " + XSS, "submitter", "Jane Doe"));
    List<InputFile.RejectRow> rejects =
        List.of(
            new InputFile.RejectRow(
                12, 3456, 5, "BAD_DATE", "02/30/2020 is not a date", "=cmd|' /C calc'!A0"),
            new InputFile.RejectRow(40, 9000, 2, "BAD_DATE", "bad", XSS),
            new InputFile.RejectRow(
                77, 12000, 0, "FIELD_COUNT", "3 fields, 67 expected", "a\tb\tc"));
    return List.of(
        new InputFile(
            "baseline",
            "ncvoter_2024-01-06.zip",
            123456,
            sha("baseline"),
            "ncvoter_Statewide.txt",
            "nc-ncvoter",
            "2022",
            10004,
            1,
            0,
            10000,
            3,
            reasons,
            prov,
            rejects),
        new InputFile(
            "current",
            "\"><script>alert(1)</script>.txt",
            124000,
            sha("current"),
            null,
            "nc-ncvoter",
            "2022",
            10101,
            1,
            0,
            10100,
            0,
            new TreeMap<>(),
            new TreeMap<>(),
            List.of()));
  }

  static LinkedHashMap<String, Object> method(String disclosure) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("schema", "rollaudit/method/v1");
    m.put("software", "rollaudit 0.1.0");
    m.put("spark_version", "3.5.9");
    m.put("disclosure", disclosure);
    m.put("jurisdiction", "North Carolina");
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("name", "mass-deletion-county");
    rule.put("type", "mass-deletion");
    rule.put("q_max", 0.01);
    rule.put("rate_ratio_min", 2.0);
    rule.put("min_affected", 11);
    rule.put("note", XSS);
    Map<String, Object> skew = new LinkedHashMap<>();
    skew.put("name", "skew-race");
    skew.put("type", "removal-skew");
    skew.put("rate_ratio_min", 1.5);
    skew.put("dimensions", List.of("race", "ethnicity"));
    m.put("rules", List.of(rule, skew));
    m.put("tests_run", Map.of("mass-deletion", 100, "removal-skew", 300));
    return m;
  }

  static Counts counts(long atRisk, long removed) {
    long present = removed / 2;
    return new Counts(
        atRisk + 5,
        atRisk + 5 - removed,
        atRisk,
        removed,
        present,
        removed - present,
        3,
        0,
        10,
        atRisk - removed - 10 > 0 ? atRisk - removed - 10 : 0,
        1,
        0);
  }

  static String sha(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
