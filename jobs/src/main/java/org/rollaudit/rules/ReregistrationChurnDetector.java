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
import org.rollaudit.audit.EvidenceQuery;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Metrics;
import org.rollaudit.history.ChurnMatch;
import org.rollaudit.history.HistoryContext;
import org.rollaudit.history.Names;

/**
 * {@code reregistration-churn}: a county where voters removed earlier register again at a rate far
 * above the rest of the state. A wrongful purge shows this way (Georgia 2017: about 70,000 purged
 * voters re-registered, most in the same county; NVRA §20507(c)(1)(B)(i): a move inside the
 * jurisdiction calls for an address update, not a removal).
 *
 * <p>Statistic: x = returns in the current snapshot of the county's removed voters (same key
 * reactivated, or a new registration matched by {@link ChurnMatch}), n = the county's pool of
 * removed voters who could return; tested against the rest of the state's x/n with {@link
 * CountyScreen}. Evidence: the returning records, with the removed record's id, the first snapshot
 * that shows the removal and the match score (never a name).
 */
final class ReregistrationChurnDetector implements Detector {
  static final List<String> NOTE_COLUMNS =
      List.of("earlier_voter_id", "removed_as_of", "match_score");

  @Override
  public String type() {
    return "reregistration-churn";
  }

  @Override
  public Set<MetricPart> reads() {
    return EnumSet.of(MetricPart.COUNTY_NAMES);
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
            .test("the rest of the state's returns per removed voter"));
    method.put(
        "test_family",
        "every county with at least "
            + rule.integer("min_at_risk")
            + " removed voters who could return; "
            + rule.text("multiplicity")
            + " across all of them");
    if (h == null) {
      method.put("m", 0);
      method.put("skipped", "no snapshots at hand (metrics-only run)");
      return new DetectionResult(List.of(), method);
    }
    Thresholds t = Thresholds.of(rule);
    ChurnMatch.Params p =
        new ChurnMatch.Params(
            rule.number("match", "min_name_similarity"),
            rule.flag("match", "middle_initial_must_agree"),
            rule.texts("exclude_removal_reasons"));
    ChurnMatch.Result r = ChurnMatch.run(h, p);

    SortedMap<Units.Key, List<ChurnMatch.Match>> byCounty = new TreeMap<>();
    for (ChurnMatch.Match x : r.matches()) {
      byCounty.computeIfAbsent(Units.Key.county(x.countyId()), k -> new ArrayList<>()).add(x);
    }
    SortedMap<Units.Key, CountyScreen.Count> counts = new TreeMap<>();
    for (Map.Entry<String, Long> e : r.poolByCounty().entrySet()) {
      Units.Key k = Units.Key.county(e.getKey());
      counts.put(
          k, new CountyScreen.Count(byCounty.getOrDefault(k, List.of()).size(), e.getValue()));
    }
    List<RateScreen.Score<Units.Key>> scores = CountyScreen.screen(rule, counts, t);

    List<Finding> findings = new ArrayList<>();
    for (RateScreen.Score<Units.Key> s : scores) {
      long affected = s.cell().x();
      if (!t.flags(s.q(), s.rateRatio(), affected)) {
        continue;
      }
      List<ChurnMatch.Match> ms = byCounty.get(s.cell().key());
      SortedMap<String, List<String>> notes = new TreeMap<>();
      long sameKey = 0;
      for (ChurnMatch.Match x : ms) {
        sameKey += x.voterId().equals(x.earlierVoterId()) ? 1 : 0;
        notes.put(
            x.voterId(),
            List.of(
                x.earlierConfidential() ? "CONFIDENTIAL" : x.earlierVoterId(),
                x.removedAsOf().toString(),
                Names.format(x.score())));
      }
      LinkedHashMap<String, Double> stat = RateScreen.statistic(s);
      RateScreen.put(stat, "same_key_returns", sameKey);
      RateScreen.put(stat, "new_key_returns", affected - sameKey);
      findings.add(
          new Finding(
              type(),
              rule.name(),
              t.severity(s.q(), s.rateRatio(), affected),
              s.cell().key().map(),
              new TreeMap<>(),
              affected,
              stat,
              explain(m, s, sameKey),
              EvidenceQuery.of(List.of(ChangeClass.ADDED, ChangeClass.REACTIVATED), Map.of())
                  .withVoters(new EvidenceQuery.Voters(NOTE_COLUMNS, notes)),
              "rest of state, returns per removed voter"));
    }
    method.put("m", scores.size());
    method.put(
        "match",
        "same key, or a new registration in the same county with the same birth year whose"
            + " normalised last and first names score (mean Jaro-Winkler) at least "
            + Plain.number(p.minSimilarity())
            + (p.middleInitialMustAgree() ? ", middle initials not contradicting" : ""));
    method.put("history_snapshots", h.snapshots().size());
    method.put("removed_pool", r.poolByCounty().values().stream().mapToLong(Long::longValue).sum());
    method.put("returns", r.matches().size());
    method.put("candidate_pairs", r.candidatePairs());
    method.put("decision", t.describe());
    return new DetectionResult(findings, method);
  }

  private static String explain(Metrics m, RateScreen.Score<Units.Key> s, long sameKey) {
    long x = s.cell().x();
    StringBuilder b =
        new StringBuilder(Plain.sentence(Plain.county(m, s.cell().key().county())))
            .append(": ")
            .append(Plain.count(x))
            .append(" of its ")
            .append(Plain.count(s.cell().n()))
            .append(" earlier removed voters (")
            .append(Plain.percent(s.observedRate()))
            .append(") registered again ")
            .append(Plain.period(m))
            .append(" (")
            .append(Plain.count(x - sameKey))
            .append(" under a new voter id, matched by name and birth year), against ")
            .append(Plain.percent(s.expectedRate()))
            .append(" in the rest of the state (")
            .append(Plain.times(s.rateRatio()))
            .append(
                " as many); voters removed and registering again may have been removed in"
                    + " error.");
    return b.toString();
  }
}
