package org.rollaudit.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.apache.commons.statistics.interval.Interval;

/** Renders the evaluation: results.json's tree, RESULTS.md and rules/error-rates.yaml. */
final class ResultsText {
  private ResultsText() {}

  static final List<String> PLANT_ORDER =
      List.of(
          "mass-deletion",
          "removal-skew",
          "bulk-field-change",
          "same-day-batch",
          "nvra-quiet-period",
          "notice-wait",
          "reregistration-churn",
          "duplicate-match-removal");

  // ------------------------------------------------------------------ aggregates

  private static double perAudit(DetectorEvaluation.Report r, String severity) {
    return r.cleans.stream().mapToInt(c -> c.bySeverity().get(severity)).sum()
        / (double) r.cleans.size();
  }

  private static long auditsWith(DetectorEvaluation.Report r, String severity) {
    return r.cleans.stream().filter(c -> c.bySeverity().get(severity) > 0).count();
  }

  private static SortedMap<String, int[]> byRule(DetectorEvaluation.Report r) {
    SortedMap<String, int[]> out = new TreeMap<>();
    for (PipelineStudy.Clean c : r.cleans) {
      c.byRule()
          .forEach(
              (k, v) -> {
                int[] t = out.computeIfAbsent(k, x -> new int[3]);
                for (int i = 0; i < 3; i++) {
                  t[i] += v[i];
                }
              });
    }
    return out;
  }

  /**
   * nvra-quiet-period scored as an excess (planted voters in the evidence ÷ (affected − expected)),
   * lowest over the seeds, for the text; "—" when no seed has it.
   */
  private static String quietExcessShare(DetectorEvaluation.Report r) {
    double min = Double.NaN;
    for (PipelineStudy.PlantScore p : plants(r, "nvra-quiet-period")) {
      double excess = p.affected() - p.expectedBackground();
      if (p.detected() && excess > 0) {
        double v = Math.min(1, p.recall() * p.planted() / excess);
        min = Double.isNaN(min) ? v : Math.min(min, v);
      }
    }
    return Double.isNaN(min) ? "—" : f(min, 3);
  }

  private static List<PipelineStudy.PlantScore> plants(DetectorEvaluation.Report r, String id) {
    return r.plants.stream().filter(p -> p.plant().equals(id)).toList();
  }

  private static double min(
      List<PipelineStudy.PlantScore> l, ToDoubleFunction<PipelineStudy.PlantScore> f) {
    return l.stream()
        .filter(PipelineStudy.PlantScore::detected)
        .mapToDouble(f)
        .min()
        .orElse(Double.NaN);
  }

  private static double mean(
      List<PipelineStudy.PlantScore> l, ToDoubleFunction<PipelineStudy.PlantScore> f) {
    return l.stream()
        .filter(PipelineStudy.PlantScore::detected)
        .mapToDouble(f)
        .average()
        .orElse(Double.NaN);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return PipelineStudy.quantile(s, 0.5);
  }

  private static double[] spread(
      DetectorEvaluation.Report r, ToDoubleFunction<PipelineStudy.Spread> f) {
    return r.cleans.stream().map(PipelineStudy.Clean::spread).mapToDouble(f).toArray();
  }

  private static SimStudies.PowerCurve curve(
      DetectorEvaluation.Report r, String rule, int days, int size) {
    return r.power.stream()
        .filter(c -> c.rule().equals(rule) && c.days() == days && c.atRisk() == size)
        .findFirst()
        .orElse(null);
  }

  // ------------------------------------------------------------------ results.json

  static Map<String, Object> json(DetectorEvaluation.Report r) {
    Map<String, Object> m = new LinkedHashMap<>();
    DetectorEvaluation.Options o = r.o;
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("voters", o.voters);
    settings.put("snapshots_per_roll", PipelineAudits.SNAPSHOTS);
    settings.put("first_as_of", PipelineAudits.CLEAN_START.toString());
    settings.put("planted", PipelineAudits.PLANTS);
    settings.put("quiet_period_roll_voters", PipelineAudits.quietVoters(o.voters));
    settings.put("quiet_period_roll_first_as_of", PipelineAudits.QUIET_START.toString());
    settings.put("clean_seeds", "1-" + o.clean);
    settings.put("planted_seeds", o.planted == 0 ? "none" : "1-" + o.planted);
    settings.put("null_simulations", o.nullSims);
    settings.put("mass_deletion_reps", o.massReps);
    settings.put("skew_reps", o.skewReps);
    settings.put("interval_days", Arrays.stream(o.days).boxed().toList());
    settings.put("simulation_seed", DetectorEvaluation.SIM_SEED);
    m.put("settings", settings);
    if (!r.cleans.isEmpty()) {
      Map<String, Object> clean = new LinkedHashMap<>();
      clean.put("audits", r.cleans.size());
      clean.put("high_per_audit", perAudit(r, "high"));
      clean.put("medium_per_audit", perAudit(r, "medium"));
      clean.put("low_per_audit", perAudit(r, "low"));
      Map<String, Object> rules = new LinkedHashMap<>();
      byRule(r).forEach((k, v) -> rules.put(k, Map.of("high", v[0], "medium", v[1], "low", v[2])));
      clean.put("by_rule_total", rules);
      clean.put("tests_per_rule_entry", r.tests);
      List<Object> per = new ArrayList<>();
      for (PipelineStudy.Clean c : r.cleans) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("seed", c.seed());
        a.put("findings", c.bySeverity());
        Map<String, Object> br = new LinkedHashMap<>();
        c.byRule().forEach((k, v) -> br.put(k, Arrays.stream(v).boxed().toList()));
        a.put("by_rule_high_medium_low", br);
        a.put("medium_or_high", c.notable());
        a.put("county_spread", c.spread());
        a.put("seconds", PipelineStudy.round(c.seconds(), 1));
        per.add(a);
      }
      clean.put("per_audit", per);
      m.put("clean_audits", clean);
    }
    if (!r.plants.isEmpty()) {
      m.put("planted", r.plants);
      m.put("planted_background", r.backgrounds);
    }
    if (r.nulls != null) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("result", r.nulls);
      n.put("skew_rate", r.nulls.skewRate());
      n.put(
          "skew_ci95",
          List.of(r.nulls.skewInterval().getLowerBound(), r.nulls.skewInterval().getUpperBound()));
      n.put("t11_bound", r.nulls.bound());
      n.put("mass_rate", (double) r.nulls.massRolls() / r.nulls.sims());
      n.put(
          "mass_ci95",
          List.of(r.nulls.massInterval().getLowerBound(), r.nulls.massInterval().getUpperBound()));
      m.put("null_simulations", n);
    }
    if (!r.power.isEmpty()) {
      m.put("state_removal_rate_by_interval_days", r.stateRate);
      m.put("power", r.power);
    }
    return m;
  }

  // ------------------------------------------------------------------ formatting

  static String f(double x, int digits) {
    if (!Double.isFinite(x)) {
      return "—";
    }
    return String.format(Locale.ROOT, "%." + digits + "f", x);
  }

  static String pct(double x, int digits) {
    return Double.isFinite(x) ? f(100 * x, digits) + "%" : "—";
  }

  static String multiple(double x) {
    if (!Double.isFinite(x)) {
      return "> 50";
    }
    return x < 10 ? f(x, 1) : f(x, 0);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String row(Object... cells) {
    StringBuilder b = new StringBuilder("|");
    for (Object c : cells) {
      b.append(' ').append(c).append(" |");
    }
    return b.append('\n').toString();
  }

  private static String sep(int n) {
    return "|" + "---|".repeat(n) + "\n";
  }

  private static String yes(boolean b) {
    return b ? "yes" : "**no**";
  }

  private static String ci(Interval i) {
    return "[" + pct(i.getLowerBound(), 2) + ", " + pct(i.getUpperBound(), 2) + "]";
  }

  // ------------------------------------------------------------------ RESULTS.md

  static String markdown(DetectorEvaluation.Report r) {
    DetectorEvaluation.Options o = r.o;
    StringBuilder b = new StringBuilder();
    b.append("# Detector evaluation\n\n");
    b.append(
        "Generated by `"
            + o.command
            + "` ("
            + "`jobs/src/test/java/org/rollaudit/eval/DetectorEvaluation.java`); do not edit by hand."
            + (o.quick ? " **Quick run: too few seeds for the figures to mean much.**" : "")
            + (!o.quick && reduced(o)
                ? " **Reduced run** (the machine was shared and the full study did not fit in the"
                    + " time available): "
                    + o.clean
                    + " clean and "
                    + o.planted
                    + " planted seeds instead of 20 and 10, "
                    + count(o.nullSims)
                    + " null rolls, "
                    + o.massReps
                    + " and "
                    + o.skewReps
                    + " simulated audits per power point (full: 1,000, 400, 100). Counts over so few"
                    + " seeds are rough; run `eval/run.sh` on a quiet machine for the full study."
                : "")
            + "\n\n");
    b.append(row("", ""));
    b.append(sep(2));
    b.append(
        row(
            "software",
            "rollaudit " + org.rollaudit.audit.Version.software().replace("rollaudit ", "")));
    b.append(row("measured on", java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
    b.append(row("rules digest", "`" + r.rules.digest() + "`"));
    b.append(
        row(
            "seeds",
            "pipeline: clean 1–"
                + o.clean
                + (o.planted > 0 ? ", planted 1–" + o.planted : "")
                + "; simulations: base seed "
                + DetectorEvaluation.SIM_SEED));
    b.append(
        row(
            "run time",
            f(r.timing.getOrDefault("total_seconds", 0.0) / 60, 1)
                + " min on 2 cores ("
                + timingWords(r.timing)
                + String.format(
                    Locale.ROOT,
                    "; shared machine, load average %.1f at the end",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage())
                + ")"));
    b.append('\n');
    summary(r, b);
    if (!r.cleans.isEmpty()) {
      cleanSection(r, b);
    }
    if (!r.plants.isEmpty()) {
      plantSection(r, b);
    }
    if (!r.power.isEmpty()) {
      powerSection(r, b);
    }
    if (r.nulls != null) {
      nullSection(r, b);
    }
    b.append("## Reproduce\n\n```\n")
        .append(
            "eval/run.sh            # full run (this file, results.json, rules/error-rates.yaml)\n")
        .append(
            "eval/run.sh --quick    # smoke run, 100,000 voters, about 10 min; writes eval/quick/ only\n```\n\n")
        .append(
            "Every seed is fixed, so a rerun with the same software and rules gives the same"
                + " counts (run times differ).\n");
    return b.toString();
  }

  private static String timingWords(Map<String, Double> t) {
    List<String> parts = new ArrayList<>();
    t.forEach(
        (k, v) -> {
          if (!k.equals("total_seconds")) {
            parts.add(k.replace("_seconds", "").replace('_', ' ') + " " + f(v / 60, 1) + " min");
          }
        });
    return String.join(", ", parts);
  }

  private static void summary(DetectorEvaluation.Report r, StringBuilder b) {
    b.append("## Summary\n\n");
    b.append(row("measure", "goal", "result", "met"));
    b.append(sep(4));
    if (!r.cleans.isEmpty()) {
      long highAudits = auditsWith(r, "high");
      b.append(
          row(
              "high findings in "
                  + r.cleans.size()
                  + " clean "
                  + count(r.o.voters)
                  + "-voter audits",
              "none",
              highAudits == 0 ? "none" : highAudits + " audits with a high finding",
              yes(highAudits == 0)));
      double med = perAudit(r, "medium");
      b.append(
          row(
              "medium findings per clean audit",
              "at most 1 on average",
              f(med, 2)
                  + " ("
                  + auditsWith(r, "medium")
                  + " of "
                  + r.cleans.size()
                  + " audits have one)",
              yes(med <= 1)));
    }
    if (!r.plants.isEmpty()) {
      for (String id : PLANT_ORDER) {
        List<PipelineStudy.PlantScore> l = plants(r, id);
        long hit = l.stream().filter(PipelineStudy.PlantScore::detected).count();
        double recall = min(l, PipelineStudy.PlantScore::recall);
        double prec = min(l, PipelineStudy.PlantScore::claimPrecision);
        b.append(
            row(
                "`" + id + "` plant: detected; evidence recall (min); precision (min)",
                "every seed; ≥ 0.95; ≥ 0.90",
                hit + " of " + l.size() + "; " + f(recall, 3) + "; " + f(prec, 3),
                yes(hit == l.size() && recall >= 0.95 && prec >= 0.90)
                    + (hit < l.size() && id.equals("removal-skew")
                        ? " (plant at the detection limit, section 2)"
                        : "")));
      }
    }
    if (r.nulls != null) {
      SimStudies.NullResult n = r.nulls;
      double high = (double) n.massHighFlags() / n.sims();
      double medium = (double) n.massMediumFlags() / n.sims();
      b.append(
          row(
              "`mass-deletion-county` on "
                  + count(n.sims())
                  + " null rolls: high / medium findings per roll",
              "no high in 20 audits; ≤ 1 medium per audit",
              String.format(Locale.ROOT, "%.3f / %.3f", high, medium),
              yes(20 * high < 0.5 && medium <= 1)));
    }
    if (r.nulls != null) {
      SimStudies.NullResult n = r.nulls;
      b.append(
          row(
              "removal-skew false-positive rate, " + count(n.sims()) + " null rolls (T11)",
              "≤ α + 95% margin = " + pct(n.bound(), 2),
              pct(n.skewRate(), 2) + " " + ci(n.skewInterval()),
              yes(n.skewRate() <= n.bound())));
    }
    b.append('\n');
  }

  private static void cleanSection(DetectorEvaluation.Report r, StringBuilder b) {
    DetectorEvaluation.Options o = r.o;
    b.append("## 1. False alarms per clean audit\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%d clean rolls (`SyntheticRoll`, %s voters, `plants none`, seeds 1–%d, %d snapshots"
                + " 28 days apart from %s), each through the real pipeline: `IngestJob` (strict"
                + " ingest into a store) for every file, then `AuditPipeline.run` on the last pair"
                + " with the store's earlier snapshots as history (change set, metrics, every"
                + " shipped rule, evidence, bundle; public disclosure). Every finding of a clean"
                + " roll is a false alarm. The earlier snapshots give the rules over history"
                + " (`notice-wait`, `reregistration-churn`) removals and notices to look back on."
                + " **Dates outside every quiet window**: no interval lies in the 90 days before a"
                + " federal election of rules/elections/nc.yaml (none between 5 Nov 2024 and 3 Mar"
                + " 2026). The generator removes for moves and inactivity all year, and inside a"
                + " window those removals are reportable facts (domain.md §1.2), not false alarms;"
                + " so `nvra-quiet-period` must stay silent here, and its count below checks the"
                + " calendar arithmetic only. Its detection is measured in section 2.%n%n",
            r.cleans.size(),
            count(o.voters),
            o.clean,
            PipelineAudits.SNAPSHOTS,
            PipelineAudits.CLEAN_START));
    b.append(row("rule entry", "tests per audit (m)", "high", "medium", "low", "medium per audit"));
    b.append(sep(6));
    SortedMap<String, int[]> by = byRule(r);
    for (String name : r.tests.keySet()) {
      int[] v = by.getOrDefault(name, new int[3]);
      b.append(
          row(
              "`" + name + "`",
              r.tests.get(name),
              v[0],
              v[1],
              v[2],
              f(v[1] / (double) r.cleans.size(), 2)));
    }
    int[] tot = new int[3];
    by.values()
        .forEach(
            v -> {
              for (int i = 0; i < 3; i++) {
                tot[i] += v[i];
              }
            });
    b.append(
        row(
            "**all, per audit**",
            "",
            f(tot[0] / (double) r.cleans.size(), 2),
            f(tot[1] / (double) r.cleans.size(), 2),
            f(tot[2] / (double) r.cleans.size(), 2),
            ""));
    b.append('\n');
    List<Map<String, Object>> notable = new ArrayList<>();
    r.cleans.forEach(c -> notable.addAll(c.notable()));
    if (notable.isEmpty()) {
      b.append("No clean audit had a medium or high finding.\n\n");
    } else {
      b.append("Medium and high findings on clean rolls:\n\n");
      b.append(row("seed", "rule entry", "severity", "unit", "what", "voters", "rate ratio", "q"));
      b.append(sep(8));
      for (Map<String, Object> n : notable) {
        b.append(
            row(
                n.get("seed"),
                "`" + n.get("rule") + "`",
                n.get("severity"),
                n.get("unit"),
                n.get("what"),
                n.get("affected"),
                n.get("rate_ratio"),
                n.get("q_value")));
      }
      b.append('\n');
    }

    b.append("### County removal rates in these rolls\n\n");
    b.append(
        "Per clean audit, over counties with at least "
            + "the mass-deletion rule's `min_at_risk` active or inactive voters:"
            + " y = ln(county removal rate ÷ rest of state) with the ½ corrections of the"
            + " random-effects screen. Median over the audits [min–max]:\n\n");
    b.append(row("figure", "measured", "reference"));
    b.append(sep(3));
    b.append(
        row(
            "state removal rate (28 days)",
            range(spread(r, PipelineStudy.Spread::stateRate), true),
            "generator target: about 0.5% per 4 weeks (domain.md §6); real NC 2020–2022: "
                + EAVS_NC_2022_RATE
                + " over 2 years"));
    b.append(row("counties tested", range(spread(r, s -> s.counties()), false, 0), ""));
    b.append(
        row(
            "SD of y (sampling noise included)",
            range(spread(r, PipelineStudy.Spread::sdLogRatio), false),
            ""));
    b.append(
        row(
            "robust SD of y (1.4826·MAD)",
            range(spread(r, PipelineStudy.Spread::robustSdLogRatio), false),
            ""));
    b.append(
        row(
            "between-county SD net of sampling noise, √(var y − mean Katz variance)",
            range(spread(r, PipelineStudy.Spread::netSd), false),
            "generator design: 0.35 (fixed county multipliers); real NC counties over 2020–2022"
                + " (EAVS, 2 years): "
                + EAVS_NC_2022_SD));
    b.append(
        row(
            "τ̂ fitted by `mass-deletion-county` (robust Paule-Mandel)",
            range(spread(r, PipelineStudy.Spread::tauHat), false),
            "0.35 (same); the rule's floor `min_between_unit_sd` is 0.3"));
    b.append(
        row(
            "10th / 90th percentile county rate ÷ state rate",
            range(spread(r, PipelineStudy.Spread::p10Ratio), false)
                + " / "
                + range(spread(r, PipelineStudy.Spread::p90Ratio), false),
            "lognormal σ 0.35: 0.60 / 1.48; real NC counties over 2020–2022 (EAVS): "
                + EAVS_NC_2022_P10_P90));
    b.append('\n');
    b.append(
        "**Against real-world spread.** The generator's design value is a fixed lognormal"
            + " removal multiplier per county with σ = 0.35 (README, rules/README.md), on top of"
            + " which it adds per-interval noise (σ = 0.15) and county RM batches (a quarter of"
            + " counties remove 3.5% of their inactive voters in any 4 weeks). For a real"
            + " reference, the EAVS 2022 county file (Voting-Rights-Lab/eavs-data,"
            + " `data/backups/staging_tables/stg_eavs_county_reg_union_2022_20251204.csv`, commit"
            + " a2bd650; public aggregates, no voter data) gives North Carolina's 100 counties"
            + " `total_voters_removed / total_reg` over the 2020–2022 cycle: state rate "
            + EAVS_NC_2022_RATE
            + ", SD of y "
            + EAVS_NC_2022_SD
            + ", robust SD "
            + EAVS_NC_2022_ROBUST
            + ", 10th / 90th percentile county rate ÷ state rate "
            + EAVS_NC_2022_P10_P90
            + " (computed once by hand; not part of this run). Over two years short-term"
            + " batches average out, so 4-week spreads are wider than that, but the persistent"
            + " county differences in real NC data are, if anything, smaller than the generator's"
            + " σ = 0.35: the clean rolls here are at least as heterogeneous as real ones, which"
            + " makes their false-alarm counts conservative.\n\n");
  }

  /** NC counties in EAVS 2022 (2020-2022 cycle), removed / registered; see cleanSection. */
  static final String EAVS_NC_2022_RATE = "13.2%";

  static final String EAVS_NC_2022_SD = "0.18";
  static final String EAVS_NC_2022_ROBUST = "0.16";
  static final String EAVS_NC_2022_P10_P90 = "0.80 / 1.33";

  private static String range(double[] v, boolean percent) {
    return range(v, percent, 2);
  }

  private static String range(double[] v, boolean percent, int d) {
    if (v.length == 0) {
      return "—";
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return percent
        ? pct(median(s), 2) + " [" + pct(s[0], 2) + "–" + pct(s[s.length - 1], 2) + "]"
        : f(median(s), d) + " [" + f(s[0], d) + "–" + f(s[s.length - 1], d) + "]";
  }

  private static void plantSection(DetectorEvaluation.Report r, StringBuilder b) {
    DetectorEvaluation.Options o = r.o;
    b.append("## 2. Detection of planted anomalies\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "Seeds 1–%d again, generated with `plants %s` (%s voters, the clean roll's dates):"
                + " the generator plants after the background churn from separate random streams,"
                + " so each planted roll is its clean roll plus the planted voters (same baseline"
                + " file, checked by SHA-256; the notice-wait plant's notices also change the middle"
                + " snapshot, and with it a little of the last interval's background). The baseline"
                + " is ingested once; the later planted files are ingested into their own store and"
                + " the last pair is audited through the same pipeline, with the history. Plants"
                + " (`Plant`): mass-deletion (an extra 12%% of a mid-sized county's at-risk voters"
                + " removed, half shown R/RA, half absent), removal-skew (Black voters of a large"
                + " county, 20–50%% of it, removed as R/RL on top of their ordinary removals: 3"
                + " times the rest of the county's rate, at least 50 voters),"
                + " bulk-field-change (birth_year +1 on 5%% of a county, 30–300 voters),"
                + " same-day-batch (about 3%% of a county removed with reason RC), notice-wait"
                + " (about 2%% of a county's active voters put under notice, I/IN, in the middle"
                + " snapshot and removed as RM in the last), reregistration-churn (about 30%% of a"
                + " large county's earlier removed voters registering again under new ncids, some"
                + " with a one-letter typo in a name), duplicate-match-removal (1%% of a county"
                + " removed as R2 duplicates of a new record with the same names and a birth year"
                + " 1–3 years apart).%n%n"
                + "**Quiet-period roll.** `nvra-quiet-period` only fires when the interval lies"
                + " inside a quiet window, which the clean dates avoid on purpose. So each planted"
                + " seed also gets a two-snapshot roll of %s voters, `plants %s`, at the"
                + " generator's default dates (%s to 28 days later, inside the 90 days before the"
                + " 5 Mar 2024 primary): about 2%% of a county (at least 30 voters) removed with"
                + " reason R2. It is audited with the rules of rules/legal.yaml only (the same"
                + " entries and digests; the other rules' results come from the rolls above). The"
                + " smaller roll and the fewer rules only keep the run time down: the rule counts"
                + " one county's removals against a calendar.%n%n",
            o.planted,
            PipelineAudits.PLANTS,
            count(o.voters),
            count(PipelineAudits.quietVoters(o.voters)),
            PipelineAudits.QUIET_PLANT,
            PipelineAudits.QUIET_START));
    b.append(
        "**Matching finding**: the plant's own rule on the plant's county (removal-skew: county"
            + " level, group race B; bulk-field-change: birth_year +1; same-day-batch: reason RC)."
            + " **Recall** = planted voters in its evidence ÷ planted voters. **Row precision** ="
            + " planted voters in its evidence ÷ evidence rows. **Claim precision**: mass-deletion"
            + " and removal-skew do not claim that every voter in their evidence was wrongly"
            + " removed: by definition their evidence is every removal of the unit (of the group)"
            + " in the interval, because nothing in the data tells a purged voter from one who died"
            + " or moved. What they claim is an excess over the comparison rate. Claim precision ="
            + " planted voters in the evidence ÷ the claimed excess (affected − voters at risk ×"
            + " expected rate), capped at 1: the share of the excess the finding attributes to an"
            + " anomaly that really was planted. The same holds for reregistration-churn and"
            + " duplicate-match-removal (every return, every mismatched duplicate removal of the"
            + " county, against the rest of the state's rate). nvra-quiet-period claims no excess:"
            + " its finding is a count of facts, every removal of the county with a systematic"
            + " reason inside the window, and the statute makes each of them reportable, planted"
            + " or not (the plant county may also run its own RM batch in the interval). So its row"
            + " and claim precision count as true the planted voters and the county's other"
            + " removals with a systematic reason (from the change set's reason counts), and"
            + " anything else in the evidence as false. (Scored like the rules above, against the"
            + " rest of the state's systematic removals per voter, planted voters ÷ excess would"
            + " be "
            + quietExcessShare(r)
            + " at the lowest in this run: the rest of the excess is the county's own reportable"
            + " removals.) For bulk-field-change,"
            + " same-day-batch and notice-wait the evidence is the batch itself, so claim"
            + " precision = row precision. Confidential"
            + " voters appear as CONFIDENTIAL in evidence; as many such rows as the plant has"
            + " confidential voters are counted as planted.\n\n");
    b.append(
        row(
            "plant",
            "detected",
            "severity (high/medium/low)",
            "planted voters, median [min–max]",
            "recall min / mean",
            "row precision min / mean",
            "claim precision min / mean"));
    b.append(sep(7));
    for (String id : PLANT_ORDER) {
      List<PipelineStudy.PlantScore> l = plants(r, id);
      if (l.isEmpty()) {
        continue;
      }
      long hit = l.stream().filter(PipelineStudy.PlantScore::detected).count();
      int[] sev = new int[3];
      l.forEach(
          p -> {
            int i = PipelineStudy.SEVERITIES.indexOf(p.severity());
            if (i >= 0) {
              sev[i]++;
            }
          });
      double[] n = l.stream().mapToDouble(PipelineStudy.PlantScore::planted).sorted().toArray();
      b.append(
          row(
              "`" + id + "`",
              hit + " of " + l.size(),
              sev[0] + " / " + sev[1] + " / " + sev[2],
              f(median(n), 0) + " [" + f(n[0], 0) + "–" + f(n[n.length - 1], 0) + "]",
              f(min(l, PipelineStudy.PlantScore::recall), 3)
                  + " / "
                  + f(mean(l, PipelineStudy.PlantScore::recall), 3),
              f(min(l, PipelineStudy.PlantScore::precision), 3)
                  + " / "
                  + f(mean(l, PipelineStudy.PlantScore::precision), 3),
              f(min(l, PipelineStudy.PlantScore::claimPrecision), 3)
                  + " / "
                  + f(mean(l, PipelineStudy.PlantScore::claimPrecision), 3)));
    }
    b.append('\n');
    b.append("Per seed:\n\n");
    b.append(
        row(
            "seed",
            "plant",
            "county",
            "planted",
            "finding",
            "affected",
            "rate ratio",
            "q",
            "recall",
            "row prec.",
            "claim prec.",
            "other findings touching planted voters"));
    b.append(sep(12));
    for (PipelineStudy.PlantScore p : r.plants) {
      b.append(
          row(
              p.seed(),
              p.plant(),
              p.county() + " " + p.countyName(),
              p.planted(),
              p.severity(),
              p.detected() ? p.affected() : "—",
              p.detected() ? f(p.rateRatio(), 2) : "—",
              p.detected() ? String.valueOf(PipelineStudy.sig(p.q())) : "—",
              f(p.recall(), 3),
              f(p.precision(), 3),
              f(p.claimPrecision(), 3),
              p.related().isEmpty() ? "" : String.join("; ", p.related())));
    }
    b.append('\n');
    int[] bg = new int[3];
    List<String> bgList = new ArrayList<>();
    for (PipelineStudy.Background g : r.backgrounds) {
      for (int i = 0; i < 3; i++) {
        bg[i] += g.bySeverity().get(PipelineStudy.SEVERITIES.get(i));
      }
      g.findings().forEach(x -> bgList.add("seed " + g.seed() + ": " + x));
    }
    b.append(
        "Findings of the planted audits (not the quiet-period rolls, where every county's"
            + " systematic removals are reportable) that touch no planted voter (the background's"
            + " own false alarms, as in the clean audit of the same seed): "
            + bg[0]
            + " high, "
            + bg[1]
            + " medium, "
            + bg[2]
            + " low.\n\n");
    notMet(r, b);
  }

  /** Fewer seeds or simulations than the full study (DetectorEvaluation.Options defaults). */
  static boolean reduced(DetectorEvaluation.Options o) {
    return o.clean < 20
        || o.planted < 10
        || o.nullSims < 1_000
        || o.massReps < 400
        || o.skewReps < 100;
  }

  /** Honest notes where a goal is not met. */
  private static void notMet(DetectorEvaluation.Report r, StringBuilder b) {
    List<String> notes = new ArrayList<>();
    for (String id : PLANT_ORDER) {
      List<PipelineStudy.PlantScore> l = plants(r, id);
      for (PipelineStudy.PlantScore p : l) {
        if (!p.detected()) {
          notes.add(
              "Seed "
                  + p.seed()
                  + ": the `"
                  + id
                  + "` plant ("
                  + p.planted()
                  + " voters in "
                  + p.countyName()
                  + ") was not flagged by its rule: "
                  + p.note()
                  + ".");
        } else if (p.recall() < 0.95 || p.claimPrecision() < 0.90) {
          notes.add(
              "Seed "
                  + p.seed()
                  + ": `"
                  + id
                  + "` recall "
                  + f(p.recall(), 3)
                  + ", claim precision "
                  + f(p.claimPrecision(), 3)
                  + (p.note().isEmpty() ? "" : ": " + p.note())
                  + ".");
        }
      }
    }
    if (!notes.isEmpty()) {
      b.append("### Where a goal is not met\n\n");
      notes.forEach(n -> b.append("* ").append(n).append('\n'));
      b.append('\n');
    }
    skewPlantNote(r, b);
  }

  /**
   * Where the removal-skew plant stands against the power curve, and why it has a floor of 50
   * voters (the claim precision of a smaller plant is mostly chance).
   */
  private static void skewPlantNote(DetectorEvaluation.Report r, StringBuilder b) {
    List<PipelineStudy.PlantScore> l = plants(r, "removal-skew");
    SimStudies.PowerCurve c = curve(r, "removal-skew", 28, 10_000);
    if (l.isEmpty()) {
      return;
    }
    b.append(
        "**How large the skew plant is.** The generator's removal-skew plant (the same one the demo"
            + " uses) picks one of the largest counties where Black voters are 20–50% of the voters"
            + " (so that both the group and the rest it is compared with are large) and removes,"
            + " on top of the group's ordinary removals, three times the rest of the county's rate"
            + " and at least 50 voters: about 4 times the rest where the county removes many voters"
            + " in the interval, more where it removes few. "
            + (c == null
                ? "Section 3 (not run here) gives the 90%-power size."
                : "For comparison, section 3 puts the 90%-power size for a county of 10,000 voters"
                    + " at risk (group 25% of it) at "
                    + multiple(c.smallestFlag())
                    + " times over 28 days.")
            + " The floor is about the evidence, not the test: the group's ordinary removals in the"
            + " interval vary by chance by about the square root of their expected count, a few"
            + " voters over 4 weeks, and every one of them is in the evidence. An earlier plant"
            + " topped the group up to 4 times the rest, which planted fewer voters exactly when"
            + " the ordinary removals were high by chance (10 voters in one seed), so that the"
            + " excess the finding reports was a third chance (claim precision 0.62). The"
            + " detection limit itself is section 3's subject.\n\n");
  }

  private static void powerSection(DetectorEvaluation.Report r, StringBuilder b) {
    DetectorEvaluation.Options o = r.o;
    b.append("## 3. Smallest effect detected with 90% power\n\n");
    b.append(
        "Metrics-level simulation (`MetricsSim`, no Spark): the detectors read only the driver-side"
            + " `Metrics`, so each simulated audit builds them from seeded binomial and categorical"
            + " draws that follow the generator (`RollModel`) at "
            + count(o.voters)
            + " voters: 100 counties with NC's relative sizes, a fixed lognormal removal multiplier"
            + " per county (σ = 0.35) times per-interval noise (σ = 0.15), RM batches in a quarter"
            + " of counties per 4 weeks, removal hazards by age (deaths, moves), race by county,"
            + " ethnicity and party by race. One county (county_id 50) is given the stated number of"
            + " active or inactive voters and the effect, and only the shipped rule entry"
            + " (`mass-deletion-county` or `removal-skew`, all its tests and its BH adjustment) is"
            + " run on the metrics. Power = share of simulated audits with a finding on that county"
            + " (skew: county level, race B).\n\n"
            + "* **mass-deletion**: every voter of the county is removed k times as often as it"
            + " would be (its own lognormal multiplier and RM-batch chance kept, so k is the"
            + " expected multiple of the state's rate). "
            + o.massReps
            + " audits per point.\n"
            + "* **removal-skew**: Black voters, "
            + pct(DetectorEvaluation.SKEW_SHARE, 0)
            + " of the county's at-risk voters, are removed k times as often as the county's other"
            + " voters (group rate ratio k). "
            + o.skewReps
            + " audits per point; the rest of the state is drawn once per replicate and reused"
            + " across k (common random numbers).\n\n"
            + "The table gives the smallest k reaching 90% power, interpolated on the log scale"
            + " between grid points; \"> 50\" = not reached on the grid (up to 50). The Monte Carlo"
            + " standard error of a power near 0.9 is about "
            + f(Math.sqrt(0.09 / o.massReps), 3)
            + " (mass-deletion) and "
            + f(Math.sqrt(0.09 / o.skewReps), 3)
            + " (skew). Expected state removal rate: "
            + rates(r)
            + ".\n\n");
    List<String> head = new ArrayList<>(List.of("voters at risk in the county"));
    for (String rule : List.of("mass-deletion", "removal-skew")) {
      for (int d : o.days) {
        head.add(rule + ", " + d + " days: any finding / medium+");
      }
    }
    b.append(row(head.toArray()));
    b.append(sep(head.size()));
    for (int size : DetectorEvaluation.SIZES) {
      List<Object> cells = new ArrayList<>();
      cells.add(count(size));
      for (String rule : List.of("mass-deletion", "removal-skew")) {
        for (int d : o.days) {
          SimStudies.PowerCurve c = curve(r, rule, d, size);
          cells.add(
              c == null ? "—" : multiple(c.smallestFlag()) + " / " + multiple(c.smallestMedium()));
        }
      }
      b.append(row(cells.toArray()));
    }
    b.append('\n');
    b.append(
        "Mass-deletion power is bounded at every size by the spread between counties: the"
            + " random-effects test divides the log rate ratio by √(τ² + v) with τ ≥ 0.3 (the"
            + " fitted τ̂ on these rolls is larger), so even a county with 50,000 voters at risk"
            + " must remove several times the state's rate before it stands out from ordinary"
            + " county variation; small counties also need `min_affected` (11, or 20 for medium)"
            + " removals. Skew power grows with the group's expected removal count, so it is"
            + " low for small counties over 4 weeks and much better over a year. These rolls are"
            + " more heterogeneous than real NC counties appear to be (section 1: between-county"
            + " SD about 0.35 to 0.5 here against 0.18 in EAVS 2020–2022), and the mass-deletion"
            + " test's power falls with that spread, so on real data it should be higher than"
            + " shown.\n\n");
    for (String rule : List.of("mass-deletion", "removal-skew")) {
      for (int d : o.days) {
        b.append("Power curve, ")
            .append(rule)
            .append(", ")
            .append(d)
            .append(" days (share of audits with any finding; medium or high in brackets):\n\n");
        List<Object> h = new ArrayList<>(List.of("k"));
        for (int size : DetectorEvaluation.SIZES) {
          h.add(count(size));
        }
        b.append(row(h.toArray()));
        b.append(sep(h.size()));
        double[] grid =
            rule.equals("mass-deletion")
                ? DetectorEvaluation.MASS_GRID
                : DetectorEvaluation.SKEW_GRID;
        for (double k : grid) {
          List<Object> cells = new ArrayList<>();
          cells.add(k);
          boolean any = false;
          for (int size : DetectorEvaluation.SIZES) {
            SimStudies.PowerCurve c = curve(r, rule, d, size);
            SimStudies.PowerPoint p =
                c == null
                    ? null
                    : c.points().stream().filter(x -> x.multiple() == k).findFirst().orElse(null);
            if (p == null) {
              cells.add("");
            } else {
              any = true;
              cells.add(pct(p.power(), 0) + " (" + pct(p.powerMedium(), 0) + ")");
            }
          }
          if (any) {
            b.append(row(cells.toArray()));
          }
        }
        b.append('\n');
      }
    }
    b.append(
        "Blank: not simulated, because any-finding and medium power had both reached 90% at a"
            + " smaller k.\n\n");
  }

  private static String rates(DetectorEvaluation.Report r) {
    List<String> parts = new ArrayList<>();
    r.stateRate.forEach((d, x) -> parts.add(pct(x, 2) + " over " + d + " days"));
    return String.join(", ", parts);
  }

  private static void nullSection(DetectorEvaluation.Report r, StringBuilder b) {
    SimStudies.NullResult n = r.nulls;
    b.append("## 4. False-positive rate on null simulations (T11)\n\n");
    b.append(
        count(n.sims())
            + " null rolls from the same metrics-level simulation (28 days, "
            + count(r.o.voters)
            + " voters, no effect anywhere: removals depend on county and age only, never on"
            + " race, ethnicity, gender or party), each run through `removal-skew` (county and"
            + " statewide tests, "
            + f((double) n.skewTests() / n.sims(), 0)
            + " tests per roll on average, BH across them) and `mass-deletion-county`. A roll"
            + " counts as a false positive when the rule flags anything. Under the complete null"
            + " BH at level α = `max_q` bounds that chance by α; the extra effect-size and"
            + " minimum-count conditions only lower it. The T11 bound is α + 1.96·√(α(1−α)/N).\n\n");
    b.append(
        row(
            "rule entry",
            "rolls with a finding",
            "rate [95% Clopper-Pearson]",
            "medium or high",
            "findings per test",
            "bound",
            "within"));
    b.append(sep(7));
    b.append(
        row(
            "`removal-skew`",
            n.skewRolls()
                + " of "
                + count(n.sims())
                + " (county "
                + n.skewCountyRolls()
                + ", state "
                + n.skewStateRolls()
                + ")",
            pct(n.skewRate(), 2) + " " + ci(n.skewInterval()),
            n.skewRollsMedium(),
            String.format(Locale.ROOT, "%.1e", (double) n.skewFlags() / n.skewTests()),
            pct(n.bound(), 2),
            yes(n.skewRate() <= n.bound())));
    double massRate = (double) n.massRolls() / n.sims();
    double highPerRoll = (double) n.massHighFlags() / n.sims();
    double mediumPerRoll = (double) n.massMediumFlags() / n.sims();
    b.append(
        row(
            "`mass-deletion-county`",
            n.massRolls() + " of " + count(n.sims()),
            pct(massRate, 2) + " " + ci(n.massInterval()),
            n.massRollsMedium(),
            String.format(Locale.ROOT, "%.1e", (double) n.massFlags() / n.massTests()),
            "not a T11 bound: see below",
            "see below"));
    b.append('\n');
    b.append(
        "The mass-deletion figure is per roll: the share of clean 4-week audits in which any of"
            + " the roughly "
            + f((double) n.massTests() / n.sims(), 0)
            + " counties tested gets a `mass-deletion-county` finding of any severity, low"
            + " included. It is neither a per-county rate (that is the findings-per-test column)"
            + " nor a false discovery rate, and T11's α-bound is stated for the skew test, so the"
            + " comparison with the bound means little. The project's goals for clean audits are"
            + " about severity: no high finding in 20 clean 300,000-voter audits, and at most one"
            + " medium finding per audit on average. On these null rolls `mass-deletion-county`"
            + " gives "
            + String.format(Locale.ROOT, "%.3f", highPerRoll)
            + " high and "
            + String.format(Locale.ROOT, "%.3f", mediumPerRoll)
            + " medium findings per roll ("
            + n.massHighFlags()
            + " high, "
            + n.massMediumFlags()
            + " medium in "
            + count(n.sims())
            + "), so about "
            + String.format(Locale.ROOT, "%.2f", 20 * highPerRoll)
            + " high findings would be expected in 20 audits ("
            + (20 * highPerRoll < 0.5 ? "goal met" : "**goal not met**")
            + ") and the medium rate is "
            + (mediumPerRoll <= 1 ? "far below" : "**above**")
            + " one per audit. Section 1 counts the same through the real pipeline.\n\n");
    b.append(
        "Why low findings occur at all: mass-deletion tests one county against ordinary county"
            + " variation, which the random-effects screen models as normal on the log scale"
            + " (fitted median and robust SD). These rolls have a heavier right tail than that: a"
            + " quarter of the counties run an RM batch in any 4 weeks, which multiplies their"
            + " removal rate by about 1.7 on top of their lognormal factor. A county combining both"
            + " can reach 2 to 4 times the state's rate with nothing wrong, and then passes the"
            + " rule's flag conditions; the severity bands (rate ratio 3 for medium, 5 for high)"
            + " keep most of these low.\n\n");
  }

  // ------------------------------------------------------------------ rules/error-rates.yaml

  /**
   * Every entry this run measured, by name: the digest of its type and parameters ({@link
   * org.rollaudit.rules.RuleSet#entryDigest}), which an audit compares with its own entry, and what
   * was measured for it. Disabled entries ran nowhere and are left out.
   */
  static Map<String, Object> measuredEntries(DetectorEvaluation.Report r) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (org.rollaudit.rules.Rule rule : r.rules.rules()) {
      if (!rule.enabled()) {
        continue;
      }
      List<String> what = new ArrayList<>();
      if (r.o.pipeline) {
        what.add(
            "false alarms on "
                + r.cleans.size()
                + " clean rolls"
                + (rule.type().equals("nvra-quiet-period")
                    ? " (dated outside every quiet window)"
                    : ""));
        boolean unitLevel = !rule.has("level") || !"precinct".equals(rule.text("level"));
        if (PLANT_ORDER.contains(rule.type()) && unitLevel && r.o.planted > 0) {
          what.add("detection of a planted " + rule.type() + " in " + r.o.planted + " rolls");
        }
      }
      if (r.o.sims && SIMULATED.contains(rule.name())) {
        what.add("power and false-positive rate on simulated rolls");
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("digest", org.rollaudit.rules.RuleSet.entryDigest(rule));
      e.put("measured", what);
      out.put(rule.name(), e);
    }
    return out;
  }

  /** The entries the metrics-level simulations run (DetectorEvaluation.sims). */
  private static final Set<String> SIMULATED = Set.of("mass-deletion-county", "removal-skew");

  static Map<String, Object> errorRates(DetectorEvaluation.Report r) {
    DetectorEvaluation.Options o = r.o;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", org.rollaudit.rules.ErrorRates.SCHEMA);
    m.put("software", org.rollaudit.audit.Version.software());
    m.put("measured_on", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
    m.put("rules_digest", r.rules.digest());
    m.put(
        "measured_with",
        o.command
            + " (seeds: pipeline 1-"
            + o.clean
            + ", simulations "
            + DetectorEvaluation.SIM_SEED
            + "); details in eval/RESULTS.md");

    List<String> summary = new ArrayList<>();
    Map<String, Object> fa = new LinkedHashMap<>();
    fa.put(
        "what",
        "findings on synthetic rolls without any anomaly, through the full ingest and audit pipeline");
    fa.put("audits", r.cleans.size());
    fa.put("voters_per_roll", o.voters);
    fa.put("interval_days", 28);
    fa.put("snapshots_per_roll", PipelineAudits.SNAPSHOTS);
    fa.put("dates", "outside every federal quiet window of rules/elections/nc.yaml");
    fa.put("high_per_audit", PipelineStudy.round(perAudit(r, "high"), 3));
    fa.put("medium_per_audit", PipelineStudy.round(perAudit(r, "medium"), 3));
    fa.put("low_per_audit", PipelineStudy.round(perAudit(r, "low"), 3));
    Map<String, Object> byRule = new LinkedHashMap<>();
    byRule(r)
        .forEach(
            (k, v) ->
                byRule.put(
                    k,
                    "high "
                        + v[0]
                        + ", medium "
                        + v[1]
                        + ", low "
                        + v[2]
                        + " in "
                        + r.cleans.size()
                        + " audits"));
    fa.put("by_rule", byRule);
    m.put("false_alarms_per_clean_audit", fa);
    summary.add(
        String.format(
            Locale.ROOT,
            "False alarms: %s high and %s medium findings per audit on average over %d clean synthetic %s-voter rolls (28-day interval, two earlier snapshots as history, dated outside every federal quiet window).",
            f(perAudit(r, "high"), 2),
            f(perAudit(r, "medium"), 2),
            r.cleans.size(),
            count(o.voters)));

    Map<String, Object> det = new LinkedHashMap<>();
    det.put(
        "what",
        "planted anomalies found by their rule, with evidence recall and precision (see eval/RESULTS.md for definitions)");
    det.put("audits", o.planted);
    for (String id : PLANT_ORDER) {
      List<PipelineStudy.PlantScore> l = plants(r, id);
      long hit = l.stream().filter(PipelineStudy.PlantScore::detected).count();
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("detected", hit + " of " + l.size());
      p.put(
          "evidence_recall_min", PipelineStudy.round(min(l, PipelineStudy.PlantScore::recall), 3));
      p.put(
          "evidence_precision_min",
          PipelineStudy.round(min(l, PipelineStudy.PlantScore::claimPrecision), 3));
      det.put(id, p);
      summary.add(
          String.format(
              Locale.ROOT,
              "Planted %s: detected in %d of %d audits; evidence recall at least %s, precision at least %s.",
              id,
              hit,
              l.size(),
              f(min(l, PipelineStudy.PlantScore::recall), 2),
              f(min(l, PipelineStudy.PlantScore::claimPrecision), 2)));
    }
    m.put("planted_anomalies", det);

    SimStudies.NullResult n = r.nulls;
    Map<String, Object> fp = new LinkedHashMap<>();
    fp.put(
        "what",
        "share of simulated rolls without any anomaly in which the rule flags anything (metrics-level simulation)");
    fp.put("rolls", n.sims());
    fp.put("alpha", n.alpha());
    fp.put("bound_alpha_plus_95pct_margin", PipelineStudy.round(n.bound(), 4));
    fp.put(
        "removal-skew",
        PipelineStudy.round(n.skewRate(), 4)
            + " [95% CI "
            + f(n.skewInterval().getLowerBound(), 4)
            + "-"
            + f(n.skewInterval().getUpperBound(), 4)
            + "]");
    fp.put(
        "mass-deletion-county",
        PipelineStudy.round((double) n.massRolls() / n.sims(), 4)
            + " [95% CI "
            + f(n.massInterval().getLowerBound(), 4)
            + "-"
            + f(n.massInterval().getUpperBound(), 4)
            + "]");
    fp.put(
        "mass-deletion-county_medium_or_high",
        PipelineStudy.round((double) n.massRollsMedium() / n.sims(), 4));
    fp.put(
        "mass-deletion-county_high_findings_per_roll",
        PipelineStudy.round((double) n.massHighFlags() / n.sims(), 4));
    fp.put(
        "mass-deletion-county_medium_findings_per_roll",
        PipelineStudy.round((double) n.massMediumFlags() / n.sims(), 4));
    m.put("false_positive_rate", fp);
    summary.add(
        String.format(
            Locale.ROOT,
            "False-positive rate of removal-skew on %,d simulated clean rolls: %s (95%% CI %s-%s), against alpha %s.",
            n.sims(),
            pct(n.skewRate(), 2),
            pct(n.skewInterval().getLowerBound(), 2),
            pct(n.skewInterval().getUpperBound(), 2),
            f(n.alpha(), 2)));

    Map<String, Object> pw = new LinkedHashMap<>();
    pw.put(
        "what",
        "smallest effect flagged in 90% of simulated audits, by voters at risk in the county: mass-deletion = removal rate as a multiple of the state's; removal-skew = a group's removal rate as a multiple of the rest of its county (group = 25% of the county)");
    for (String rule : List.of("mass-deletion", "removal-skew")) {
      Map<String, Object> byDays = new LinkedHashMap<>();
      for (int d : o.days) {
        Map<String, Object> bySize = new LinkedHashMap<>();
        for (int size : DetectorEvaluation.SIZES) {
          SimStudies.PowerCurve c = curve(r, rule, d, size);
          bySize.put(
              count(size) + " voters",
              c == null ? "not run" : multiple(c.smallestFlag()) + " times");
        }
        byDays.put(d + "-day interval", bySize);
      }
      pw.put(rule, byDays);
    }
    m.put("power_90_percent", pw);
    SimStudies.PowerCurve big = curve(r, "mass-deletion", 28, 10_000);
    SimStudies.PowerCurve skewBig = curve(r, "removal-skew", 28, 10_000);
    if (big != null && skewBig != null) {
      summary.add(
          String.format(
              Locale.ROOT,
              "90%% power over 28 days in a county with 10,000 voters at risk: a removal rate %s times the state's (mass-deletion); a group removed %s times as often as the rest of its county (removal-skew).",
              multiple(big.smallestFlag()),
              multiple(skewBig.smallestFlag())));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", m.remove("schema"));
    out.put("software", m.remove("software"));
    out.put("measured_on", m.remove("measured_on"));
    out.put("rules_digest", m.remove("rules_digest"));
    out.put("measured_with", m.remove("measured_with"));
    out.put("rules", measuredEntries(r));
    out.put("summary", summary);
    out.putAll(m);
    return out;
  }
}
