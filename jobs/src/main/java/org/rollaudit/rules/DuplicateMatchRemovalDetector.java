package org.rollaudit.rules;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.EvidenceQuery;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Metrics;
import org.rollaudit.history.DuplicateMatch;
import org.rollaudit.history.HistoryContext;
import org.rollaudit.history.Names;

/**
 * {@code duplicate-match-removal}: a county removing, as duplicates, records whose surviving match
 * differs on a key field (birth year, name beyond the similarity threshold, middle initial, suffix,
 * gender) or cannot be found, far more often than the rest of the state. Name and birth year are
 * not an identity (domain.md §4, the birthday problem: with NC's birth year only, 11 voters of one
 * common name already give even odds of a false "duplicate"; Crosscheck lost about 300 legitimate
 * registrations per double vote prevented).
 *
 * <p>Statistic: x = the county's mismatched duplicate removals, n = its active and inactive voters
 * at baseline, against the rest of the state ({@link CountyScreen}). Evidence: the removed voters,
 * with the surviving record's id, the names of the differing fields (never their values) and the
 * name score.
 */
final class DuplicateMatchRemovalDetector implements Detector {
  static final List<String> NOTE_COLUMNS =
      List.of("surviving_voter_id", "differing_fields", "match_score");

  @Override
  public String type() {
    return "duplicate-match-removal";
  }

  @Override
  public Set<MetricPart> reads() {
    return EnumSet.of(MetricPart.PRECINCTS, MetricPart.COUNTY_NAMES);
  }

  @Override
  public DetectionResult detect(Rule rule, Metrics m) {
    return detect(rule, m, null);
  }

  @Override
  public DetectionResult detect(Rule rule, Metrics m, HistoryContext h) {
    LinkedHashMap<String, Object> method = new LinkedHashMap<>();
    method.put(
        "test",
        RateScreen.Dispersion.of(rule.text("dispersion"))
            .test("the rest of the state's mismatched duplicate removals per voter"));
    method.put(
        "test_family",
        "every county with at least "
            + rule.integer("min_at_risk")
            + " active or inactive voters; "
            + rule.text("multiplicity")
            + " across all of them");
    if (h == null) {
      method.put("m", 0);
      method.put("skipped", "no snapshots at hand (metrics-only run)");
      return new DetectionResult(List.of(), method);
    }
    Thresholds t = Thresholds.of(rule);
    boolean unmatched = rule.flag("count_unmatched");
    List<String> keyFields = rule.texts("key_fields");
    List<DuplicateMatch.Pair> pairs =
        DuplicateMatch.run(h, rule.texts("duplicate_reasons"), rule.number("min_name_similarity"));

    SortedMap<Units.Key, List<DuplicateMatch.Pair>> flagged = new TreeMap<>();
    for (DuplicateMatch.Pair p : pairs) {
      if (mismatched(p, keyFields, unmatched)) {
        flagged.computeIfAbsent(Units.Key.county(p.countyId()), k -> new ArrayList<>()).add(p);
      }
    }
    SortedMap<Units.Key, CountyScreen.Count> counts = new TreeMap<>();
    for (Map.Entry<Units.Key, Counts> e : Units.counts(m, "county").entrySet()) {
      counts.put(
          e.getKey(),
          new CountyScreen.Count(
              flagged.getOrDefault(e.getKey(), List.of()).size(), e.getValue().atRisk()));
    }
    List<RateScreen.Score<Units.Key>> scores = CountyScreen.screen(rule, counts, t);

    List<Finding> findings = new ArrayList<>();
    for (RateScreen.Score<Units.Key> s : scores) {
      long affected = s.cell().x();
      if (!t.flags(s.q(), s.rateRatio(), affected)) {
        continue;
      }
      SortedMap<String, List<String>> notes = new TreeMap<>();
      long noSurvivor = 0;
      long birthYear = 0;
      for (DuplicateMatch.Pair p : flagged.get(s.cell().key())) {
        noSurvivor += p.survivorId() == null ? 1 : 0;
        birthYear += p.differing().contains("birth_year") ? 1 : 0;
        String survivor =
            p.survivorId() == null
                ? ""
                : p.survivorConfidential() ? "CONFIDENTIAL" : p.survivorId();
        notes.put(
            p.voterId(),
            List.of(
                survivor,
                String.join(";", p.differing()),
                p.survivorId() == null ? "" : Names.format(p.score())));
      }
      LinkedHashMap<String, Double> stat = RateScreen.statistic(s);
      RateScreen.put(stat, "birth_year_differs", birthYear);
      RateScreen.put(stat, "no_surviving_match", noSurvivor);
      findings.add(
          new Finding(
              type(),
              rule.name(),
              t.severity(s.q(), s.rateRatio(), affected),
              s.cell().key().map(),
              new TreeMap<>(),
              affected,
              stat,
              explain(m, s, birthYear, noSurvivor),
              EvidenceQuery.of(List.of(ChangeClass.REMOVED), Map.of())
                  .withVoters(new EvidenceQuery.Voters(NOTE_COLUMNS, notes)),
              "rest of state, mismatched duplicate removals per voter"));
    }
    method.put("m", scores.size());
    method.put("duplicate_removals", pairs.size());
    method.put("mismatched", flagged.values().stream().mapToLong(List::size).sum());
    method.put("decision", t.describe());
    return new DetectionResult(findings, method);
  }

  /** True when the removal's best surviving match differs on a key field (or is missing). */
  static boolean mismatched(DuplicateMatch.Pair p, List<String> keyFields, boolean unmatched) {
    if (p.survivorId() == null) {
      return unmatched;
    }
    return p.differing().stream().anyMatch(keyFields::contains);
  }

  private static String explain(
      Metrics m, RateScreen.Score<Units.Key> s, long birthYear, long noSurvivor) {
    long x = s.cell().x();
    return Plain.sentence(Plain.county(m, s.cell().key().county()))
        + " removed "
        + Plain.count(x)
        + " voters as duplicates "
        + Plain.period(m)
        + " whose remaining record differs on a key field or cannot be found ("
        + Plain.count(birthYear)
        + " with a different birth year, "
        + Plain.count(noSurvivor)
        + " with no remaining record of a similar name), "
        + Plain.percent(s.observedRate())
        + " of its active and inactive voters against "
        + Plain.percent(s.expectedRate())
        + " in the rest of the state ("
        + Plain.times(s.rateRatio())
        + " as many); two records with one name are not always one person.";
  }
}
