package org.rollaudit.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end checks of the generator on one shared 20,000-voter demo series. */
class SyntheticRollTest {
  private static final int VOTERS = 20_000;
  private static final long SEED = 77;

  @TempDir static Path tmp;
  static GenerationResult demo;
  static NcvoterFile base;
  static NcvoterFile cur;
  static JsonNode plantsJson;

  @BeforeAll
  static void generate() throws IOException {
    demo = SyntheticRoll.builder().voters(VOTERS).seed(SEED).build().generate(tmp.resolve("plain"));
    base = NcvoterFile.read(demo.snapshots().get(0).path());
    cur = NcvoterFile.read(demo.snapshots().get(1).path());
    plantsJson = new ObjectMapper().readTree(demo.plantsJson().toFile());
  }

  @Test
  void writesNamedFilesWithHeaderOfTheVintage() {
    assertEquals("ncvoter_20240106.txt", demo.snapshots().get(0).path().getFileName().toString());
    assertEquals("ncvoter_20240203.txt", demo.snapshots().get(1).path().getFileName().toString());
    assertTrue(Files.exists(tmp.resolve("plain/plants.json")));
    assertTrue(Files.exists(tmp.resolve("plain/generator.json")));
    assertEquals(NcVintage.V2022.columns(), base.header);
    assertEquals(VOTERS, base.rows.size());
    assertEquals(demo.snapshots().get(1).rows(), cur.rows.size());
  }

  @Test
  void usesLatin1BytesLikeTheRealFiles() {
    boolean high = false;
    for (byte b : base.text) {
      if ((b & 0x80) != 0) {
        high = true;
        break;
      }
    }
    assertTrue(high, "some Latin-1 names (Ñ, Í, É ...) are expected");
    // ISO-8859-1, not UTF-8: Ñ is the single byte 0xD1, which is not valid UTF-8 on its own.
    assertThrows(
        java.nio.charset.CharacterCodingException.class,
        () ->
            java.nio.charset.StandardCharsets.UTF_8
                .newDecoder()
                .decode(java.nio.ByteBuffer.wrap(base.text)));
  }

  @Test
  void statusRaceAndOtherMixesAreRealistic() {
    Map<String, Double> status = shares(base, "status_cd");
    assertEquals(0.80, status.get("A"), 0.015);
    assertEquals(0.09, status.get("I"), 0.01);
    assertEquals(0.08, status.get("R"), 0.01);
    assertEquals(0.015, status.get("D"), 0.005);
    assertEquals(0.005, status.get("S"), 0.003);
    Map<String, Double> race = shares(base, "race_code");
    assertEquals(0.66, race.get("W"), 0.04);
    assertEquals(0.21, race.get("B"), 0.04);
    assertEquals(0.07, race.get("U"), 0.01);
    assertTrue(race.keySet().containsAll(List.of("A", "I", "M", "O", "P")));
    assertEquals(Set.of("NL", "HL", "UN"), shares(base, "ethnic_code").keySet());
    assertEquals(Set.of("F", "M", "U"), shares(base, "gender_code").keySet());
    assertEquals(Set.of("DEM", "REP", "UNA", "LIB", "GRE"), shares(base, "party_cd").keySet());
    long confidential =
        base.rows.stream().filter(r -> r[base.col("confidential_ind")].equals("Y")).count();
    assertTrue(confidential >= 5 && confidential < 60, "confidential " + confidential);
    // Removed reasons follow the Chatham 2018 mix: deaths first.
    Map<String, Integer> reasons = new HashMap<>();
    for (String[] r : base.rows) {
      if (r[base.col("status_cd")].equals("R")) {
        reasons.merge(r[base.col("reason_cd")], 1, Integer::sum);
      }
    }
    int removed = reasons.values().stream().mapToInt(Integer::intValue).sum();
    assertEquals(0.58, reasons.get("RD") / (double) removed, 0.05);
  }

  @Test
  void recordsAreWellFormed() {
    Pattern ncid = Pattern.compile("[A-Z]{2}[0-9]{6}");
    Pattern regNum = Pattern.compile("[0-9]{12}");
    Pattern date = Pattern.compile("(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/(19|20)[0-9]{2}");
    Set<String> regNums = new HashSet<>();
    for (NcvoterFile f : List.of(base, cur)) {
      f.byNcid(); // fails on a duplicate ncid
      int year = 2024; // both as-of dates are in 2024
      for (String[] r : f.rows) {
        assertTrue(ncid.matcher(r[f.col("ncid")]).matches(), r[f.col("ncid")]);
        assertTrue(regNum.matcher(r[f.col("voter_reg_num")]).matches());
        String dt = r[f.col("registr_dt")];
        assertTrue(date.matcher(dt).matches(), dt);
        int birth = Integer.parseInt(r[f.col("birth_year")]);
        int regYear = Integer.parseInt(dt.substring(6));
        assertTrue(regYear >= 1960 && regYear <= year, dt);
        assertTrue(regYear - birth >= 18, "registered before 18: " + String.join("|", r));
        assertEquals(year - birth, Integer.parseInt(r[f.col("age_at_year_end")]));
        assertTrue(birth >= 1925 && birth <= year - 18);
        String status = r[f.col("status_cd")];
        assertEquals(NcCodes.statusDesc(status), r[f.col("voter_status_desc")]);
        assertEquals(
            NcCodes.reasonDesc(r[f.col("reason_cd")]), r[f.col("voter_status_reason_desc")]);
        int county = Integer.parseInt(r[f.col("county_id")]);
        assertEquals(NcCounties.name(county), r[f.col("county_desc")]);
        assertFalse(r[f.col("precinct_abbrv")].isEmpty());
        assertTrue(Set.of("Y", "N").contains(r[f.col("drivers_lic")]));
      }
    }
    // voter_reg_num is unique within a county
    for (String[] r : cur.rows) {
      assertTrue(regNums.add(r[cur.col("county_id")] + "/" + r[cur.col("voter_reg_num")]));
    }
  }

  @Test
  void countySizesAreHeavyTailed() {
    Map<String, Double> counties = shares(base, "county_id");
    assertEquals(100, counties.size());
    List<Double> sorted = new ArrayList<>(counties.values());
    Collections.sort(sorted);
    double median = (sorted.get(49) + sorted.get(50)) / 2;
    assertTrue(sorted.get(99) > 12 * median, "largest county " + sorted.get(99) / median);
    assertTrue(sorted.get(0) < 0.2 * median, "smallest county " + sorted.get(0) / median);
  }

  @Test
  void someRemovedRecordsAgeOutEveryInterval() {
    Map<String, String[]> now = cur.byNcid();
    int agedOut = 0;
    for (String[] r : base.rows) {
      if (r[base.col("status_cd")].equals("R") && !now.containsKey(r[base.col("ncid")])) {
        agedOut++;
        int regYear = Integer.parseInt(r[base.col("registr_dt")].substring(6));
        assertTrue(regYear <= 2014, "only records older than ten years age out");
      }
    }
    assertTrue(agedOut >= 3, "aged out " + agedOut);
  }

  @Test
  void massDeletionCountyLosesAboutTwelvePercentMore() {
    JsonNode plant = plant("mass-deletion");
    String county = plant.get("county_id").asText();
    Set<String> plantCounties = new HashSet<>();
    plantsJson.get("plants").forEach(p -> plantCounties.add(p.get("county_id").asText()));
    Map<String, int[]> loss = lossByCounty(null);
    double planted = loss.get(county)[1] / (double) loss.get(county)[0];
    List<Double> others = new ArrayList<>();
    for (Map.Entry<String, int[]> e : loss.entrySet()) {
      // Other plants remove voters too (same-day-batch's floor of 30 can be 10% of a county).
      if (!plantCounties.contains(e.getKey()) && e.getValue()[0] >= 100) {
        others.add(e.getValue()[1] / (double) e.getValue()[0]);
      }
    }
    Collections.sort(others);
    double median = others.get(others.size() / 2);
    assertEquals(0.12, planted - median, 0.03, "planted " + planted + " median " + median);
    assertTrue(planted > others.get(others.size() - 1), "worse than every unplanted county");
  }

  @Test
  void plantsJsonNamesExactlyTheChangedRecords() {
    Map<String, String[]> before = base.byNcid();
    Map<String, String[]> after = cur.byNcid();
    assertEquals(4, plantsJson.get("plants").size());
    Set<String> counties = new HashSet<>();
    for (JsonNode p : plantsJson.get("plants")) {
      String county = p.get("county_id").asText();
      assertTrue(counties.add(county), "plant counties differ");
      assertEquals("2024-01-06", p.get("interval").get("baseline").asText());
      assertEquals("2024-02-03", p.get("interval").get("current").asText());
      List<String> ids = texts(p.get("ncids"));
      assertEquals(new ArrayList<>(new TreeSet<>(ids)), ids, "sorted and unique");
      assertEquals(p.get("affected").asInt(), ids.size());
      for (String id : ids) {
        String[] b = before.get(id);
        assertEquals(county, b[base.col("county_id")]);
        assertTrue(Set.of("A", "I").contains(b[base.col("status_cd")]));
      }
    }

    // mass-deletion: the R/RA ones are exactly the new RA removals, the rest vanished.
    JsonNode md = plant("mass-deletion");
    Set<String> absent = new TreeSet<>(texts(md.get("absent_ncids")));
    Set<String> shownRa = new TreeSet<>(texts(md.get("ncids")));
    shownRa.removeAll(absent);
    assertEquals(shownRa, changedTo(before, after, md, "R", "RA", false));
    Set<String> vanished = new TreeSet<>();
    for (Map.Entry<String, String[]> e : before.entrySet()) {
      String[] b = e.getValue();
      if (b[base.col("county_id")].equals(md.get("county_id").asText())
          && Set.of("A", "I").contains(b[base.col("status_cd")])
          && !after.containsKey(e.getKey())) {
        vanished.add(e.getKey());
      }
    }
    assertTrue(vanished.containsAll(absent));
    assertTrue(vanished.size() - absent.size() <= 2, "background silent deletions are rare");
    assertTrue(Math.abs(shownRa.size() - absent.size()) <= 1, "half and half");

    // same-day-batch: RC removals in that county are (almost always exactly) the plant.
    JsonNode sd = plant("same-day-batch");
    Set<String> rc = changedTo(before, after, sd, "R", "RC", false);
    Set<String> sdIds = new TreeSet<>(texts(sd.get("ncids")));
    assertTrue(rc.containsAll(sdIds));
    assertTrue(rc.size() - sdIds.size() <= 1);
    assertTrue(sdIds.size() >= 30);

    // removal-skew: Black voters removed R/RL, about 4x the rest of the county.
    JsonNode rs = plant("removal-skew");
    Set<String> rl = changedTo(before, after, rs, "R", "RL", true);
    Set<String> rsIds = new TreeSet<>(texts(rs.get("ncids")));
    assertTrue(rl.containsAll(rsIds));
    for (String id : rsIds) {
      assertEquals("B", before.get(id)[base.col("race_code")]);
    }
    int[] black = lossByCounty("B").get(rs.get("county_id").asText());
    int[] all = lossByCounty(null).get(rs.get("county_id").asText());
    double groupRate = black[1] / (double) black[0];
    double restRate = (all[1] - black[1]) / (double) (all[0] - black[0]);
    assertTrue(groupRate / restRate > 3, "rate ratio " + groupRate / restRate);

    // bulk-field-change: birth_year + 1, age − 1, every other field unchanged.
    JsonNode bf = plant("bulk-field-change");
    Set<String> bfIds = new TreeSet<>(texts(bf.get("ncids")));
    assertTrue(bfIds.size() >= 30 && bfIds.size() <= 300);
    Set<String> shifted = new TreeSet<>();
    int by = base.col("birth_year");
    int age = base.col("age_at_year_end");
    for (Map.Entry<String, String[]> e : before.entrySet()) {
      String[] b = e.getValue();
      String[] a = after.get(e.getKey());
      if (a != null
          && b[base.col("county_id")].equals(bf.get("county_id").asText())
          && !a[by].equals(b[by])) {
        shifted.add(e.getKey());
      }
    }
    assertTrue(shifted.containsAll(bfIds));
    assertTrue(shifted.size() - bfIds.size() <= 1);
    for (String id : bfIds) {
      String[] b = before.get(id);
      String[] a = after.get(id);
      assertEquals(Integer.parseInt(b[by]) + 1, Integer.parseInt(a[by]));
      assertEquals(Integer.parseInt(b[age]) - 1, Integer.parseInt(a[age]));
      for (int k = 0; k < b.length; k++) {
        if (k != by && k != age) {
          assertEquals(b[k], a[k], "only birth_year changes: " + base.header.get(k));
        }
      }
    }
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
    GeneratorSettings s =
        new GeneratorSettings(
            3_000,
            5,
            3,
            LocalDate.of(2024, 1, 6),
            28,
            NcVintage.V2022,
            Compression.GZ,
            Plant.parseList("demo"));
    GenerationResult a = SyntheticRoll.of(s).generate(tmp.resolve("det-a"));
    GenerationResult b = SyntheticRoll.of(s).generate(tmp.resolve("det-b"));
    List<String> names =
        List.of(
            "ncvoter_20240106.txt.gz",
            "ncvoter_20240203.txt.gz",
            "ncvoter_20240302.txt.gz",
            "plants.json",
            "generator.json");
    for (String n : names) {
      assertArrayEquals(
          Files.readAllBytes(tmp.resolve("det-a").resolve(n)),
          Files.readAllBytes(tmp.resolve("det-b").resolve(n)),
          n);
    }
    assertEquals(a.plants(), b.plants());
    GeneratorSettings other =
        new GeneratorSettings(
            3_000,
            6,
            3,
            LocalDate.of(2024, 1, 6),
            28,
            NcVintage.V2022,
            Compression.GZ,
            Plant.parseList("demo"));
    SyntheticRoll.of(other).generate(tmp.resolve("det-c"));
    assertFalse(
        java.util.Arrays.equals(
            NcvoterFile.textBytes(tmp.resolve("det-a/ncvoter_20240106.txt.gz")),
            NcvoterFile.textBytes(tmp.resolve("det-c/ncvoter_20240106.txt.gz"))));
    String json = Files.readString(tmp.resolve("det-a/plants.json"));
    assertFalse(json.contains("\r"), "LF line ends");
  }

  @Test
  void gzAndZipHoldTheSameTextAsPlain() throws IOException {
    for (Compression c : List.of(Compression.GZ, Compression.ZIP)) {
      GenerationResult r =
          SyntheticRoll.builder()
              .voters(VOTERS)
              .seed(SEED)
              .compression(c)
              .build()
              .generate(tmp.resolve(c.label()));
      for (int k = 0; k < 2; k++) {
        Path p = r.snapshots().get(k).path();
        assertTrue(p.getFileName().toString().endsWith(c.suffix()));
        assertArrayEquals(
            NcvoterFile.textBytes(demo.snapshots().get(k).path()),
            NcvoterFile.textBytes(p),
            p.toString());
        assertEquals(Files.size(p), r.snapshots().get(k).fileBytes());
      }
      assertEquals(demo.plants(), r.plants());
    }
  }

  @Test
  void plantsCanBeSwitchedOffWithoutChangingTheBackground() throws IOException {
    GenerationResult none =
        SyntheticRoll.builder()
            .voters(3_000)
            .seed(SEED)
            .plants("none")
            .build()
            .generate(tmp.resolve("none"));
    GenerationResult one =
        SyntheticRoll.builder()
            .voters(3_000)
            .seed(SEED)
            .plants("same-day-batch")
            .build()
            .generate(tmp.resolve("one"));
    assertTrue(none.plants().isEmpty());
    assertEquals(
        List.of(Plant.SAME_DAY_BATCH), one.plants().stream().map(PlantTruth::plant).toList());
    assertArrayEquals(
        Files.readAllBytes(none.snapshots().get(0).path()),
        Files.readAllBytes(one.snapshots().get(0).path()));
  }

  // ------------------------------------------------------------------ helpers

  private static JsonNode plant(String name) {
    for (JsonNode p : plantsJson.get("plants")) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no plant " + name);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Map<String, Double> shares(NcvoterFile f, String column) {
    Map<String, Double> m = new HashMap<>();
    int k = f.col(column);
    for (String[] r : f.rows) {
      m.merge(r[k], 1.0 / f.rows.size(), Double::sum);
    }
    return m;
  }

  /** Per county: {baseline A/I voters, of them removed or missing now}, optionally one race. */
  private static Map<String, int[]> lossByCounty(String race) {
    Map<String, String[]> after = cur.byNcid();
    Map<String, int[]> out = new HashMap<>();
    for (String[] b : base.rows) {
      if (!Set.of("A", "I").contains(b[base.col("status_cd")])
          || race != null && !race.equals(b[base.col("race_code")])) {
        continue;
      }
      int[] cell = out.computeIfAbsent(b[base.col("county_id")], k -> new int[2]);
      cell[0]++;
      String[] a = after.get(b[base.col("ncid")]);
      if (a == null || a[cur.col("status_cd")].equals("R")) {
        cell[1]++;
      }
    }
    return out;
  }

  /** Baseline A/I voters of the plant's county now with the given status and reason. */
  private static Set<String> changedTo(
      Map<String, String[]> before,
      Map<String, String[]> after,
      JsonNode plant,
      String status,
      String reason,
      boolean blackOnly) {
    Set<String> out = new TreeSet<>();
    for (Map.Entry<String, String[]> e : before.entrySet()) {
      String[] b = e.getValue();
      String[] a = after.get(e.getKey());
      if (a != null
          && b[base.col("county_id")].equals(plant.get("county_id").asText())
          && Set.of("A", "I").contains(b[base.col("status_cd")])
          && a[cur.col("status_cd")].equals(status)
          && a[cur.col("reason_cd")].equals(reason)
          && (!blackOnly || b[base.col("race_code")].equals("B"))) {
        out.add(e.getKey());
      }
    }
    return out;
  }
}
