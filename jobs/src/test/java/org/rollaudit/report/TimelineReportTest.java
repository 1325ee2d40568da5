package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.rollaudit.audit.AuditResult;
import org.rollaudit.audit.Counts;
import org.rollaudit.audit.Metrics;
import org.rollaudit.audit.NumberedFinding;

/** A timeline report's finding sections each compare within the finding's own interval. */
class TimelineReportTest {

  @Test
  void eachFindingSectionComparesWithinItsOwnInterval() {
    AuditResult r = Fixtures.sample("public", 6, 40);
    Metrics one = r.metrics();
    Metrics two = doubled(one);
    List<String> ids = r.findings().stream().map(NumberedFinding::id).toList();

    // Findings alternate between the two intervals, and the intervals' objects are shared by
    // several findings each, as in a timeline.
    Document mixed = report(r, ids, i -> i % 2 == 0 ? one : two);
    Document allOne = report(r, ids, i -> one);
    Document allTwo = report(r, ids, i -> two);
    for (int i = 0; i < ids.size(); i++) {
      Document own = i % 2 == 0 ? allOne : allTwo;
      assertEquals(
          own.getElementById(ids.get(i)).outerHtml(),
          mixed.getElementById(ids.get(i)).outerHtml(),
          ids.get(i) + " is shown with its own interval's counts");
    }
    // The two intervals' counts show: the check above can tell them apart.
    assertTrue(
        ids.stream()
            .anyMatch(
                id ->
                    !allOne
                        .getElementById(id)
                        .outerHtml()
                        .equals(allTwo.getElementById(id).outerHtml())));
  }

  private static Document report(AuditResult r, List<String> ids, IntFunction<Metrics> interval) {
    Map<String, Metrics> byFinding = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      byFinding.put(ids.get(i), interval.apply(i));
    }
    LocalDate b = r.baseline().asOf();
    LocalDate c = r.current().asOf();
    Timeline t =
        new Timeline(
            List.of(
                new Timeline.Interval(1, b, b.plusDays(14), 1000, 50, 3),
                new Timeline.Interval(2, b.plusDays(14), c, 1000, 60, 3)),
            List.of(),
            byFinding);
    return Jsoup.parse(HtmlReport.write(r, Optional.empty(), Optional.of(t)));
  }

  /** The same cells with every count doubled. */
  private static Metrics doubled(Metrics m) {
    List<Metrics.DemographicCell> demo = new ArrayList<>();
    for (Metrics.DemographicCell d : m.demographic()) {
      demo.add(
          new Metrics.DemographicCell(
              d.countyId(),
              d.race(),
              d.ethnicity(),
              d.gender(),
              d.ageBand(),
              d.party(),
              twice(d.counts())));
    }
    List<Metrics.PrecinctCell> precincts = new ArrayList<>();
    for (Metrics.PrecinctCell p : m.precincts()) {
      precincts.add(new Metrics.PrecinctCell(p.countyId(), p.precinct(), twice(p.counts())));
    }
    return new Metrics(
        m.baseline(),
        m.current(),
        m.countyNames(),
        demo,
        precincts,
        m.removalReasons(),
        m.fieldChanges(),
        twice(m.total()),
        m.history());
  }

  private static Counts twice(Counts c) {
    return c.plus(c);
  }
}
