package org.rollaudit.rules;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rollaudit.audit.ChangeClass;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.EvidenceQuery;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.Severity;

/**
 * {@code nvra-quiet-period}: systematic removals dated inside the {@code window_days} before a
 * federal election of the rule's calendar (52 U.S.C. 20507(c)(2)(A); domain.md §1.3). The window of
 * election E is [E − window_days, E − 1]. Removals with an exempt reason (death, request,
 * conviction, ...: every reason not in {@code systematic_reasons}) never count.
 *
 * <p>Dating, per removal:
 *
 * <ul>
 *   <li>with a status date (NC VR_Snapshot {@code cancellation_dt}): <b>inside</b> when the date
 *       lies in a window. A date inside two windows (a primary followed closely by a runoff) counts
 *       for the earlier election only, so no removal counts twice.
 *   <li>without one: the removal happened some day in (baseline as-of, current as-of]. The interval
 *       lies wholly inside a window: <b>inside</b>; it only overlaps windows: <b>possibly
 *       inside</b>, reported one severity band lower.
 * </ul>
 *
 * <p>Example (window 90 days, primary 5 Mar 2024, window 6 Dec 2023 to 4 Mar 2024): an RM removal
 * dated 6 Dec 2023 is inside, one dated 5 Dec 2023 is not; an undated RM removal between snapshots
 * of 6 Jan and 3 Feb 2024 is inside; one between 1 Nov and 15 Dec 2023 is possibly inside.
 *
 * <p>One finding per unit and election (dated removals) or per unit (undated removals), when at
 * least {@code min_affected} voters count. Severity from the count and its share of the unit's
 * active and inactive voters. Evidence: REMOVED voters of the unit with a systematic reason and the
 * status date in the election's part of the window (dated), or no status date (undated).
 */
final class QuietPeriodDetector implements Detector {

  @Override
  public String type() {
    return "nvra-quiet-period";
  }

  @Override
  public Set<MetricPart> reads() {
    return EnumSet.of(MetricPart.REMOVAL_REASONS, MetricPart.PRECINCTS, MetricPart.COUNTY_NAMES);
  }

  /** One window: the election, and the first and last day that count for it. */
  record Window(ElectionCalendar.Election election, LocalDate from, LocalDate to) {}

  /** A finding's cell: unit, and the election's window (dated) or null (undated removals). */
  private record Cell(Units.Key unit, Window window) {}

  private static final Comparator<Cell> ORDER =
      Comparator.comparing(Cell::unit)
          .thenComparing(
              c -> c.window() == null ? null : c.window().from(),
              Comparator.nullsFirst(Comparator.naturalOrder()));

  /**
   * The windows of the rule's elections, in date order. Each starts {@code window_days} before its
   * election, but never before the previous election: a day in two windows belongs to the earlier.
   */
  static List<Window> windows(Rule rule) {
    int days = (int) rule.integer("window_days");
    List<String> kinds = rule.texts("kinds");
    boolean districts = "every-county".equals(rule.text("district_elections"));
    List<Window> out = new ArrayList<>();
    LocalDate previous = null;
    for (ElectionCalendar.Election e : rule.calendar().elections()) {
      if (!kinds.contains(e.kind()) || (!e.statewide() && !districts)) {
        continue;
      }
      if (previous != null && previous.equals(e.date())) {
        continue; // two kinds on one day: one window
      }
      LocalDate from = e.date().minusDays(days);
      if (previous != null && from.isBefore(previous)) {
        from = previous;
      }
      out.add(new Window(e, from, e.date().minusDays(1)));
      previous = e.date();
    }
    return out;
  }

  /** The window holding the day, or null. */
  static Window windowOf(List<Window> windows, LocalDate day) {
    for (Window w : windows) {
      if (!day.isBefore(w.from()) && !day.isAfter(w.to())) {
        return w;
      }
    }
    return null;
  }

  @Override
  public DetectionResult detect(Rule rule, Metrics m) {
    String level = rule.text("level");
    long minAffected = rule.integer("min_affected");
    int days = (int) rule.integer("window_days");
    Set<String> counted = new TreeSet<>(rule.texts("systematic_reasons"));
    if (rule.flag("count_absent")) {
      counted.add(org.rollaudit.compare.ChangeSet.ABSENT);
    }
    List<Window> windows = windows(rule);
    LocalDate first = m.baseline().asOf().plusDays(1);
    LocalDate last = m.current().asOf();

    // Undated removals: the interval against the windows, once for all of them.
    Window whole = null;
    List<Window> overlapping = new ArrayList<>();
    for (Window w : windows) {
      if (!first.isAfter(w.to()) && !last.isBefore(w.from())) {
        overlapping.add(w);
        if (!first.isBefore(w.from()) && !last.isAfter(w.to())) {
          whole = w;
        }
      }
    }

    SortedMap<Cell, SortedMap<String, Long>> cells = new TreeMap<>(ORDER);
    SortedMap<Cell, LocalDate[]> spans = new TreeMap<>(ORDER);
    long datedOutside = 0;
    for (Metrics.ReasonCell c : m.removalReasons()) {
      if (!counted.contains(c.reason())) {
        continue;
      }
      Units.Key unit = Units.key(level, c.countyId(), c.precinct());
      Window w = null;
      if (c.statusDate() != null) {
        w = windowOf(windows, c.statusDate());
        if (w == null) {
          datedOutside += c.removed();
          continue;
        }
        Cell k = new Cell(unit, w);
        LocalDate[] s =
            spans.computeIfAbsent(k, x -> new LocalDate[] {c.statusDate(), c.statusDate()});
        s[0] = c.statusDate().isBefore(s[0]) ? c.statusDate() : s[0];
        s[1] = c.statusDate().isAfter(s[1]) ? c.statusDate() : s[1];
      } else if (overlapping.isEmpty()) {
        continue;
      }
      cells
          .computeIfAbsent(new Cell(unit, w), x -> new TreeMap<>())
          .merge(c.reason(), c.removed(), Long::sum);
    }

    SortedMap<Units.Key, Counts> units = Units.counts(m, level);
    List<Finding> findings = new ArrayList<>();
    long belowMinimum = 0;
    for (Map.Entry<Cell, SortedMap<String, Long>> e : cells.entrySet()) {
      Cell cell = e.getKey();
      long affected = e.getValue().values().stream().mapToLong(Long::longValue).sum();
      if (!cell.unit().known() || affected < minAffected) {
        belowMinimum += affected;
        continue;
      }
      Counts u = units.getOrDefault(cell.unit(), Counts.ZERO);
      double share = u.atRisk() > 0 ? (double) affected / u.atRisk() : 0;
      boolean possibly = cell.window() == null && whole == null;
      Severity severity = band(rule, affected, share);
      if (possibly) {
        severity = severity == Severity.HIGH ? Severity.MEDIUM : Severity.LOW;
      }
      Window w = cell.window() != null ? cell.window() : whole != null ? whole : overlapping.get(0);
      LocalDate from = cell.window() != null ? spans.get(cell)[0] : first;
      LocalDate to = cell.window() != null ? spans.get(cell)[1] : last;
      LinkedHashMap<String, Double> stat = new LinkedHashMap<>();
      stat.put("observed_rate", share);
      stat.put("unit_size", (double) u.atRisk());
      stat.put("unit_removed", (double) u.removed());
      stat.put("window_days", (double) days);
      stat.put(
          "days_before_election_min", (double) ChronoUnit.DAYS.between(to, w.election().date()));
      stat.put(
          "days_before_election_max", (double) ChronoUnit.DAYS.between(from, w.election().date()));
      stat.put("possibly_inside", possibly ? 1.0 : 0.0);

      EvidenceQuery q =
          new EvidenceQuery(List.of(ChangeClass.REMOVED), withDate(cell), null, null)
              .withAnyOf("reason_after", counted);
      if (cell.window() != null) {
        q =
            q.withDates(
                new EvidenceQuery.DateRange(
                    "status_date_after", cell.window().from(), cell.window().to()));
      }
      findings.add(
          new Finding(
              type(),
              rule.name(),
              severity,
              cell.unit().map(),
              new TreeMap<>(),
              affected,
              stat,
              explain(m, rule, cell, e.getValue(), affected, share, w, possibly, overlapping),
              q,
              "the election calendar " + rule.calendar().id()));
    }

    LinkedHashMap<String, Object> method = new LinkedHashMap<>();
    method.put(
        "test",
        "no statistical test: removals with a systematic reason counted against the "
            + days
            + "-day window before each election of the calendar");
    method.put(
        "test_family",
        "every " + level + " with at least " + minAffected + " such removals, per election window");
    method.put("m", cells.size());
    method.put("calendar", rule.calendar().id());
    method.put(
        "calendar_covers_interval",
        !rule.calendar().end().isBefore(last)
            ? "yes"
            : "no: the calendar ends on "
                + rule.calendar().end()
                + ", before this interval does; later elections are not checked");
    method.put(
        "interval_dating",
        whole != null
            ? "undated removals: inside the window of the " + whole.election().describe()
            : overlapping.isEmpty()
                ? "undated removals: outside every window"
                : "undated removals: possibly inside (the interval overlaps the windows of "
                    + String.join(
                        ", ", overlapping.stream().map(x -> x.election().describe()).toList())
                    + ")");
    method.put("dated_outside_windows", datedOutside);
    method.put("below_minimum", belowMinimum);
    method.put("legal_basis", rule.text("legal_basis"));
    return new DetectionResult(findings, method);
  }

  /** The unit, plus status_date_after = null for an undated cell. */
  private static SortedMap<String, String> withDate(Cell cell) {
    SortedMap<String, String> eq = new TreeMap<>(cell.unit().map());
    if (cell.window() == null) {
      eq.put("status_date_after", null);
    }
    return eq;
  }

  private static Severity band(Rule rule, long affected, double share) {
    for (Severity s : List.of(Severity.HIGH, Severity.MEDIUM)) {
      String b = s == Severity.HIGH ? "high" : "medium";
      if (affected >= rule.integer("severity", b, "min_affected")
          && share >= rule.number("severity", b, "min_share")) {
        return s;
      }
    }
    return Severity.LOW;
  }

  private static String explain(
      Metrics m,
      Rule rule,
      Cell cell,
      SortedMap<String, Long> byReason,
      long affected,
      double share,
      Window w,
      boolean possibly,
      List<Window> overlapping) {
    List<String> reasons = new ArrayList<>();
    byReason.forEach(
        (r, n) ->
            reasons.add(
                (org.rollaudit.compare.ChangeSet.ABSENT.equals(r) ? "vanished without a reason" : r)
                    + " "
                    + Plain.count(n)));
    String days = rule.integer("window_days") + " days before the " + w.election().describe();
    StringBuilder sb = new StringBuilder(Plain.sentence(Plain.unit(m, cell.unit().map())));
    sb.append(" removed ")
        .append(Plain.count(affected))
        .append(" voters (")
        .append(Plain.percent(share))
        .append(" of its active and inactive voters) for reasons counted as systematic (")
        .append(String.join(", ", reasons))
        .append(")");
    if (cell.window() != null) {
      sb.append(" with removal dates inside the ").append(days);
    } else if (!possibly) {
      sb.append(' ').append(Plain.period(m)).append(", a period wholly inside the ").append(days);
    } else {
      sb.append(' ')
          .append(Plain.period(m))
          .append(
              "; the file gives no removal dates and this period overlaps the "
                  + rule.integer("window_days")
                  + " days before the ")
          .append(
              String.join(
                  " and the ", overlapping.stream().map(x -> x.election().describe()).toList()))
          .append(", so the removals are possibly inside that window");
    }
    return sb.append(" (")
        .append(rule.text("legal_basis"))
        .append(": systematic removal programs end ")
        .append(rule.integer("window_days"))
        .append(" days before a federal election).")
        .toString();
  }
}
