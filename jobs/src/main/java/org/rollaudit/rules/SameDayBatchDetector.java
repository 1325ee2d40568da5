package org.rollaudit.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
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
 * {@code same-day-batch}: removals in one unit sharing one reason code (and one status date when
 * the layout has one) far beyond what that reason removes in the rest of the state. Example: a
 * county removing 3% of its voters as RC (sustained challenge) when RC removes almost nobody
 * elsewhere. Per reason, the overdispersion fit runs on the units' totals for the whole interval;
 * with dates, each (unit, reason, date) batch is then scored against the rest of the state's rate
 * for that reason over the whole interval (conservative: one day against a whole period).
 *
 * <p>Evidence: REMOVED voters of the unit with reason_after = the reason (the literal value, e.g.
 * ABSENT for a vanished record) and, with dates, status_date_after = the date.
 */
final class SameDayBatchDetector implements Detector {

  @Override
  public String type() {
    return "same-day-batch";
  }

  @Override
  public Set<MetricPart> reads() {
    return EnumSet.of(MetricPart.REMOVAL_REASONS, MetricPart.PRECINCTS, MetricPart.COUNTY_NAMES);
  }

  /** A unit's batch: one reason, and one date (null: no date, or dates not used). */
  private record Batch(Units.Key unit, String reason, LocalDate date) {}

  private static final Comparator<Batch> ORDER =
      Comparator.comparing(Batch::reason)
          .thenComparing(Batch::unit)
          .thenComparing(Batch::date, Comparator.nullsFirst(Comparator.naturalOrder()));

  @Override
  public DetectionResult detect(Rule rule, Metrics m) {
    Thresholds t = Thresholds.of(rule);
    String level = rule.text("level");
    long minAtRisk = rule.integer("min_at_risk");
    RateScreen.Dispersion mode = RateScreen.Dispersion.of(rule.text("dispersion"));
    List<String> ignored = rule.texts("ignore_reasons");
    boolean byDate =
        rule.flag("by_date") && m.removalReasons().stream().anyMatch(r -> r.statusDate() != null);

    SortedMap<Units.Key, Counts> units = Units.counts(m, level);
    Counts state = Units.state(m);
    // removals per reason per unit (whole interval), per reason statewide, and per batch
    SortedMap<String, SortedMap<Units.Key, Long>> perUnit = new TreeMap<>();
    SortedMap<Batch, Long> batches = new TreeMap<>(ORDER);
    for (Metrics.ReasonCell c : m.removalReasons()) {
      if (c.reason().isEmpty() || ignored.contains(c.reason())) {
        continue;
      }
      Units.Key k = Units.key(level, c.countyId(), c.precinct());
      perUnit.computeIfAbsent(c.reason(), r -> new TreeMap<>()).merge(k, c.removed(), Long::sum);
      batches.merge(
          new Batch(k, c.reason(), byDate ? c.statusDate() : null), c.removed(), Long::sum);
    }

    // A reason's rate varies across units at least as much as the units' removal rates do (it
    // inherits that spread, plus the reason mix): the all-reasons spread floors each reason's.
    List<RateScreen.Cell<Units.Key>> totals = new ArrayList<>();
    for (Map.Entry<Units.Key, Counts> u : units.entrySet()) {
      long n = u.getValue().atRisk();
      if (u.getKey().known() && n >= minAtRisk && state.atRisk() - n > 0) {
        Counts c = u.getValue();
        totals.add(
            new RateScreen.Cell<>(
                u.getKey(), c.removed(), n, state.removed() - c.removed(), state.atRisk() - n));
      }
    }
    RateScreen.Fit all = RateScreen.fit(rule, totals, 0);
    double floor = all.log() != null ? all.log().tau() : 0;

    List<RateScreen.Score<Batch>> scores = new ArrayList<>();
    LinkedHashMap<String, Object> fits = new LinkedHashMap<>();
    fits.put("all reasons", all.describe(totals.size()));
    for (Map.Entry<String, SortedMap<Units.Key, Long>> e : perUnit.entrySet()) {
      String reason = e.getKey();
      long stateX = e.getValue().values().stream().mapToLong(Long::longValue).sum();
      List<RateScreen.Cell<Units.Key>> peers = new ArrayList<>();
      for (Map.Entry<Units.Key, Counts> u : units.entrySet()) {
        long n = u.getValue().atRisk();
        if (!u.getKey().known() || n < minAtRisk || state.atRisk() - n <= 0) {
          continue;
        }
        long x = e.getValue().getOrDefault(u.getKey(), 0L);
        peers.add(new RateScreen.Cell<>(u.getKey(), x, n, stateX - x, state.atRisk() - n));
      }
      RateScreen.Fit fit = RateScreen.fit(rule, peers, floor);
      fits.put(reason, fit.describe(peers.size()));
      for (RateScreen.Cell<Units.Key> p : peers) {
        if (!byDate) {
          scores.add(
              RateScreen.score(
                  new RateScreen.Cell<>(
                      new Batch(p.key(), reason, null), p.x(), p.n(), p.xRef(), p.nRef()),
                  fit,
                  t));
          continue;
        }
        // every dated batch of this unit and reason, against the unit's whole-interval reference
        for (Map.Entry<Batch, Long> b :
            batches.tailMap(new Batch(p.key(), reason, null)).entrySet()) {
          if (!b.getKey().unit().equals(p.key()) || !b.getKey().reason().equals(reason)) {
            break;
          }
          scores.add(
              RateScreen.score(
                  new RateScreen.Cell<>(b.getKey(), b.getValue(), p.n(), p.xRef(), p.nRef()),
                  fit,
                  t));
        }
      }
    }
    scores = RateScreen.withQ(scores, rule);

    List<Finding> findings = new ArrayList<>();
    for (RateScreen.Score<Batch> s : scores) {
      Batch b = s.cell().key();
      long affected = s.cell().x();
      if (!t.flags(s.q(), s.rateRatio(), affected)) {
        continue;
      }
      long unitRemoved = units.get(b.unit()).removed();
      LinkedHashMap<String, Double> stat = RateScreen.statistic(s);
      RateScreen.put(stat, "reason_share", unitRemoved > 0 ? (double) affected / unitRemoved : 0);
      RateScreen.put(stat, "unit_removed", unitRemoved);
      SortedMap<String, String> equals = new TreeMap<>(b.unit().map());
      equals.put("reason_after", b.reason());
      if (byDate) {
        equals.put("status_date_after", b.date() == null ? null : b.date().toString());
      }
      findings.add(
          new Finding(
              type(),
              rule.name(),
              t.severity(s.q(), s.rateRatio(), affected),
              b.unit().map(),
              new TreeMap<>(),
              affected,
              stat,
              explain(m, rule, s, byDate),
              new EvidenceQuery(List.of(ChangeClass.REMOVED), equals, null, null),
              "rest of state, same reason over the whole interval"));
    }

    LinkedHashMap<String, Object> method = new LinkedHashMap<>();
    method.put("test", mode.test("the same reason in the rest of the state"));
    method.put(
        "test_family",
        (byDate
                ? "every (" + level + ", reason, status date) batch with at least one removal"
                : "every (" + level + ", reason) pair")
            + " of units with at least "
            + minAtRisk
            + " active or inactive voters, reasons not in"
            + " ignore_reasons; "
            + rule.text("multiplicity")
            + " across all of them");
    method.put("m", scores.size());
    method.put("by_date", byDate);
    method.put("fits_by_reason", fits);
    method.put("decision", t.describe());
    return new DetectionResult(findings, method);
  }

  private static String explain(Metrics m, Rule rule, RateScreen.Score<Batch> s, boolean byDate) {
    Batch b = s.cell().key();
    String label = rule.textMap("labels").get(b.reason());
    String reason =
        "ABSENT".equals(b.reason())
            ? "whose records vanished from the file without a removal reason"
            : "with reason " + b.reason() + (label != null ? " (" + label + ")" : "");
    StringBuilder sb = new StringBuilder();
    if (byDate && b.date() != null) {
      sb.append("On ")
          .append(Plain.date(b.date()))
          .append(", ")
          .append(Plain.unit(m, b.unit().map()));
    } else {
      sb.append(Plain.sentence(Plain.unit(m, b.unit().map())));
    }
    sb.append(" removed ")
        .append(Plain.count(s.cell().x()))
        .append(" voters (")
        .append(Plain.percent(s.observedRate()))
        .append(" of its active and inactive voters) ")
        .append(reason);
    if (!byDate || b.date() == null) {
      sb.append(' ').append(Plain.period(m));
    }
    if (s.cell().xRef() == 0) {
      sb.append(
          "; in the rest of the state nobody was removed for that reason in the whole period");
    } else {
      sb.append("; in the rest of the state that reason removed ")
          .append(Plain.percent(s.expectedRate()))
          .append(" of voters over the whole period (")
          .append(Plain.times(s.rateRatio()))
          .append(" less)");
    }
    return sb.append('.').toString();
  }
}
