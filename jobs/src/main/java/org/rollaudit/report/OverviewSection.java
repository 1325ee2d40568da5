package org.rollaudit.report;

import static org.rollaudit.report.Markup.p;
import static org.rollaudit.report.Markup.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.rollaudit.audit.Counts;
import org.rollaudit.report.Suppression.Mark;

/**
 * Overview charts and tables: removal rate by county (findings highlighted), removals by reason,
 * and removal rate by each demographic dimension. Each table is a partition of a total the reader
 * knows, and is suppressed as one.
 */
final class OverviewSection {

  private OverviewSection() {}

  static String write(ReportContext ctx) {
    StringBuilder sb =
        new StringBuilder("<section class=\"page-break\" id=\"overview\">\n<h2>Overview</h2>\n");
    sb.append(
        p("The whole jurisdiction, for context. Units that a finding is about are highlighted."));
    sb.append(counties(ctx));
    sb.append(reasons(ctx));
    sb.append(groups(ctx));
    return sb.append("</section>\n").toString();
  }

  private static String counties(ReportContext ctx) {
    Aggregates a = ctx.aggregates();
    SortedMap<String, Counts> counties = a.counties();
    if (counties.isEmpty()) {
      return "<h3>Removal rate by county</h3>\n" + p("The metrics hold no county counts.");
    }
    Map<String, List<String>> byCounty = ctx.findingsByCounty();
    List<RateRow> rows =
        RateRow.of(
            counties,
            a::countyLabel,
            byCounty.keySet(),
            RateRow.removalsPublished(counties, ctx.result().findings()),
            ctx.suppress());
    double p0 = ctx.stateRate();
    StringBuilder sb = new StringBuilder("<h3>Removal rate by county</h3>\n");
    sb.append(
        Markup.figure(
            Charts.dotPlot(
                "chart-counties",
                "Removal rate by county",
                rows,
                p0,
                "jurisdiction " + NumberText.percent(p0, 3)),
            "Share of voters active or inactive at baseline who were removed by the current snapshot, per county,"
                + " with 95% intervals; highest first. The dashed line is the jurisdiction\u2019s rate."
                + (rows.size() > Charts.MAX_ROWS
                    ? " With "
                        + rows.size()
                        + " counties, the chart shows the "
                        + Charts.HEAD_ROWS
                        + " highest, the "
                        + Charts.TAIL_ROWS
                        + " lowest and those with findings; the table lists all."
                    : "")));
    List<List<Object>> out = new ArrayList<>();
    boolean small = false;
    boolean complement = false;
    for (RateRow r : rows) {
      small |= r.removedMark() == Mark.SMALL || r.atRiskMark() == Mark.SMALL;
      complement |= r.removedMark() == Mark.COMPLEMENT || r.atRiskMark() == Mark.COMPLEMENT;
      List<String> ids = byCounty.getOrDefault(r.key(), List.of());
      StringBuilder links = new StringBuilder();
      for (String id : ids) {
        links
            .append(links.length() == 0 ? "" : " ")
            .append("<a href=\"#")
            .append(id)
            .append("\">")
            .append(id)
            .append("</a>");
      }
      out.add(
          List.of(
              r.highlighted() ? raw("<strong>" + Html.text(r.label()) + "</strong>") : r.label(),
              Suppression.text(r.atRisk(), r.atRiskMark()),
              Suppression.text(r.removed(), r.removedMark()),
              r.rateText(),
              r.intervalText(),
              raw(links.toString())));
    }
    Counts t = ctx.result().metrics().total();
    out.add(
        List.of(
            raw("<strong>Whole jurisdiction</strong>"),
            NumberText.count(t.atRisk()),
            NumberText.count(t.removed()),
            NumberText.percent(p0, 3),
            "",
            ""));
    sb.append(
        Markup.table(
            "rates",
            List.of("County", "#At risk", "#Removed", "#Rate", "#95% interval", "Findings"),
            out));
    return sb.append(FindingSection.footnotes(small, complement)).toString();
  }

  private static String reasons(ReportContext ctx) {
    SortedMap<String, Long> reasons = ctx.aggregates().reasons(null, null);
    StringBuilder sb = new StringBuilder("<h3>Removals by reason</h3>\n");
    if (reasons.isEmpty()) {
      return sb.append(p("The metrics hold no removal reasons.")).toString();
    }
    List<CountRow> rows = CountRow.of(reasons, Aggregates::label, Set.of(), ctx.suppress());
    sb.append(
        Markup.figure(
            Charts.bars("chart-reasons", "Removals by reason", rows, "removed voters"),
            "Removed voters by the reason code of the current snapshot; ABSENT means the record vanished without one."));
    List<List<Object>> out = new ArrayList<>();
    boolean small = false;
    boolean complement = false;
    long total = 0;
    for (CountRow r : rows) {
      small |= r.mark() == Mark.SMALL;
      complement |= r.mark() == Mark.COMPLEMENT;
      total += r.count();
      out.add(List.of(r.label(), r.countText()));
    }
    out.add(List.of(raw("<strong>All reasons</strong>"), NumberText.count(total)));
    sb.append(Markup.table("reasons", List.of("Reason", "#Removed"), out));
    return sb.append(FindingSection.footnotes(small, complement)).toString();
  }

  private static String groups(ReportContext ctx) {
    StringBuilder sb = new StringBuilder("<h3>Removal rate by demographic group</h3>\n");
    Aggregates a = ctx.aggregates();
    Set<String> flagged = new java.util.TreeSet<>();
    ctx.result()
        .findings()
        .forEach(
            nf -> nf.finding().group().forEach((k, v) -> flagged.add(k + "=" + Aggregates.key(v))));
    boolean any = false;
    double p0 = ctx.stateRate();
    for (String dim : Aggregates.DIMENSIONS) {
      SortedMap<String, Counts> cells = a.byDimension(dim);
      if (cells.isEmpty() || (cells.size() == 1 && cells.containsKey(""))) {
        continue;
      }
      any = true;
      Set<String> hl = new java.util.TreeSet<>();
      for (String k : cells.keySet()) {
        if (flagged.contains(dim + "=" + k)) {
          hl.add(k);
        }
      }
      List<RateRow> rows = RateRow.of(cells, Aggregates::label, hl, Set.of(), ctx.suppress());
      String name = dim.replace('_', ' ');
      sb.append("<h4>By ").append(Html.text(name)).append("</h4>\n");
      sb.append(
          Markup.figure(
              Charts.dotPlot(
                  "chart-group-" + dim.replace('_', '-'),
                  "Removal rate by " + name,
                  rows,
                  p0,
                  "jurisdiction " + NumberText.percent(p0, 3)),
              "Removal rate of each "
                  + name
                  + " code across the jurisdiction, with 95% intervals. Groups named in a"
                  + " finding are highlighted; a finding compares a group with the rest of its own county."));
      sb.append(FindingSection.rateTable(rows));
    }
    if (!any) {
      sb.append(p("The metrics hold no demographic counts."));
    }
    return sb.toString();
  }
}
