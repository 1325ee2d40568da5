package org.rollaudit.report;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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
 * A realistic-looking synthetic result (100 NC county names, made-up counts, four findings) for
 * looking at the report and for the screenshot in docs/. No real voter data.
 */
public final class DemoFixture {

  /** NC's county names, from the generator (public geography, not voter data). */
  static final List<String> COUNTIES = org.rollaudit.generate.NcCounties.names();

  private DemoFixture() {}

  public static AuditResult result() {
    SortedMap<String, String> names = new TreeMap<>(Aggregates.NATURAL);
    List<Metrics.DemographicCell> demo = new ArrayList<>();
    long seed = 12345;
    for (int i = 0; i < COUNTIES.size(); i++) {
      String id = Integer.toString(i + 1);
      names.put(id, COUNTIES.get(i));
      seed = seed * 6364136223846793005L + 1442695040888963407L;
      double size = StrictMath.pow(10, 3.6 + 2.2 * ((seed >>> 11) % 1000) / 1000.0);
      for (String race : List.of("W", "B", "U", "A")) {
        for (String gender : List.of("F", "M")) {
          for (String age : List.of("18-24", "25-44", "45-64", "65+")) {
            double share =
                switch (race) {
                  case "W" -> 0.66;
                  case "B" -> 0.22;
                  case "U" -> 0.09;
                  default -> 0.03;
                };
            long atRisk = Math.round(size * share / 8);
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            double rate = 0.028 + 0.012 * (((seed >>> 20) % 1000) / 1000.0 - 0.5);
            if (id.equals("41")) {
              rate = race.equals("B") ? 0.16 : 0.07;
            }
            long removed = Math.round(atRisk * rate);
            demo.add(
                new Metrics.DemographicCell(
                    id,
                    race,
                    "NL",
                    gender,
                    age,
                    race.equals("W") ? "REP" : "DEM",
                    Fixtures.counts(atRisk, removed)));
          }
        }
      }
    }
    Counts total = Counts.ZERO;
    for (Metrics.DemographicCell c : demo) {
      total = total.plus(c.counts());
    }
    List<Metrics.ReasonCell> reasons =
        List.of(
            new Metrics.ReasonCell("41", "G07", "RL", LocalDate.of(2024, 1, 20), 9_412),
            new Metrics.ReasonCell("78", "P12", "RC", LocalDate.of(2024, 1, 24), 311),
            new Metrics.ReasonCell("78", "P12", "RD", LocalDate.of(2024, 1, 17), 58),
            new Metrics.ReasonCell("92", "01-07", "RS", LocalDate.of(2024, 1, 27), 2_904),
            new Metrics.ReasonCell("60", "", "RD", LocalDate.of(2024, 1, 13), 4_120),
            new Metrics.ReasonCell("60", "", "RQ", LocalDate.of(2024, 1, 13), 7),
            new Metrics.ReasonCell("34", "", "ABSENT", null, total.removed() - 16_814));
    List<Metrics.PrecinctCell> precincts = new ArrayList<>();
    for (int p = 1; p <= 30; p++) {
      precincts.add(
          new Metrics.PrecinctCell(
              "92",
              String.format(java.util.Locale.ROOT, "01-%02d", p),
              Fixtures.counts(2_000 + 97L * p, 40 + (p * 7) % 30)));
    }
    SnapshotInfo b =
        new SnapshotInfo(LocalDate.of(2024, 1, 6), total.baselineTotal(), "nc-ncvoter", "2022");
    SnapshotInfo c =
        new SnapshotInfo(
            LocalDate.of(2024, 2, 3), total.currentTotal() + 41_000, "nc-ncvoter", "2022");
    Metrics m =
        new Metrics(
            b,
            c,
            names,
            demo,
            precincts,
            reasons,
            List.of(
                new Metrics.FieldChangeCell("92", "01-07", "birth_year", "+1", 1_180),
                new Metrics.FieldChangeCell("92", "01-07", "birth_year", "-1", 4)),
            total,
            List.of());
    Counts g = new Aggregates(m).counties().get("41");
    List<NumberedFinding> findings =
        List.of(
            nf(
                1,
                "mass-deletion",
                Severity.HIGH,
                Map.of("county_id", "41"),
                Map.of(),
                g.removed(),
                stat(0.0891, 0.0281, 3.17, 1e-300, 1e-297),
                "Guilford County removed 8.9% of its active and inactive voters between the two snapshots, about three"
                    + " times the rate of the rest of the state (2.8%)."),
            nf(
                2,
                "removal-skew",
                Severity.HIGH,
                Map.of("county_id", "41"),
                Map.of("race", "B"),
                5_210,
                stat(0.16, 0.07, 2.29, 2e-150, 1e-148),
                "Black voters in Guilford County were removed at 16%, 2.3 times the rate of other voters in the county."),
            nf(
                3,
                "same-day-batch",
                Severity.MEDIUM,
                Map.of("county_id", "78"),
                Map.of(),
                311,
                Map.of("batch_size", 311.0, "q_value", 0.0004),
                "311 voters in Robeson County were removed on 2024-01-24 for a sustained challenge (RC), the county\u2019s"
                    + " largest one-day batch in the period."),
            nf(
                4,
                "bulk-field-change",
                Severity.LOW,
                Map.of("county_id", "92", "precinct", "01-07"),
                Map.of(),
                1_180,
                Map.of("share_changed", 0.52, "q_value", 0.003),
                "In Wake County precinct 01-07, 1,180 voters (52%) had their birth year moved up by exactly one year."));
    LinkedHashMap<String, Long> counts = new LinkedHashMap<>();
    counts.put("removed", total.removed());
    counts.put("added", 41_000L);
    counts.put("reactivated", 1_204L);
    counts.put("changed", 88_412L);
    counts.put("unchanged", total.unchanged());
    counts.put("aged_out", 3_907L);
    LinkedHashMap<String, Object> method = Fixtures.method("public");
    method.put("jurisdiction", "North Carolina");
    return new AuditResult(
        Fixtures.sha("demo"),
        "rollaudit 0.1.0",
        "public",
        b,
        c,
        counts,
        findings,
        List.of(
            input(
                "baseline",
                "ncvoter_Statewide_2024-01-06.zip",
                "ncvoter_Statewide.txt",
                b.voters()),
            input(
                "current",
                "ncvoter_Statewide_2024-02-03.zip",
                "ncvoter_Statewide.txt",
                c.voters())),
        method,
        m,
        List.of(
            "rollaudit audit --layout nc-ncvoter --baseline 2024-01-06 --current 2024-02-03 --store store --out out/audit"));
  }

  private static Map<String, Double> stat(double obs, double exp, double rr, double p, double q) {
    Map<String, Double> s = new LinkedHashMap<>();
    s.put("observed_rate", obs);
    s.put("expected_rate", exp);
    s.put("rate_ratio", rr);
    s.put("p_value", p);
    s.put("q_value", q);
    return s;
  }

  private static NumberedFinding nf(
      int n,
      String rule,
      Severity sev,
      Map<String, String> unit,
      Map<String, String> group,
      long affected,
      Map<String, Double> stat,
      String text) {
    List<List<String>> rows = new ArrayList<>();
    for (long k = 0; k < affected; k++) {
      rows.add(
          List.of(
              String.format(java.util.Locale.ROOT, "AB%07d", 100_000 + k * 13 + n),
              unit.get("county_id"),
              "R",
              "RL"));
    }
    rows.sort(
        (x, y) ->
            Arrays.compareUnsigned(
                x.get(0).getBytes(StandardCharsets.UTF_8),
                y.get(0).getBytes(StandardCharsets.UTF_8)));
    SortedMap<String, String> eq = new TreeMap<>(unit);
    Finding f =
        new Finding(
            rule,
            rule + "-default",
            sev,
            new TreeMap<>(unit),
            new TreeMap<>(group),
            affected,
            new LinkedHashMap<>(stat),
            text,
            new EvidenceQuery(
                List.of(ChangeClass.REMOVED),
                eq,
                rule.equals("bulk-field-change") ? "birth_year" : null,
                rule.equals("bulk-field-change") ? "+1" : null),
            unit.containsKey("precinct") ? "other precincts of the county" : "rest of the state");
    return new NumberedFinding(
        String.format(java.util.Locale.ROOT, "F-%04d", n),
        f,
        new EvidenceTable(List.of("voter_id", "county_id", "status_after", "reason_after"), rows));
  }

  private static InputFile input(String role, String name, String entry, long accepted) {
    return new InputFile(
        role,
        name,
        478_000_000L + accepted % 1000,
        Fixtures.sha(name),
        entry,
        "nc-ncvoter",
        "2022",
        accepted + 3,
        1,
        0,
        accepted,
        2,
        new TreeMap<>(Map.of("BAD_DATE", 2L)),
        new TreeMap<>(Map.of("source", "NCSBE public file")),
        List.of());
  }
}
