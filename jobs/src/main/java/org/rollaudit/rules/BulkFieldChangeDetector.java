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

/**
 * {@code bulk-field-change}: many voters of one unit with the same field changed by the same
 * transformation (birth_year "+1", party "DEM&gt;REP", name "changed"), at a rate far above the
 * same field and transformation in the rest of the state. Every (field, transformation) pair seen
 * anywhere is one family of peers for the overdispersion fit; BH runs across all units × pairs.
 * Routine mass changes (redistricting moves precincts, county moves change county_id) are listed as
 * {@code expected} in the rule file and never tested.
 *
 * <p>Evidence: CHANGED and REACTIVATED voters of the unit whose {@code changes} map has the field
 * with exactly this transformation. The denominator is the unit's voters present in both snapshots
 * and not removed.
 */
final class BulkFieldChangeDetector implements Detector {

  @Override
  public String type() {
    return "bulk-field-change";
  }

  @Override
  public Set<MetricPart> reads() {
    return EnumSet.of(MetricPart.FIELD_CHANGES, MetricPart.PRECINCTS, MetricPart.COUNTY_NAMES);
  }

  /** A field and one of its transformations. */
  private record Change(String field, String transformation) implements Comparable<Change> {
    @Override
    public int compareTo(Change o) {
      int c = field.compareTo(o.field);
      return c != 0 ? c : transformation.compareTo(o.transformation);
    }
  }

  @Override
  public DetectionResult detect(Rule rule, Metrics m) {
    Thresholds t = Thresholds.of(rule);
    String level = rule.text("level");
    long minPresent = rule.integer("min_present");
    RateScreen.Dispersion mode = RateScreen.Dispersion.of(rule.text("dispersion"));

    SortedMap<Units.Key, Counts> units = Units.counts(m, level);
    long stateN = Units.presentNotRemoved(Units.state(m));
    // voters per unit per change, and per unit per field (for the batch share)
    SortedMap<Change, SortedMap<Units.Key, Long>> byChange = new TreeMap<>();
    SortedMap<Units.Key, SortedMap<String, Long>> byField = new TreeMap<>();
    for (Metrics.FieldChangeCell c : m.fieldChanges()) {
      Units.Key k = Units.key(level, c.countyId(), c.precinct());
      byField.computeIfAbsent(k, x -> new TreeMap<>()).merge(c.field(), c.voters(), Long::sum);
      if (!expected(rule, c.field(), c.transformation())) {
        byChange
            .computeIfAbsent(new Change(c.field(), c.transformation()), x -> new TreeMap<>())
            .merge(k, c.voters(), Long::sum);
      }
    }

    List<RateScreen.Score<Units.Key>> scores = new ArrayList<>();
    List<Change> changeOf = new ArrayList<>();
    SortedMap<Change, RateScreen.Fit> fits = new TreeMap<>();
    SortedMap<Change, Integer> peersOf = new TreeMap<>();
    for (Map.Entry<Change, SortedMap<Units.Key, Long>> e : byChange.entrySet()) {
      long stateX = e.getValue().values().stream().mapToLong(Long::longValue).sum();
      List<RateScreen.Cell<Units.Key>> cells = new ArrayList<>();
      for (Map.Entry<Units.Key, Counts> u : units.entrySet()) {
        long n = Units.presentNotRemoved(u.getValue());
        if (!u.getKey().known() || n < minPresent || stateN - n <= 0) {
          continue;
        }
        long x = e.getValue().getOrDefault(u.getKey(), 0L);
        cells.add(new RateScreen.Cell<>(u.getKey(), x, n, stateX - x, stateN - n));
      }
      RateScreen.Fit fit = RateScreen.fit(rule, cells);
      fits.put(e.getKey(), fit);
      peersOf.put(e.getKey(), cells.size());
      for (RateScreen.Cell<Units.Key> c : cells) {
        scores.add(RateScreen.score(c, fit, t));
        changeOf.add(e.getKey());
      }
    }
    scores = RateScreen.withQ(scores, rule);

    List<Finding> findings = new ArrayList<>();
    LinkedHashMap<String, Object> firedFits = new LinkedHashMap<>();
    for (int i = 0; i < scores.size(); i++) {
      RateScreen.Score<Units.Key> s = scores.get(i);
      Change ch = changeOf.get(i);
      long affected = s.cell().x();
      if (!t.flags(s.q(), s.rateRatio(), affected)) {
        continue;
      }
      Units.Key k = s.cell().key();
      long fieldTotal = byField.getOrDefault(k, new TreeMap<>()).getOrDefault(ch.field(), affected);
      double share = fieldTotal > 0 ? (double) affected / fieldTotal : 1;
      LinkedHashMap<String, Double> stat = RateScreen.statistic(s);
      RateScreen.put(stat, "batch_share", share);
      firedFits.put(ch.field() + " " + ch.transformation(), fits.get(ch).describe(peersOf.get(ch)));
      findings.add(
          new Finding(
              type(),
              rule.name(),
              t.severity(s.q(), s.rateRatio(), affected),
              k.map(),
              new TreeMap<>(),
              affected,
              stat,
              explain(m, s, ch, share),
              new EvidenceQuery(
                  List.of(ChangeClass.CHANGED, ChangeClass.REACTIVATED),
                  new TreeMap<>(k.map()),
                  ch.field(),
                  ch.transformation()),
              "rest of state, same field and transformation"));
    }

    LinkedHashMap<String, Object> method = new LinkedHashMap<>();
    method.put("test", mode.test("the same change in the rest of the state"));
    method.put(
        "test_family",
        "every "
            + level
            + " with at least "
            + minPresent
            + " voters present in both snapshots, for"
            + " every (field, transformation) pair seen anywhere and not listed as expected;"
            + " "
            + rule.text("multiplicity")
            + " across all of them");
    method.put("m", scores.size());
    method.put("changes_tested", byChange.size());
    method.put("fits_of_flagged_changes", firedFits);
    method.put("decision", t.describe());
    return new DetectionResult(findings, method);
  }

  private static boolean expected(Rule rule, String field, String transformation) {
    for (var e : rule.node("expected")) {
      String f = e.path("field").asText();
      String tr = e.path("transformation").asText();
      if (f.equals(field) && ("*".equals(tr) || tr.equals(transformation))) {
        return true;
      }
    }
    return false;
  }

  private static String explain(Metrics m, RateScreen.Score<Units.Key> s, Change ch, double share) {
    String field = fieldWords(ch.field());
    String how =
        "changed".equals(ch.transformation())
            ? "had their " + field + " changed"
            : "had their " + field + " changed by the same transformation " + ch.transformation();
    StringBuilder b = new StringBuilder();
    b.append(Plain.sentence(Plain.unit(m, s.cell().key().map())))
        .append(": ")
        .append(Plain.count(s.cell().x()))
        .append(" voters (")
        .append(Plain.percent(s.observedRate()))
        .append(" of those present in both snapshots) ")
        .append(how)
        .append(' ')
        .append(Plain.period(m))
        .append("; ");
    if (s.cell().xRef() == 0) {
      b.append("no voter in the rest of the state had this change");
    } else {
      b.append("in the rest of the state this change touched ")
          .append(Plain.percent(s.expectedRate()))
          .append(" of voters (")
          .append(Plain.times(s.rateRatio()))
          .append(" less)");
    }
    if (!"changed".equals(ch.transformation()) && share >= 0.5) {
      b.append(", and ")
          .append(share >= 1 ? "all" : Plain.percent(share))
          .append(" of the unit's ")
          .append(field)
          .append(" changes were this identical change, which points to one batch edit");
    }
    return b.append('.').toString();
  }

  private static String fieldWords(String field) {
    return switch (field) {
      case "birth_year" -> "birth year";
      case "registr_dt" -> "registration date";
      case "county_id" -> "county";
      default -> field.replace('_', ' ');
    };
  }
}
