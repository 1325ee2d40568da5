package org.rollaudit.rules;

import java.time.LocalDate;
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
import org.rollaudit.audit.Severity;
import org.rollaudit.history.HistoryContext;
import org.rollaudit.history.NoticeBoundsJob;
import org.rollaudit.store.StoredSnapshot;

/**
 * {@code notice-wait}: removals for change of residence earlier than the law's wait allows (52
 * U.S.C. 20507(d)(1)(B); domain.md §1.3). A voter who did not confirm a move in writing may be
 * removed only after the day after the second federal general election after the notice.
 *
 * <p>Notice dates are rarely public, so the history gives a <b>lower bound</b> (see {@link
 * NoticeBoundsJob}); the earliest lawful removal is computed from that bound, and the removal's
 * latest possible day (its status date, else the current as-of date) is compared with it. A removal
 * flagged this way is early whatever the true notice date was: no lawful removal is flagged.
 * Example: not yet under notice on 1 Jan 2019, generals 3 Nov 2020 and 8 Nov 2022, earliest lawful
 * removal 9 Nov 2022; a removal by 1 Oct 2022 is early, one on 9 Nov 2022 is not.
 *
 * <p>Voters with no bound (already in the confirmation process in the earliest snapshot) are
 * counted in the method as "cannot determine", never reported as findings. One finding per unit
 * with at least {@code min_affected} early removals; severity by count. Evidence: those voters,
 * with their {@code notice_lower_bound} and {@code earliest_lawful_removal}.
 */
final class NoticeWaitDetector implements Detector {

  @Override
  public String type() {
    return "notice-wait";
  }

  @Override
  public Set<MetricPart> reads() {
    return EnumSet.of(MetricPart.PRECINCTS, MetricPart.COUNTY_NAMES);
  }

  @Override
  public DetectionResult detect(Rule rule, Metrics m) {
    LinkedHashMap<String, Object> method = describe(rule);
    method.put("m", 0);
    method.put("not_run", "this rule needs the snapshots themselves, not only the pair's metrics");
    return new DetectionResult(List.of(), method);
  }

  @Override
  public DetectionResult detect(Rule rule, Metrics m, HistoryContext history) {
    if (history == null) {
      return detect(rule, m);
    }
    ElectionCalendar cal = rule.calendar();
    SortedMap<LocalDate, NoticeBoundsJob.Lawful> lawful = new TreeMap<>();
    for (StoredSnapshot s : history.snapshots()) {
      if (s.asOf().isBefore(history.current().asOf())) {
        lawful.put(s.asOf(), earliestLawful(cal, s.asOf()));
      }
    }
    NoticeBoundsJob.Result r =
        NoticeBoundsJob.run(
            history,
            new NoticeBoundsJob.Settings(
                rule.texts("residence_reasons"),
                rule.texts("process_statuses"),
                rule.texts("process_reasons")),
            lawful);

    String level = rule.text("level");
    long minAffected = rule.integer("min_affected");
    SortedMap<Units.Key, List<NoticeBoundsJob.Early>> byUnit = new TreeMap<>();
    for (NoticeBoundsJob.Early e : r.early()) {
      Units.Key k =
          Units.key(
              level,
              e.countyId() == null ? "" : e.countyId(),
              e.precinct() == null ? "" : e.precinct());
      byUnit.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
    }
    SortedMap<Units.Key, Counts> units = Units.counts(m, level);
    List<Finding> findings = new ArrayList<>();
    long belowMinimum = 0;
    for (Map.Entry<Units.Key, List<NoticeBoundsJob.Early>> u : byUnit.entrySet()) {
      List<NoticeBoundsJob.Early> early = u.getValue();
      if (!u.getKey().known() || early.size() < minAffected) {
        belowMinimum += early.size();
        continue;
      }
      SortedMap<String, List<String>> notes = new TreeMap<>();
      long shortest = Long.MAX_VALUE;
      for (NoticeBoundsJob.Early e : early) {
        notes.put(e.voterId(), List.of(e.lowerBound().toString(), e.earliestLawful()));
        LocalDate earliest = earliestLawful(cal, e.lowerBound()).earliest();
        shortest =
            Math.min(shortest, java.time.temporal.ChronoUnit.DAYS.between(e.removal(), earliest));
      }
      long affected = early.size();
      Counts c = units.getOrDefault(u.getKey(), Counts.ZERO);
      LinkedHashMap<String, Double> stat = new LinkedHashMap<>();
      stat.put("observed_rate", c.atRisk() > 0 ? (double) affected / c.atRisk() : 0);
      stat.put("unit_size", (double) c.atRisk());
      stat.put("unit_removed", (double) c.removed());
      stat.put("min_days_early", (double) shortest);
      SortedMap<String, String> eq = new TreeMap<>(u.getKey().map());
      EvidenceQuery q =
          new EvidenceQuery(List.of(ChangeClass.REMOVED), eq, null, null)
              .withVoters(
                  new EvidenceQuery.Voters(
                      List.of("notice_lower_bound", "earliest_lawful_removal"), notes));
      findings.add(
          new Finding(
              type(),
              rule.name(),
              band(rule, affected),
              u.getKey().map(),
              new TreeMap<>(),
              affected,
              stat,
              explain(m, rule, u.getKey(), affected, shortest),
              q,
              "the voter's own earlier snapshots and the election calendar " + cal.id()));
    }

    LinkedHashMap<String, Object> method = describe(rule);
    method.put("m", r.checked());
    method.put("snapshots_read", lawful.size());
    method.put("residence_removals_checked", r.checked());
    method.put("early", r.early().size());
    method.put("cannot_determine", r.cannotDetermine());
    method.put(
        "cannot_determine_reason",
        "already in the confirmation process in the earliest snapshot: the history is too short to bound the notice date (timeline audits of a longer store give more)");
    method.put("calendar_too_short", r.calendarTooShort());
    method.put("below_minimum", belowMinimum);
    return new DetectionResult(findings, method);
  }

  private static LinkedHashMap<String, Object> describe(Rule rule) {
    LinkedHashMap<String, Object> method = new LinkedHashMap<>();
    method.put(
        "test",
        "no statistical test: each removal's latest possible day against the earliest lawful"
            + " removal computed from the lower bound of its notice date");
    method.put(
        "test_family",
        "every voter removed for a reason in residence_reasons in this interval; findings per "
            + rule.text("level")
            + " with at least "
            + rule.integer("min_affected")
            + " early removals");
    method.put("calendar", rule.calendar().id());
    method.put("legal_basis", rule.text("legal_basis"));
    return method;
  }

  /**
   * The earliest lawful removal after a notice mailed after {@code bound}: the day after the second
   * statewide federal general election after it. When the calendar lists fewer than two generals
   * after the bound, the second one is later than the calendar's end, so the day after the end is a
   * lower bound of the earliest lawful removal (still never flags a lawful one). Null when the
   * bound is before the calendar starts (earlier generals would be missing).
   */
  static NoticeBoundsJob.Lawful earliestLawful(ElectionCalendar cal, LocalDate bound) {
    if (bound.isBefore(cal.elections().get(0).date())) {
      return null;
    }
    List<LocalDate> generals = cal.generalsAfter(bound);
    if (generals.size() >= 2) {
      LocalDate d = generals.get(1).plusDays(1);
      return new NoticeBoundsJob.Lawful(d, d.toString());
    }
    LocalDate d = cal.end().plusDays(1);
    return new NoticeBoundsJob.Lawful(
        d, "after " + cal.end() + " (beyond the election calendar " + cal.id() + ")");
  }

  private static Severity band(Rule rule, long affected) {
    if (affected >= rule.integer("severity", "high", "min_affected")) {
      return Severity.HIGH;
    }
    if (affected >= rule.integer("severity", "medium", "min_affected")) {
      return Severity.MEDIUM;
    }
    return Severity.LOW;
  }

  private static String explain(
      Metrics m, Rule rule, Units.Key unit, long affected, long shortest) {
    return Plain.sentence(Plain.unit(m, unit.map()))
        + " removed "
        + Plain.count(affected)
        + " voters for change of residence "
        + Plain.period(m)
        + " before the earliest day the law's wait allows, even counting from the earliest"
        + " possible notice date their earlier snapshots leave open (the closest was "
        + Plain.count(shortest)
        + (shortest == 1 ? " day" : " days")
        + " early; "
        + rule.text("legal_basis")
        + ": no removal for a move before the day after the second federal general election"
        + " after the notice).";
  }
}
