package org.rollaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void plannedRuleTypeIsNotImplementedYet() {
    String s = only("planned-rule-type");
    assertTrue(
        s.startsWith(
            "batches.yaml:5: rules[0].type: rule type 'notice-wait' is not implemented yet."),
        s);
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
}
