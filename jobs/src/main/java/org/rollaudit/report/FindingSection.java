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
                .<Object>map(e -> raw(ReferenceSections.anyValue(e, 1)))
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
      rows.add(List.of(label(e.getKey()), raw(Html.text(value(e.getKey(), v))), e.getKey()));
    }
    if (rows.isEmpty()) {
      return p("This rule reports no statistic.");
    }
    return Markup.table("figures", List.of("Figure", "#Value", "Name in findings.json"), rows);
  }

  static String label(String key) {
    return switch (key) {
      case "observed_rate" -> "Removal rate observed";
      case "expected_rate" -> "Removal rate expected (comparison)";
      case "rate_ratio" -> "Rate ratio (observed / expected)";
      case "p_value" -> "p-value (chance of a difference at least this large if there were none)";
      case "q_value" -> "q-value (expected share of false alarms among findings this strong)";
      default -> key.replace('_', ' ');
    };
  }

  static String value(String key, double v) {
    if (key.equals("p_value") || key.equals("q_value")) {
      return HtmlReport.pValue(v);
    }
    if (key.matches(".*rate(_low|_high|_lo|_hi|_lower|_upper)?") && !key.startsWith("rate_ratio")) {
      return NumberText.percent(v, NumberText.DISPLAY_DIGITS);
    }
    if (key.startsWith("rate_ratio") || key.endsWith("_ratio") || key.startsWith("odds_ratio")) {
      return NumberText.display(v) + "\u00d7";
    }
    return NumberText.display(v);
  }

  /** The counts of the unit (or group) and of its comparison, with Wilson intervals. */
  private static String counts(ReportContext ctx, Finding f) {
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
      List<CountRow> rows = CountRow.of(changes, Aggregates::label, hl, ctx.suppress());
      return Markup.figure(
          Charts.bars(id, "Changes of " + field + " in " + ctx.unitLabel(f.unit()), rows, "voters"),
          "Voters whose "
              + field
              + " changed, by kind of change, in "
              + ctx.unitLabel(f.unit())
              + ".");
    }
    if (f.rule().equals("same-day-batch")) {
      SortedMap<String, Long> dates = a.statusDates(county, precinct);
      Set<String> hl = new java.util.HashSet<>();
      if (f.evidence() != null) {
        f.evidence()
            .equals()
            .forEach(
                (k, v) -> {
                  if (k.contains("date") && v != null) {
                    hl.add(v);
                  }
                });
      }
      List<CountRow> rows =
          CountRow.of(dates, k -> k.isEmpty() ? "(no status date)" : k, hl, ctx.suppress());
      return Markup.figure(
          Charts.bars(
              id, "Removals by status date in " + ctx.unitLabel(f.unit()), rows, "removed voters"),
          "Removed voters by the status date the publisher recorded, in "
              + ctx.unitLabel(f.unit())
              + ".");
    }
    if (!f.group().isEmpty() && precinct == null) {
      String dim = f.group().firstKey();
      if (Aggregates.DIMENSIONS.contains(dim)) {
        SortedMap<String, Counts> groups = a.byDimension(dim, c -> Aggregates.inUnit(c, f.unit()));
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
