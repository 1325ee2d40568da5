package org.rollaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.RollAuditException;

/** Rule-file validation: every problem names file, line and key; the shipped rules are valid. */
class RuleFilesTest {

  static Path fixture(String name) {
    try {
      return Path.of(RuleFilesTest.class.getResource("/org/rollaudit/rules/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The repository's rules/ folder (tests run in jobs/). */
  static Path shippedRules() {
    return Path.of("..", "rules");
  }

  private static String only(String fixture) {
    List<RuleProblem> p = RuleSet.check(fixture(fixture));
    assertEquals(1, p.size(), () -> "expected one problem, got " + p);
    String s = p.get(0).toString();
    String dir = fixture(fixture).toString();
    assertTrue(s.startsWith(dir), s);
    return s.substring(dir.length() + 1);
  }

  @Test
  void shippedRulesAreValid() {
    assertEquals(List.of(), RuleSet.check(shippedRules()));
    RuleSet r = RuleSet.load(shippedRules());
    assertTrue(r.rules().size() >= 5);
    assertEquals(64, r.digest().length());
  }

  @Test
  void validFixtureLoads() {
    RuleSet r = RuleSet.load(fixture("valid"));
    assertEquals(List.of("batch"), r.rules().stream().map(Rule::name).toList());
    assertEquals("batches.yaml", r.rules().get(0).file());
    assertEquals(4, r.rules().get(0).line());
  }

  @Test
  void unknownKeyNamesFileLineAndKey() {
    assertEquals(
        "batches.yaml:12: rules[0].max_qq: unknown key. Remove it or correct its spelling"
            + " (rules/README.md lists every key)",
        only("unknown-key"));
  }

  @Test
  void badTypeNamesFileLineAndKey() {
    assertEquals(
        "batches.yaml:16: rules[0].min_rate_ratio: expected a number, found string \"three\". Write a"
            + " number here",
        only("bad-type"));
  }

  @Test
  void unknownRuleType() {
    String s = only("unknown-rule-type");
    assertTrue(
        s.startsWith(
            "batches.yaml:5: rules[0].type: unknown rule type 'same-day-bach'. Use one of ["),
        s);
  }

  /** A copy of the shipped legal.yaml and NC calendar, with the calendar text replaced. */
  private static Path legalRules(Path tmp, String from, String to) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("r" + Math.abs((from + to).hashCode())));
    Files.copy(shippedRules().resolve("legal.yaml"), dir.resolve("legal.yaml"));
    Path el = Files.createDirectories(dir.resolve("elections"));
    String cal = Files.readString(shippedRules().resolve("elections/nc.yaml"));
    assertTrue(cal.contains(from), from);
    Files.writeString(el.resolve("nc.yaml"), cal.replace(from, to));
    return dir;
  }

  private static int lineOf(Path f, String text) {
    return lineOf(f, text, 1);
  }

  /** The line of the n-th line containing the text. */
  private static int lineOf(Path f, String text, int nth) {
    List<String> lines;
    try {
      lines = Files.readAllLines(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text) && --nth == 0) {
        return i + 1;
      }
    }
    throw new AssertionError(text);
  }

  @Test
  void calendarProblemsNameFileLineAndKey(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Path bad = legalRules(tmp, "date: 2016-06-07", "date: 2016-06-31");
    Path f = bad.resolve("elections/nc.yaml");
    List<RuleProblem> p = RuleSet.check(bad);
    assertEquals(1, p.size(), p::toString);
    assertEquals(
        f
            + ":"
            + lineOf(f, "2016-06-31")
            + ": elections[4].date: no such day (2016-06-31)."
            + " Write the election day as YYYY-MM-DD",
        p.get(0).toString());

    // the same election twice
    Path twice = legalRules(tmp, "  - date: 2016-06-07", "  - date: 2016-03-15");
    Path g = twice.resolve("elections/nc.yaml");
    assertEquals(
        List.of(
            g
                + ":"
                + lineOf(g, "date: 2016-03-15", 2)
                + ": elections[4]: this election (primary of"
                + " 2016-03-15) is listed twice. Remove one of the entries"),
        RuleSet.check(twice).stream().map(RuleProblem::toString).toList());
  }

  @Test
  void calendarSchemaErrorsAndMissingCalendar(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Path dir = legalRules(tmp, "    kind: second-primary", "    kind: runoff");
    Path f = dir.resolve("elections/nc.yaml");
    List<RuleProblem> p = RuleSet.check(dir);
    assertTrue(
        p.stream()
            .anyMatch(
                x ->
                    x.toString()
                        .startsWith(
                            f
                                + ":"
                                + lineOf(f, "kind: runoff")
                                + ": elections[1].kind: value \"runoff\" is not allowed")),
        p::toString);
    // an invalid calendar is reported once, not again at the rules that name it
    assertTrue(p.stream().allMatch(x -> x.file().equals(f.toString())), p::toString);
    // a calendar that does not exist
    Path legal = dir.resolve("legal.yaml");
    Files.writeString(legal, Files.readString(legal).replace("calendar: nc", "calendar: sc"));
    Files.delete(f);
    assertEquals(
        legal
            + ":"
            + lineOf(legal, "calendar: sc")
            + ": rules[0].calendar: no election calendar 'sc' in elections/. Name one of [] or"
            + " add elections/sc.yaml (rules/README.md describes the format)",
        RuleSet.check(dir).get(0).toString());
  }

  @Test
  void calendarCountsInTheDigestAndMethod(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    RuleSet a = RuleSet.load(legalRules(tmp, "2028-11-07", "2028-11-07"));
    RuleSet b = RuleSet.load(legalRules(tmp, "date: 2028-11-07", "date: 2028-11-14"));
    assertNotEquals(a.digest(), b.digest());
    assertTrue(((List<?>) a.describe().get("files")).contains("elections/nc.yaml"));
    assertEquals(
        LocalDate.of(2028, 11, 14),
        b.rules()
            .get(0)
            .calendar()
            .elections()
            .get(b.rules().get(0).calendar().elections().size() - 1)
            .date());
  }

  @Test
  void missingKey() {
    assertEquals(
        "batches.yaml:4: rules[0].dispersion: missing required key. Add it: every parameter is"
            + " written out in the rule file (see rules/README.md for its meaning)",
        only("missing-key"));
  }

  @Test
  void duplicateKeyAndSyntaxErrorsCarryTheLine() {
    String dup = only("duplicate-key");
    assertTrue(
        dup.startsWith("batches.yaml:12: cannot parse YAML: Duplicate field 'min_at_risk'"), dup);
    String syn = only("syntax");
    assertTrue(syn.startsWith("batches.yaml:9: cannot parse YAML: "), syn);
  }

  @Test
  void duplicateRuleNameAcrossFiles() {
    assertEquals(
        "b.yaml:4: rules[0].name: rule name 'batch' is already used at a.yaml:4. Give every rule a"
            + " unique name",
        only("duplicate-name"));
  }

  @Test
  void severityBandLooserThanFlag() {
    assertEquals(
        "batches.yaml:22: rules[0].severity.medium.max_q: looser than max_q (0.01): a severity band"
            + " must be at least as strict. Use a value at most 0.01",
        only("loose-band"));
  }

  @Test
  void loadThrowsUsageErrorWithEveryProblem() {
    RuleFileException e =
        assertThrows(RuleFileException.class, () -> RuleSet.load(fixture("unknown-key")));
    assertEquals(RollAuditException.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("batches.yaml:12: rules[0].max_qq: unknown key."));
  }

  @Test
  void messagesAreEnglishWhateverTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("de-DE"));
      assertEquals(
          "batches.yaml:16: rules[0].min_rate_ratio: expected a number, found string \"three\". Write"
              + " a number here",
          only("bad-type"));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void emptyFolderAndMissingFolder(@org.junit.jupiter.api.io.TempDir Path tmp) {
    assertTrue(RuleSet.check(tmp).get(0).message().startsWith("no rule files"));
    assertTrue(RuleSet.check(tmp.resolve("nope")).get(0).message().startsWith("not a folder"));
  }

  @Test
  void digestIgnoresCommentsAndKeyOrderButNotValues(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    String text = Files.readString(fixture("valid").resolve("batches.yaml"));
    Path a = Files.createDirectories(tmp.resolve("a"));
    Files.writeString(a.resolve("batches.yaml"), text);
    Path b = Files.createDirectories(tmp.resolve("b"));
    Files.writeString(
        b.resolve("batches.yaml"),
        "# another comment\n"
            + text.replace("    by_date: true\n", "")
                .replace("    level: county\n", "    level: county\n    by_date: true\n"));
    Path c = Files.createDirectories(tmp.resolve("c"));
    Files.writeString(c.resolve("batches.yaml"), text.replace("max_q: 0.01", "max_q: 0.02"));
    assertEquals(RuleSet.load(a).digest(), RuleSet.load(b).digest());
    assertNotEquals(RuleSet.load(a).digest(), RuleSet.load(c).digest());
    assertEquals(RuleSet.load(a).describe(), RuleSet.load(b).describe());
  }

  @Test
  void errorRatesFileIsSkippedAsARuleFileAndReadApart(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Files.copy(fixture("valid").resolve("batches.yaml"), a.resolve("batches.yaml"));
    String digestWithout = RuleSet.load(a).digest();
    assertTrue(RuleSet.load(a).errorRates().isEmpty());
    // not a rule file: no "unknown key" or "rules missing" problem, and the rules digest (which
    // the file records) does not depend on it
    Files.writeString(
        a.resolve("error-rates.yaml"),
        "# measured\n"
            + "schema: rollaudit/error-rates/v2\n"
            + "software: rollaudit 0.1.0\n"
            + "rules_digest: "
            + digestWithout
            + "\n"
            + "rules: {batch: {digest: abc, measured: [false alarms]}}\n"
            + "summary: [No high finding.]\n"
            + "false_alarms: {high_per_audit: 0.0, audits: 20}\n");
    assertEquals(List.of(), RuleSet.check(a));
    RuleSet r = RuleSet.load(a);
    assertEquals(List.of("batch"), r.rules().stream().map(Rule::name).toList());
    assertEquals(digestWithout, r.digest());
    assertEquals(List.of("batches.yaml"), r.describe().get("files"));
    ErrorRates e = r.errorRates().orElseThrow();
    assertEquals(
        List.of("schema", "software", "rules_digest", "rules", "summary", "false_alarms"),
        List.copyOf(e.content().keySet()),
        "file order kept");
    assertEquals(64, e.digest().length());
    assertEquals(20L, ((java.util.Map<?, ?>) e.content().get("false_alarms")).get("audits"));
    // comments do not change the content digest, values do
    Path b = Files.createDirectories(tmp.resolve("b"));
    Files.copy(a.resolve("batches.yaml"), b.resolve("batches.yaml"));
    String rates = Files.readString(a.resolve("error-rates.yaml"));
    Files.writeString(b.resolve("error-rates.yaml"), rates.replace("# measured", "# other"));
    assertEquals(e.digest(), RuleSet.load(b).errorRates().orElseThrow().digest());
    Files.writeString(b.resolve("error-rates.yaml"), rates.replace("0.0", "0.05"));
    assertNotEquals(e.digest(), RuleSet.load(b).errorRates().orElseThrow().digest());
  }

  @Test
  void anErrorRatesFileOfAnotherKindIsAProblem(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Files.copy(fixture("valid").resolve("batches.yaml"), tmp.resolve("batches.yaml"));
    Files.writeString(tmp.resolve("error-rates.yaml"), "version: 1\nrules: []\n");
    List<RuleProblem> p = RuleSet.check(tmp);
    assertEquals(1, p.size(), p::toString);
    assertTrue(p.get(0).toString().contains("error-rates.yaml:1: schema: not an error-rates file"));
    Files.writeString(tmp.resolve("error-rates.yaml"), "schema: [unclosed\n");
    assertTrue(RuleSet.check(tmp).get(0).message().startsWith("cannot parse YAML"));
  }

  @Test
  void shippedErrorRatesAreReadable() {
    RuleSet r = RuleSet.load(shippedRules());
    ErrorRates e = r.errorRates().orElseThrow();
    assertEquals(ErrorRates.SCHEMA, e.content().get("schema"));
    // every measured entry is shipped with exactly the parameters it was measured with (rules
    // added since the last evaluation are simply not measured yet)
    java.util.Map<String, String> run = ErrorRates.runEntries(r.describe());
    assertTrue(!e.entryDigests().isEmpty());
    e.entryDigests().forEach((name, digest) -> assertEquals(run.get(name), digest, name));
  }

  /** A rules folder with one entry and error rates measured with exactly that entry. */
  private static Path measuredFolder(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.copy(fixture("valid").resolve("batches.yaml"), dir.resolve("batches.yaml"));
    Rule batch = RuleSet.load(dir).rules().get(0);
    Files.writeString(
        dir.resolve("error-rates.yaml"),
        "schema: rollaudit/error-rates/v2\n"
            + "software: rollaudit 0.1.0\n"
            + "rules:\n  batch: {digest: "
            + RuleSet.entryDigest(batch)
            + ", measured: [false alarms on 20 clean rolls]}\n");
    return dir;
  }

  private static java.util.Map<?, ?> statusOf(Path dir, String software) {
    RuleSet r = RuleSet.load(dir);
    return r.errorRates().orElseThrow().forMethod(ErrorRates.runEntries(r.describe()), software);
  }

  @Test
  void errorRatesApplyPerEntryWhenARuleFileIsAdded(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Path dir = measuredFolder(tmp.resolve("a"));
    java.util.Map<?, ?> m = statusOf(dir, "rollaudit 0.1.0");
    assertEquals(
        List.of("applies_to_this_run", "applies_by_rule", "schema", "software", "rules"),
        List.copyOf(m.keySet()));
    assertTrue(m.get("applies_to_this_run").toString().startsWith("yes: every rule entry"));
    assertEquals(
        java.util.Map.of("batch", "yes: " + ErrorRates.MEASURED), m.get("applies_by_rule"));
    // a new rule file next to it: the measured entry's rates still apply, the new one's do not
    String batches = Files.readString(dir.resolve("batches.yaml"));
    Files.writeString(
        dir.resolve("more.yaml"),
        batches
            .replace("name: batch", "name: batch-new")
            .replace("min_affected: 11", "min_affected: 12"));
    m = statusOf(dir, "rollaudit 0.1.0");
    java.util.Map<?, ?> by = (java.util.Map<?, ?>) m.get("applies_by_rule");
    assertEquals("yes: " + ErrorRates.MEASURED, by.get("batch"));
    assertEquals("no: " + ErrorRates.NOT_MEASURED, by.get("batch-new"));
    assertTrue(
        m.get("applies_to_this_run")
            .toString()
            .startsWith(
                "partly: measured with exactly these parameters for batch; not for batch-new"),
        m.toString());
    // comments and the description change no figure: still measured
    Files.writeString(
        dir.resolve("batches.yaml"),
        batches
            .replace("    enabled: true\n", "    enabled: true\n    description: Other words.\n")
            .replace("# A minimal", "# Another"));
    assertEquals(
        "yes: " + ErrorRates.MEASURED,
        ((java.util.Map<?, ?>) statusOf(dir, "rollaudit 0.1.0").get("applies_by_rule"))
            .get("batch"));
  }

  @Test
  void errorRatesOfAChangedEntryOrOtherSoftwareDoNotApply(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path dir = measuredFolder(tmp.resolve("a"));
    String batches = Files.readString(dir.resolve("batches.yaml"));
    Files.writeString(
        dir.resolve("batches.yaml"), batches.replace("min_rate_ratio: 3.0", "min_rate_ratio: 2.5"));
    java.util.Map<?, ?> m = statusOf(dir, "rollaudit 0.1.0");
    String batch = ((java.util.Map<?, ?>) m.get("applies_by_rule")).get("batch").toString();
    assertTrue(batch.startsWith("no: measured with other parameters (entry digest "), batch);
    assertTrue(m.get("applies_to_this_run").toString().startsWith("no: no rule entry"));
    Files.writeString(dir.resolve("batches.yaml"), batches);
    String version =
        ((java.util.Map<?, ?>) statusOf(dir, "rollaudit 0.2.0").get("applies_by_rule"))
            .get("batch")
            .toString();
    assertTrue(version.startsWith("no: measured with another software version"), version);
  }

  @Test
  void anErrorRatesFileWithoutEntryDigestsIsAProblem(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Files.copy(fixture("valid").resolve("batches.yaml"), tmp.resolve("batches.yaml"));
    Files.writeString(
        tmp.resolve("error-rates.yaml"),
        "schema: rollaudit/error-rates/v2\nsoftware: rollaudit 0.1.0\nrules: {batch: {}}\n");
    List<RuleProblem> p = RuleSet.check(tmp);
    assertEquals(1, p.size(), p::toString);
    assertTrue(p.get(0).toString().contains("error-rates.yaml:1: rules: missing"), p::toString);
  }
}
