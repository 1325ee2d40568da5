package org.rollaudit.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
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
import org.rollaudit.audit.Metrics.DemographicCell;
import org.rollaudit.stats.Bounds;
import org.rollaudit.stats.MultipleTesting;
import org.rollaudit.stats.Proportions;

/**
 * {@code removal-skew}: a demographic group (race, ethnicity, gender, age band, party) removed at a
 * rate far above the rest of its county, or of the state. County tests are 2×2 (Fisher exact when
 * an expected cell is small, else chi-square) or, with {@code county_strata}, Mantel-Haenszel
 * within the county; statewide tests are Mantel-Haenszel over {@code state_strata} (county, and age
 * band where deaths drive lawful removals), so that a group living in high-removal counties is not
 * mistaken for a targeted group (Simpson's paradox). BH runs across every test of the entry. A
 * finding is evidence for review, never a finding of discrimination (domain.md §1.3).
 */
final class RemovalSkewDetector implements Detector {
  private static final String SEP = "\u0000";

  @Override
  public String type() {
    return "removal-skew";
  }

  @Override
  public Set<MetricPart> reads() {
    return EnumSet.of(MetricPart.DEMOGRAPHIC, MetricPart.COUNTY_NAMES);
  }

  /** One test that was run. */
  private record Test(
      String county,
      String dimension,
      String value,
      List<String> strata,
      SkewTable table,
      SkewTable.Result result) {}

  @Override
  public DetectionResult detect(Rule rule, Metrics m) {
    Thresholds t = Thresholds.of(rule);
    long minGroup = rule.integer("min_group_at_risk");
    double fisherBelow = rule.number("fisher_below_expected");
    boolean testUndesignated = rule.flag("test_undesignated");

    List<Test> tests = new ArrayList<>();
    for (String level : rule.texts("levels")) {
      boolean state = "state".equals(level);
      List<String> strataKeys = rule.texts(state ? "state_strata" : "county_strata");
      Map<String, List<DemographicCell>> byUnit = new HashMap<>();
      for (DemographicCell c : m.demographic()) {
        if (state) {
          byUnit.computeIfAbsent("", k -> new ArrayList<>()).add(c);
        } else if (!c.countyId().isEmpty()) {
          byUnit.computeIfAbsent(c.countyId(), k -> new ArrayList<>()).add(c);
        }
      }
      SortedMap<String, List<DemographicCell>> units = new TreeMap<>(Units.IDS);
      units.putAll(byUnit);
      for (Map.Entry<String, List<DemographicCell>> u : units.entrySet()) {
        for (String dim : rule.texts("dimensions")) {
          List<String> keys = strataKeys.stream().filter(k -> !k.equals(dim)).toList();
          // one pass: per stratum totals of the unit, and per value per stratum of the group.
          // Hash maps while summing (a statewide pass adds every cell to hundreds of strata);
          // SkewTable keeps its strata sorted, and values are visited in sorted order.
          Map<String, long[]> totals = new HashMap<>();
          SortedMap<String, Map<String, long[]>> byValue = new TreeMap<>();
          for (DemographicCell c : u.getValue()) {
            String s = stratum(c, keys);
            SkewTable.add(totals, s, c.counts());
            SkewTable.add(
                byValue.computeIfAbsent(c.value(dim), k -> new HashMap<>()), s, c.counts());
          }
          for (Map.Entry<String, Map<String, long[]>> v : byValue.entrySet()) {
            if (v.getKey().isEmpty()
                || (!testUndesignated && undesignated(rule, dim, v.getKey()))) {
              continue;
            }
            SkewTable table = new SkewTable(v.getValue(), totals, !keys.isEmpty());
            if (table.groupAtRisk() < minGroup || table.restAtRisk() < minGroup) {
              continue;
            }
            tests.add(
                new Test(
                    state ? null : u.getKey(),
                    dim,
                    v.getKey(),
                    keys,
                    table,
                    table.test(fisherBelow, t.confidence())));
          }
        }
      }
    }

    boolean[] inFamily = family(rule, tests, t, fisherBelow);
    double[] q = adjust(rule.text("multiplicity"), tests, inFamily);
    int familySize = 0;
    for (boolean b : inFamily) {
      familySize += b ? 1 : 0;
    }
    List<Finding> findings = new ArrayList<>();
    SortedMap<String, Integer> byMethod = new TreeMap<>();
    for (int i = 0; i < tests.size(); i++) {
      Test x = tests.get(i);
      byMethod.merge(x.result().method(), 1, Integer::sum);
      long affected = x.table().groupRemoved();
      if (!inFamily[i] || !t.flags(q[i], x.result().rateRatio(), affected)) {
        continue;
      }
      SortedMap<String, String> unit = new TreeMap<>();
      if (x.county() != null) {
        unit.put("county_id", x.county());
      }
      SortedMap<String, String> group = new TreeMap<>();
      group.put(x.dimension(), x.value());
      SortedMap<String, String> equals = new TreeMap<>(unit);
      equals.putAll(group);
      findings.add(
          new Finding(
              type(),
              rule.name(),
              t.severity(q[i], x.result().rateRatio(), affected),
              unit,
              group,
              affected,
              statistic(x, q[i], t),
              explain(m, rule, x),
              EvidenceQuery.of(List.of(ChangeClass.REMOVED), equals),
              comparison(x)));
    }

    LinkedHashMap<String, Object> method = new LinkedHashMap<>();
    method.put(
        "test",
        "one-sided test that the group's removal rate exceeds the rest of its unit: Fisher exact when"
            + " an expected cell is below "
            + Plain.number(fisherBelow)
            + ", else Pearson chi-square"
            + " (no continuity correction); Mantel-Haenszel (continuity-corrected) across strata when"
            + " strata are set; rate ratio with Katz or Greenland-Robins interval");
    method.put(
        "test_family",
        "every group of "
            + String.join(", ", rule.texts("dimensions"))
            + " in every unit of "
            + String.join(" and ", rule.texts("levels"))
            + " with at least "
            + minGroup
            + " at-risk voters in the group and in the rest"
            + (rule.flag("drop_untestable")
                ? ", less those whose margins could never give a finding (Tarone 1990, Gilbert"
                    + " 2005: smallest attainable p-value above the level, too few removals or too"
                    + " small a rate ratio even if every removal of the unit were in the group); "
                : "; ")
            + rule.text("multiplicity")
            + " across all of them");
    method.put("m", familySize);
    method.put("tests_run", tests.size());
    method.put("tests_untestable", tests.size() - familySize);
    method.put("tests_by_method", new LinkedHashMap<>(byMethod));
    method.put("decision", t.describe());
    return new DetectionResult(findings, method);
  }

  /**
   * Which tests form the multiplicity family: all of them, or with {@code drop_untestable} only
   * those whose margins leave room for a finding (see {@link MultipleTesting#attainable}).
   */
  private static boolean[] family(Rule rule, List<Test> tests, Thresholds t, double fisherBelow) {
    boolean[] all = new boolean[tests.size()];
    Arrays.fill(all, true);
    if (!rule.flag("drop_untestable")) {
      return all;
    }
    double[] minP = new double[tests.size()];
    for (int i = 0; i < minP.length; i++) {
      SkewTable extreme = tests.get(i).table().mostExtreme();
      SkewTable.Result r = extreme.test(fisherBelow, t.confidence());
      // q = 0: whether the rate-ratio and count conditions could ever pass, whatever the p-value
      minP[i] = t.flags(0, r.rateRatio(), extreme.groupRemoved()) ? r.pValue() : 1;
    }
    return MultipleTesting.attainable(minP, t.maxQ());
  }

  /** q-values over the family; 1 for tests outside it (they can never be a finding). */
  private static double[] adjust(String method, List<Test> tests, boolean[] inFamily) {
    double[] p = new double[tests.size()];
    int n = 0;
    for (int i = 0; i < p.length; i++) {
      if (inFamily[i]) {
        p[n++] = tests.get(i).result().pValue();
      }
    }
    double[] adjusted = MultipleTesting.adjust(method, Arrays.copyOf(p, n));
    double[] q = new double[p.length];
    Arrays.fill(q, 1.0);
    for (int i = 0, j = 0; i < q.length; i++) {
      if (inFamily[i]) {
        q[i] = adjusted[j++];
      }
    }
    return q;
  }

  private static String stratum(DemographicCell c, List<String> keys) {
    StringBuilder s = new StringBuilder();
    for (String k : keys) {
      s.append("county_id".equals(k) ? c.countyId() : c.value(k)).append(SEP);
    }
    return s.toString();
  }

  private static boolean undesignated(Rule rule, String dim, String v) {
    return rule.has("undesignated", dim) && rule.texts("undesignated", dim).contains(v);
  }

  private static LinkedHashMap<String, Double> statistic(Test x, double q, Thresholds t) {
    SkewTable tb = x.table();
    SkewTable.Result r = x.result();
    double observed = (double) tb.groupRemoved() / tb.groupAtRisk();
    Bounds ob =
        Proportions.reported(tb.groupRemoved(), tb.groupAtRisk(), t.confidence(), t.exactBelow());
    LinkedHashMap<String, Double> s = new LinkedHashMap<>();
    RateScreen.put(s, "observed_rate", observed);
    RateScreen.put(s, "expected_rate", tb.expectedRate());
    RateScreen.put(s, "rate_ratio", r.rateRatio());
    RateScreen.put(s, "rr_ci_low", r.rateRatioBounds().low());
    RateScreen.put(s, "rr_ci_high", r.rateRatioBounds().high());
    RateScreen.put(s, "p_value", r.pValue());
    RateScreen.put(s, "q_value", q);
    RateScreen.put(s, "observed_ci_low", ob.low());
    RateScreen.put(s, "observed_ci_high", ob.high());
    RateScreen.put(s, "odds_ratio", r.oddsRatio());
    RateScreen.put(s, "or_ci_low", r.oddsRatioBounds().low());
    RateScreen.put(s, "or_ci_high", r.oddsRatioBounds().high());
    RateScreen.put(s, "group_removed", tb.groupRemoved());
    RateScreen.put(s, "group_at_risk", tb.groupAtRisk());
    RateScreen.put(s, "rest_removed", tb.restRemoved());
    RateScreen.put(s, "rest_at_risk", tb.restAtRisk());
    RateScreen.put(
        s, "rest_rate", tb.restAtRisk() > 0 ? (double) tb.restRemoved() / tb.restAtRisk() : 0);
    RateScreen.put(s, "test_statistic", r.statistic());
    RateScreen.put(s, "strata", tb.strataCount());
    RateScreen.put(s, "min_expected_cell", r.minExpected());
    return s;
  }

  private static String comparison(Test x) {
    String base = x.county() == null ? "rest of state" : "rest of county";
    if (x.strata().isEmpty()) {
      return base + " (" + x.result().method() + ")";
    }
    return base + ", within the same " + strataWords(x.strata()) + " (" + x.result().method() + ")";
  }

  private static String strataWords(List<String> keys) {
    return String.join(
        " and ",
        keys.stream().map(k -> "county_id".equals(k) ? "county" : k.replace('_', ' ')).toList());
  }

  private static String explain(Metrics m, Rule rule, Test x) {
    SkewTable tb = x.table();
    String who = groupWords(rule, x.dimension(), x.value());
    double observed = (double) tb.groupRemoved() / tb.groupAtRisk();
    double rest = tb.restAtRisk() > 0 ? (double) tb.restRemoved() / tb.restAtRisk() : 0;
    StringBuilder b = new StringBuilder();
    b.append(x.county() == null ? "Across the state, " : "In " + Plain.county(m, x.county()) + ", ")
        .append(Plain.percent(observed))
        .append(" of ")
        .append(who)
        .append(" were removed ")
        .append(Plain.period(m))
        .append(" (")
        .append(Plain.count(tb.groupRemoved()))
        .append(" of ")
        .append(Plain.count(tb.groupAtRisk()))
        .append("), against ")
        .append(tb.restRemoved() == 0 ? "none" : Plain.percent(rest))
        .append(x.county() == null ? " of other voters" : " of the county's other voters");
    if (tb.restRemoved() == 0) {
      // no ratio to quote: the rest had no removals at all
    } else if (x.strata().isEmpty()) {
      b.append(" (").append(Plain.times(x.result().rateRatio())).append(" as often)");
    } else {
      b.append("; comparing voters of the same ")
          .append(strataWords(x.strata()))
          .append(", ")
          .append(Plain.times(x.result().rateRatio()))
          .append(" as often");
    }
    if (undesignated(rule, x.dimension(), x.value())) {
      b.append("; code ")
          .append(x.value())
          .append(" means the ")
          .append(x.dimension().replace('_', ' '))
          .append(" was not stated, so this group mixes many kinds of voters");
    }
    return b.append('.').toString();
  }

  /** "Black voters (race B)", or "voters with race code B" when the rule file has no label. */
  private static String groupWords(Rule rule, String dim, String v) {
    String dimWords = dim.replace('_', ' ');
    String label = rule.textMap("labels", dim).get(v);
    if ("age_band".equals(dim)) {
      return "unknown".equals(v) ? "voters of unknown age" : "voters aged " + v;
    }
    return label != null
        ? label + " voters (" + dimWords + " " + v + ")"
        : "voters with " + dimWords + " code " + v;
  }
}
