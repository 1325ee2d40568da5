package org.rollaudit.report;

import static org.rollaudit.report.Markup.p;
import static org.rollaudit.report.Markup.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Finding;
import org.rollaudit.audit.NumberedFinding;
import org.rollaudit.report.Suppression.Mark;

/**
 * One report section per finding: the plain sentence, the figures (as the detector computed them),
 * the counts behind them with 95% intervals, a chart placing the unit or group among its peers, the
 * rule and parameters that fired, and the evidence file.
 */
final class FindingSection {

  private FindingSection() {}

  static String write(ReportContext ctx, NumberedFinding nf) {
    Finding f = nf.finding();
    StringBuilder sb = new StringBuilder();
    sb.append("<section class=\"finding\" id=\"").append(nf.id()).append("\">\n");
    String subject =
        ctx.unitLabel(f.unit())
            + (f.group().isEmpty() ? "" : " \u00b7 " + ReportContext.describe(f.group()));
    sb.append("<h2>")
        .append(nf.id())
        .append(" \u00b7 ")
        .append(Markup.html(HtmlReport.severity(f.severity())))
        .append(" \u00b7 ")
        .append(Html.text(f.rule()))
        .append(" \u00b7 ")
        .append(Html.text(subject))
        .append("</h2>\n");
    sb.append(Markup.el("p", "lead", f.explanation()));

    long confidential =
        nf.evidence().rows().stream().filter(r -> "CONFIDENTIAL".equals(r.get(0))).count();
    List<List<Object>> kv = new ArrayList<>();
    kv.add(List.of("Rule", f.rule() + " (rule entry \u201c" + f.ruleName() + "\u201d)"));
    kv.add(List.of("Where", subject));
    kv.add(List.of("Compared with", f.comparison() == null ? "" : f.comparison()));
    kv.add(List.of("Voters affected", NumberText.count(f.affected())));
    kv.add(
        List.of(
            "Evidence file",
            nf.evidencePath()
                + ": "
                + NumberText.count(nf.evidence().rows().size())
                + " rows, one per affected voter"
                + (confidential > 0
                    ? " ("
                        + NumberText.count(confidential)
                        + " confidential: voter number withheld, still counted)"
                    : "")));
    kv.add(
        List.of(
            "Rule parameters",
            ctx.ruleEntry(f)
                .<Object>map(e -> raw(ReferenceSections.anyValue(e, 0)))
                .orElse("as listed for rule entry \u201c" + f.ruleName() + "\u201d under Method")));
    sb.append(Markup.keyValues(kv));

    sb.append("<h3>Figures</h3>\n").append(figures(f));
    sb.append(counts(ctx, f));
    sb.append("<h3>Chart</h3>\n").append(chart(ctx, nf));
    return sb.append("</section>\n").toString();
  }

  /** The statistic map, exactly as findings.json has it, with readable labels and units. */
  private static String figures(Finding f) {
    List<List<Object>> rows = new ArrayList<>();
    for (Map.Entry<String, Double> e : f.statistic().entrySet()) {
      double v = e.getValue() == null ? Double.NaN : e.getValue();
      rows.add(
          List.of(label(f.rule(), e.getKey()), raw(Html.text(value(e.getKey(), v))), e.getKey()));
    }
    if (rows.isEmpty()) {
      return p("This rule reports no statistic.");
    }
    return Markup.table("figures", List.of("Figure", "#Value", "In findings.json"), rows);
  }

  /** What the observed rate of a rule is a rate of. */
  private static String rateOf(String rule) {
    return switch (rule) {
      case "mass-deletion" -> "Removal rate of the unit";
      case "removal-skew" -> "Removal rate of the group";
      case "bulk-field-change" -> "Share of the unit\u2019s voters with this change";
      case "same-day-batch" -> "Share of the unit\u2019s voters at risk removed in this batch";
      case "nvra-quiet-period" -> "Share of the unit\u2019s voters at risk removed in the window";
      case "notice-wait" -> "Share of the unit\u2019s voters at risk removed before the wait ended";
      case "reregistration-churn" -> "Share of the unit\u2019s removed voters who registered again";
      case "duplicate-match-removal" ->
          "Share of the unit\u2019s voters removed as duplicates of a differing record";
      default -> "Rate observed";
    };
  }

  /** A reader's label for a statistic of findings.json; the key itself for unknown ones. */
  static String label(String rule, String key) {
    return switch (key) {
      case "observed_rate" -> rateOf(rule);
      case "expected_rate" ->
          switch (rule) {
            case "mass-deletion", "removal-skew" -> "Removal rate of the comparison (expected)";
            case "bulk-field-change" -> "Share with this change in the comparison (expected)";
            case "same-day-batch" -> "Share removed this way in the comparison (expected)";
            default -> "Rate expected (comparison)";
          };
      case "observed_ci_low" -> rateOf(rule) + ": 95% interval, low";
      case "observed_ci_high" -> rateOf(rule) + ": 95% interval, high";
      case "rate_ratio" -> "Rate ratio (observed / expected)";
      case "rr_ci_low" -> "Rate ratio: 95% interval, low";
      case "rr_ci_high" -> "Rate ratio: 95% interval, high";
      case "p_value" -> "p-value (chance of a difference at least this large if there were none)";
      case "q_value" -> "q-value (expected share of false alarms among findings this strong)";
      case "unit_size" ->
          rule.equals("bulk-field-change")
              ? "Voters of the unit present in both snapshots"
              : "Voters at risk in the unit";
      case "p_binomial" -> "p-value of the plain binomial test (ignores the spread between units)";
      case "p_overdispersion" -> "p-value allowing for the usual spread between units";
      case "overdispersion_z" -> "z-score allowing for the usual spread between units";
      case "robust_z" -> "Robust z-score of the unit among its peers (median and MAD)";
      case "between_unit_sd" -> "Usual spread between units (SD of the log rate ratio)";
      case "phi" -> "Overdispersion factor (1 = none)";
      case "removed_absent" -> "Removed voters whose records vanished from the file";
      case "batch_share" -> "Share of the unit\u2019s changes of this field that are this change";
      case "reason_share" -> "Share of the unit\u2019s removals in this batch";
      case "unit_removed" -> "All removed voters of the unit";
      case "odds_ratio" -> "Odds ratio (group against the rest)";
      case "or_ci_low" -> "Odds ratio: 95% interval, low";
      case "or_ci_high" -> "Odds ratio: 95% interval, high";
      case "group_removed" -> "Removed voters of the group";
      case "group_at_risk" -> "Voters at risk in the group";
      case "rest_removed" -> "Removed voters of the rest";
      case "rest_at_risk" -> "Voters at risk in the rest";
      case "rest_rate" -> "Removal rate of the rest";
      case "test_statistic" -> "Test statistic";
      case "strata" -> "Strata of the test";
      case "min_expected_cell" -> "Smallest expected cell count of the test";
      case "history_intervals" -> "Earlier intervals of the unit compared";
      case "history_daily_rate" -> "Usual removals per voter-day (median of earlier intervals)";
      case "current_daily_rate" -> "Removals per voter-day in this interval";
      case "history_ratio" -> "Ratio to the unit\u2019s usual rate";
      case "history_robust_z" -> "Robust z-score against the unit\u2019s own history";
      case "history_p_value" -> "p-value against the unit\u2019s own history";
      case "history_q_value" -> "q-value against the unit\u2019s own history";
      case "window_days" -> "Days of the quiet period before the election";
      case "days_before_election_min" -> "Days from the interval\u2019s end to the election";
      case "days_before_election_max" -> "Days from the interval\u2019s start to the election";
      case "possibly_inside" -> "Interval only overlaps the window (1 = yes, 0 = wholly inside)";
      case "min_days_early" -> "Shortest time before the earliest lawful removal (days)";
      default -> key.replace('_', ' ');
    };
  }

  private static final Set<String> RATES =
      Set.of(
          "observed_rate",
          "expected_rate",
          "observed_ci_low",
          "observed_ci_high",
          "rest_rate",
          "batch_share",
          "reason_share");

  private static final Set<String> COUNTS =
      Set.of(
          "unit_size",
          "unit_removed",
          "removed_absent",
          "group_removed",
          "group_at_risk",
          "rest_removed",
          "rest_at_risk",
          "strata",
          "history_intervals",
          "window_days",
          "days_before_election_min",
          "days_before_election_max",
          "possibly_inside",
          "min_days_early");

  static String value(String key, double v) {
    if (key.endsWith("p_value")
        || key.endsWith("q_value")
        || key.equals("p_binomial")
        || key.equals("p_overdispersion")) {
      return HtmlReport.pValue(v);
    }
    if (RATES.contains(key)) {
      return NumberText.percent(v, NumberText.DISPLAY_DIGITS);
    }
    if (COUNTS.contains(key) && Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 1e15) {
      return NumberText.count((long) v);
    }
    if (key.matches(".*rate(_low|_high|_lo|_hi|_lower|_upper)?")
        && !key.startsWith("rate_ratio")
        && !key.endsWith("daily_rate")) {
      return NumberText.percent(v, NumberText.DISPLAY_DIGITS);
    }
    if (key.startsWith("rate_ratio")
        || key.endsWith("_ratio")
        || key.startsWith("odds_ratio")
        || key.startsWith("rr_ci_")
        || key.startsWith("or_ci_")) {
      return NumberText.display(v) + "\u00d7";
    }
    return NumberText.display(v);
  }

  /** The counts of the unit (or group) and of its comparison, with Wilson intervals. */
  private static String counts(ReportContext ctx, Finding f) {
    if (f.rule().equals("bulk-field-change")) {
      // The finding is about changed records, not removals: a removal table would only mislead.
      return "";
    }
    Aggregates a = ctx.aggregates();
    Counts self;
    Counts whole;
    String selfLabel;
    String restLabel;
    if (!f.group().isEmpty()) {
      self = a.group(f.unit(), f.group());
      whole = a.unit(f.unit());
      selfLabel = ReportContext.describe(f.group()) + " in " + ctx.unitLabel(f.unit());
      restLabel = "everyone else in " + ctx.unitLabel(f.unit());
    } else if (!f.unit().isEmpty()) {
      self = a.unit(f.unit());
      Map<String, String> parent = new TreeMap<>(f.unit());
      String parentLabel =
          parent.remove("precinct") != null ? ctx.unitLabel(parent) : "the jurisdiction";
      whole = a.unit(parent.size() == f.unit().size() ? Map.of() : parent);
      selfLabel = ctx.unitLabel(f.unit());
      restLabel = "the rest of " + parentLabel;
    } else {
      return "";
    }
    if (self == null || whole == null) {
      return p("The metrics hold no counts at this grain, so no interval is shown here.");
    }
    Counts rest = minus(whole, self);
    SortedMap<String, Counts> cells = new TreeMap<>();
    cells.put("1", self);
    cells.put("2", rest);
    Map<String, String> labels = Map.of("1", selfLabel, "2", restLabel);
    boolean pinSelf = self.removed() == f.affected();
    List<RateRow> rows =
        RateRow.of(
            cells, labels::get, Set.of("1"), pinSelf ? Set.of("1") : Set.of(), ctx.suppress());
    return "<h3>Counts behind the figures</h3>\n"
        + rateTable(rows)
        + "<p class=\"note\">Counts recomputed from the audit\u2019s metrics for this table; the figures above"
        + " are the rule\u2019s own. Intervals: 95% Wilson score.</p>\n";
  }

  static Counts minus(Counts a, Counts b) {
    return new Counts(
        a.baselineTotal() - b.baselineTotal(),
        a.currentTotal() - b.currentTotal(),
        a.atRisk() - b.atRisk(),
        a.removed() - b.removed(),
        a.removedPresent() - b.removedPresent(),
        a.removedAbsent() - b.removedAbsent(),
        a.added() - b.added(),
        a.reactivated() - b.reactivated(),
        a.changed() - b.changed(),
        a.unchanged() - b.unchanged(),
        a.agedOut() - b.agedOut(),
        a.otherAbsent() - b.otherAbsent());
  }

  /** A rate table with footnotes for suppressed cells; shared with the overview. */
  static String rateTable(List<RateRow> rows) {
    List<List<Object>> out = new ArrayList<>();
    boolean small = false;
    boolean complement = false;
    for (RateRow r : rows) {
      small |= r.removedMark() == Mark.SMALL || r.atRiskMark() == Mark.SMALL;
      complement |= r.removedMark() == Mark.COMPLEMENT || r.atRiskMark() == Mark.COMPLEMENT;
      Object label =
          r.highlighted() ? raw("<strong>" + Html.text(r.label()) + "</strong>") : r.label();
      out.add(
          List.of(
              label,
              Suppression.text(r.atRisk(), r.atRiskMark()),
              Suppression.text(r.removed(), r.removedMark()),
              r.rateText(),
              r.intervalText()));
    }
    String table =
        Markup.table("rates", List.of("", "#At risk", "#Removed", "#Rate", "#95% interval"), out);
    return table + footnotes(small, complement);
  }

  static String footnotes(boolean small, boolean complement) {
    StringBuilder sb = new StringBuilder();
    if (small) {
      sb.append(
          "<p class=\"note\">&lt;11: between 1 and 10 voters; not shown so that no voter can be"
              + " singled out. Rates built on such counts are not shown (\u2014).</p>\n");
    }
    if (complement) {
      sb.append(
          "<p class=\"note\">\u2020: not shown so that a cell marked &lt;11 cannot be worked out"
              + " from a total; this count may be 11 or more.</p>\n");
    }
    return sb.toString();
  }

  /** The highlighted cells whose count the finding publishes as its affected count. */
  private static Set<String> pinned(Map<String, Long> cells, Set<String> highlight, Finding f) {
    Set<String> out = new java.util.TreeSet<>();
    for (String k : highlight) {
      Long n = cells.get(k);
      if (n != null && n == f.affected()) {
        out.add(k);
      }
    }
    return out;
  }

  private static String chart(ReportContext ctx, NumberedFinding nf) {
    Finding f = nf.finding();
    Aggregates a = ctx.aggregates();
    String id = "chart-" + nf.id();
    String county = f.unit().get("county_id");
    String precinct = f.unit().get("precinct");
    if (f.rule().equals("bulk-field-change")
        && f.evidence() != null
        && f.evidence().changeKey() != null) {
      String field = f.evidence().changeKey();
      SortedMap<String, Long> changes = a.fieldChanges(county, precinct, field);
      Set<String> hl =
          f.evidence().changeValue() == null ? Set.of() : Set.of(f.evidence().changeValue());
      List<CountRow> rows =
          CountRow.of(changes, Aggregates::label, hl, pinned(changes, hl, f), ctx.suppress());
      return Markup.figure(
          Charts.bars(id, "Changes of " + field + " in " + ctx.unitLabel(f.unit()), rows, "voters"),
          "Voters whose "
              + field
              + " changed, by kind of change, in "
              + ctx.unitLabel(f.unit())
              + ".");
    }
    if (f.rule().equals("same-day-batch")) {
      Map<String, String> eq = f.evidence() == null ? Map.of() : f.evidence().equals();
      String date = eq.get("status_date_after");
      if (date == null) {
        // A batch by reason (or of undated removals): where its reason stands among the unit's.
        String reason = eq.get("reason_after");
        SortedMap<String, Long> reasons = a.reasons(county, precinct);
        Set<String> hl = reason == null ? Set.of() : Set.of(reason);
        List<CountRow> rows =
            CountRow.of(reasons, Aggregates::label, hl, pinned(reasons, hl, f), ctx.suppress());
        return Markup.figure(
            Charts.bars(
                id, "Removals by reason in " + ctx.unitLabel(f.unit()), rows, "removed voters"),
            "Removed voters of "
                + ctx.unitLabel(f.unit())
                + " by the reason code of the current snapshot"
                + (reason == null
                    ? ""
                    : "; the finding\u2019s reason (" + reason + ") is highlighted")
                + ". ABSENT: the record vanished without a reason.");
      }
      SortedMap<String, Long> dates = a.statusDates(county, precinct);
      List<CountRow> rows =
          CountRow.of(
              dates,
              k -> k.isEmpty() ? "(no status date)" : k,
              Set.of(date),
              pinned(dates, Set.of(date), f),
              ctx.suppress());
      return Markup.figure(
          Charts.bars(
              id, "Removals by status date in " + ctx.unitLabel(f.unit()), rows, "removed voters"),
          "Removed voters by the status date the publisher recorded, in "
              + ctx.unitLabel(f.unit())
              + "; the finding\u2019s date is highlighted.");
    }
    if (!f.group().isEmpty() && precinct == null) {
      String dim = f.group().firstKey();
      if (Aggregates.DIMENSIONS.contains(dim)) {
        SortedMap<String, Counts> groups =
            county == null ? a.byDimension(dim) : a.byDimensionIn(Aggregates.key(county), dim);
        Counts unit = a.unit(f.unit());
        double ref =
            unit == null || unit.atRisk() == 0
                ? Double.NaN
                : (double) unit.removed() / unit.atRisk();
        List<RateRow> rows =
            RateRow.of(
                groups,
                Aggregates::label,
                Set.of(Aggregates.key(f.group().get(dim))),
                Set.of(),
                ctx.suppress());
        return Markup.figure(
            Charts.dotPlot(
                id,
                "Removal rate by " + dim + " in " + ctx.unitLabel(f.unit()),
                rows,
                ref,
                "all voters in the unit " + NumberText.percent(ref, 3)),
            "Removal rate of each "
                + dim.replace('_', ' ')
                + " group in "
                + ctx.unitLabel(f.unit())
                + ", with 95% intervals; the dashed line is the rate of all voters there.");
      }
    }
    if (county != null) {
      boolean byPrecinct = precinct != null;
      SortedMap<String, Counts> peers = byPrecinct ? a.precinctsOf(county) : a.counties();
      String self = byPrecinct ? precinct : county;
      Counts parent =
          byPrecinct ? a.unit(Map.of("county_id", county)) : ctx.result().metrics().total();
      double p0 =
          parent == null || parent.atRisk() == 0
              ? Double.NaN
              : (double) parent.removed() / parent.atRisk();
      List<RateRow> rows =
          RateRow.of(
              peers,
              k -> byPrecinct ? "precinct " + k : a.countyLabel(k),
              Set.of(self),
              Set.of(self),
              ctx.suppress());
      long hidden = rows.stream().filter(RateRow::rateHidden).count();
      String peersName = byPrecinct ? "precinct of the county" : "county";
      return Markup.figure(
          Charts.funnel(
              id,
              "Removal rate of " + ctx.unitLabel(f.unit()) + " among every other " + peersName,
              rows,
              p0),
          "Each dot is one "
              + peersName
              + ": its removal rate against its number of voters at risk. Inside the"
              + " funnel (95% and 99.8% limits around the rate of "
              + (byPrecinct ? "the county" : "the jurisdiction")
              + ", "
              + NumberText.percent(p0, 3)
              + ") lie rates that chance alone would often give."
              + (hidden > 0 ? " " + hidden + " units with hidden counts are not drawn." : ""));
    }
    SortedMap<String, Long> reasons = a.reasons(null, null);
    return Markup.figure(
        Charts.bars(
            id,
            "Removals by reason, whole jurisdiction",
            CountRow.of(reasons, Aggregates::label, Set.of(), ctx.suppress()),
            "removed voters"),
        "Removed voters by reason code across the whole jurisdiction (ABSENT: the record vanished).");
  }
}
