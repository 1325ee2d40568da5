package org.rollaudit.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.audit.Version;
import org.rollaudit.rules.Rule;
import org.rollaudit.rules.RuleSet;
import org.rollaudit.spark.Sparks;

/**
 * The detector evaluation of issue 5 ("Evaluation, in the repo"): run by {@code eval/run.sh}, it
 * writes {@code eval/RESULTS.md}, {@code eval/results.json} and, in a full run, {@code
 * rules/error-rates.yaml} (the error rates every audit quotes in method.json).
 *
 * <ol>
 *   <li>False alarms per clean audit: clean 300,000-voter rolls ({@code --plant none}, seeds 1..N,
 *       three snapshots dated outside every federal quiet window) through the real generator,
 *       ingest, compare, every detector with the store's history, and bundle writer.
 *   <li>Detection of every shipped rule's planted anomaly (seeds 1..M: the demo plants and the
 *       notice-wait and churn plants in the clean roll's dates, the nvra-quiet-period plant in a
 *       roll of its own inside a quiet window; see {@link PipelineAudits}), with evidence recall
 *       and precision against the generator's ground truth.
 *   <li>Smallest effect detected with 90% power, per unit size, for mass-deletion and removal-skew;
 *       metrics-level simulation ({@link MetricsSim}), no Spark.
 *   <li>False-positive rates of removal-skew and mass-deletion on null metrics-level rolls, with
 *       the binomial 95% margin (reliability.md T11).
 * </ol>
 *
 * <p>A program, not a test (CI does not run it): it lives with the tests because it needs the test
 * class path only, and ships nothing the product uses; its output, rules/error-rates.yaml, is what
 * ships.
 */
public final class DetectorEvaluation {
  static final long SIM_SEED = 20240106L;
  static final int[] SIZES = {500, 2_000, 10_000, 50_000};
  static final double[] MASS_GRID = {1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50};
  static final double[] SKEW_GRID = {
    1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50
  };
  static final double SKEW_SHARE = 0.25;

  private DetectorEvaluation() {}

  /** Settings; {@code --quick} shrinks everything for a smoke run of a few minutes. */
  static final class Options {
    boolean quick;
    Path home = Path.of(System.getProperty("rollaudit.home", ".")).toAbsolutePath().normalize();
    Path out;
    Path work;
    Path errorRates;
    int voters = 300_000;
    int clean = 20;
    int planted = 10;
    int nullSims = 1_000;
    int massReps = 400;
    int skewReps = 100;
    int[] days = {28, 364};
    boolean pipeline = true;
    boolean sims = true;
    String command = System.getProperty("eval.command", "eval/run.sh");

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--quick" -> {
            o.quick = true;
            // a third of the voters: three snapshots per roll and the history rules make 300,000
            // too slow for a smoke run (a later --voters still wins)
            o.voters = 100_000;
            o.clean = 3;
            o.planted = 2;
            o.nullSims = 100;
            o.massReps = 100;
            o.skewReps = 30;
            o.days = new int[] {28};
          }
          case "--out" -> o.out = Path.of(args[++i]);
          case "--work" -> o.work = Path.of(args[++i]);
          case "--error-rates" -> o.errorRates = Path.of(args[++i]);
          case "--voters" -> o.voters = Integer.parseInt(args[++i]);
          case "--clean" -> o.clean = Integer.parseInt(args[++i]);
          case "--planted" -> o.planted = Integer.parseInt(args[++i]);
          case "--null-sims" -> o.nullSims = Integer.parseInt(args[++i]);
          case "--mass-reps" -> o.massReps = Integer.parseInt(args[++i]);
          case "--skew-reps" -> o.skewReps = Integer.parseInt(args[++i]);
          case "--no-pipeline" -> o.pipeline = false;
          case "--no-sims" -> o.sims = false;
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (o.out == null) {
        o.out = o.home.resolve(o.quick ? "eval/quick" : "eval");
      }
      if (o.work == null) {
        o.work = Path.of(System.getProperty("java.io.tmpdir"), "rollaudit-eval");
      }
      boolean complete = !o.quick && o.pipeline && o.sims;
      if (o.errorRates == null && complete) {
        o.errorRates = o.home.resolve("rules/error-rates.yaml");
      }
      o.planted = Math.min(o.planted, o.clean);
      // the command is quoted in error-rates.yaml, hence in every bundle's method.json: no
      // folder options (absolute paths would break byte-reproducibility and say nothing)
      o.command = o.command.replaceAll(" --(work|out|error-rates) \\S+", "");
      return o;
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    long t0 = System.nanoTime();
    RuleSet rules = RuleSet.load(o.home.resolve("rules"));
    Files.createDirectories(o.out);
    Map<String, Object> results = new LinkedHashMap<>();
    Map<String, Double> timing = new LinkedHashMap<>();
    results.put("software", Version.software());
    results.put("measured_on", LocalDate.now(ZoneOffset.UTC).toString());
    results.put("rules_digest", rules.digest());
    results.put("command", o.command);
    results.put("quick", o.quick);

    Report report = new Report(o, rules);
    if (o.pipeline) {
      pipeline(o, rules, report, timing);
    }
    if (o.sims) {
      sims(o, rules, report, timing);
    }
    timing.put("total_seconds", (System.nanoTime() - t0) / 1e9);
    report.timing = timing;
    results.putAll(report.json());
    results.put("timing", timing);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(
        o.out.resolve("results.json"),
        json.writeValueAsString(results) + "\n",
        StandardCharsets.UTF_8);
    Files.writeString(o.out.resolve("RESULTS.md"), report.markdown(), StandardCharsets.UTF_8);
    if (o.errorRates != null) {
      writeErrorRates(o.errorRates, report.errorRates());
      log("wrote " + o.errorRates);
    }
    log(
        String.format(
            Locale.ROOT,
            "done in %.1f min; wrote %s",
            timing.get("total_seconds") / 60,
            o.out.resolve("RESULTS.md")));
    System.exit(0); // Spark's non-daemon threads would keep the JVM alive
  }

  private static void pipeline(Options o, RuleSet rules, Report report, Map<String, Double> timing)
      throws IOException {
    long t0 = System.nanoTime();
    SparkSession spark = Sparks.session("local[2]", 8);
    long minAtRisk = rule(rules, "mass-deletion-county").integer("min_at_risk");
    RuleSet quietRules = PipelineAudits.legalOnly(o.home, o.work);
    for (long seed = 1; seed <= o.clean; seed++) {
      boolean plant = seed <= o.planted;
      long s0 = System.nanoTime();
      PipelineAudits.SeedRun run =
          PipelineAudits.run(spark, rules, quietRules, o.work, seed, o.voters, plant);
      report.cleans.add(PipelineStudy.clean(run.clean(), minAtRisk));
      report.tests = PipelineStudy.tests(run.clean().method());
      if (run.planted() != null) {
        double fisherBelow = rule(rules, "removal-skew").number("fisher_below_expected");
        Set<String> systematic =
            Set.copyOf(rule(rules, "nvra-quiet-period").texts("systematic_reasons"));
        report.plants.addAll(
            PipelineStudy.plants(
                run.planted(),
                run.plantedRoll().plants(),
                run.confidentialIds(),
                fisherBelow,
                systematic,
                run.namesakes()));
        report.plants.addAll(
            PipelineStudy.plants(
                run.quiet(),
                run.quietRoll().plants(),
                run.quietConfidentialIds(),
                fisherBelow,
                systematic,
                Set.of()));
        report.backgrounds.add(PipelineStudy.background(run.planted(), run.plantedRoll().plants()));
      }
      PipelineStudy.Clean c = report.cleans.get(report.cleans.size() - 1);
      log(
          String.format(
              Locale.ROOT,
              "seed %d: clean %s%s (%.0f s: generate %.0f, ingest %.0f, audits %.0f%s)",
              seed,
              c.bySeverity(),
              plant ? ", planted " + plantLine(report.plants, seed) : "",
              (System.nanoTime() - s0) / 1e9,
              run.generateSeconds(),
              run.ingestSeconds(),
              run.clean().seconds(),
              run.planted() == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      " + %.0f + %.0f",
                      run.planted().seconds(),
                      run.quiet().seconds())));
    }
    timing.put("pipeline_seconds", (System.nanoTime() - t0) / 1e9);
  }

  private static String plantLine(List<PipelineStudy.PlantScore> plants, long seed) {
    List<String> parts = new ArrayList<>();
    for (PipelineStudy.PlantScore p : plants) {
      if (p.seed() == seed) {
        parts.add(p.plant() + "=" + p.severity());
      }
    }
    return String.join(" ", parts);
  }

  private static void sims(Options o, RuleSet rules, Report report, Map<String, Double> timing) {
    Rule mass = rule(rules, "mass-deletion-county");
    Rule skew = rule(rules, "removal-skew");
    long t0 = System.nanoTime();
    MetricsSim sim28 = new MetricsSim(o.voters, 28);
    report.nulls = SimStudies.nulls(sim28, mass, skew, 28, o.nullSims, SIM_SEED);
    log(
        String.format(
            Locale.ROOT,
            "null rolls: skew flagged %d of %d, mass-deletion %d of %d",
            report.nulls.skewRolls(),
            report.nulls.sims(),
            report.nulls.massRolls(),
            report.nulls.sims()));
    timing.put("null_seconds", (System.nanoTime() - t0) / 1e9);
    long t1 = System.nanoTime();
    for (int days : o.days) {
      MetricsSim sim = new MetricsSim(o.voters, days);
      report.stateRate.put(days, sim.expectedStateRate());
      for (int i = 0; i < SIZES.length; i++) {
        SimStudies.PowerCurve c =
            SimStudies.massDeletion(
                sim,
                mass,
                days,
                SIZES[i],
                MASS_GRID,
                o.massReps,
                SIM_SEED + 7919L * (i + 1) + days);
        report.power.add(c);
        log(curveLine(c));
      }
    }
    timing.put("mass_deletion_power_seconds", (System.nanoTime() - t1) / 1e9);
    long t2 = System.nanoTime();
    for (int days : o.days) {
      MetricsSim sim = new MetricsSim(o.voters, days);
      for (int i = 0; i < SIZES.length; i++) {
        SimStudies.PowerCurve c =
            SimStudies.skew(
                sim,
                skew,
                days,
                SIZES[i],
                SKEW_SHARE,
                SKEW_GRID,
                o.skewReps,
                SIM_SEED + 104_729L * (i + 1) + days);
        report.power.add(c);
        log(curveLine(c));
      }
    }
    timing.put("skew_power_seconds", (System.nanoTime() - t2) / 1e9);
  }

  private static String curveLine(SimStudies.PowerCurve c) {
    return String.format(
        Locale.ROOT,
        "%s %d days, %,d at risk: 90%% power at %.2f (flag), %.2f (medium+) [%d points x %d]",
        c.rule(),
        c.days(),
        c.atRisk(),
        c.smallestFlag(),
        c.smallestMedium(),
        c.points().size(),
        c.reps());
  }

  static Rule rule(RuleSet rules, String name) {
    return rules.rules().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no rule entry " + name));
  }

  static void log(String s) {
    System.err.println("[eval] " + s);
  }

  /**
   * Writes rules/error-rates.yaml: a comment header, then the figures in a fixed key order (the
   * audit copies them into method.json in this order).
   */
  static void writeErrorRates(Path file, Map<String, Object> rates) throws IOException {
    ObjectMapper yaml =
        new ObjectMapper(
            new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .disable(YAMLGenerator.Feature.SPLIT_LINES));
    String header =
        "# Measured error rates of the shipped rules: what every audit quotes in method.json (key\n"
            + "# error_rates) and in the report's \"Error rates\" section. NOT a rule file: the rule\n"
            + "# loader skips it by name (org.rollaudit.rules.RuleFiles). Written by eval/run.sh\n"
            + "# (jobs/src/test/java/org/rollaudit/eval/DetectorEvaluation.java); do not edit by\n"
            + "# hand. 'rules' lists every entry measured with the digest of its type and\n"
            + "# parameters (comments, name and description do not count): an audit quotes an\n"
            + "# entry's rates as applying only while that entry is unchanged, and says \"not\n"
            + "# measured yet\" for entries added since. Re-run eval/run.sh after changing an entry.\n"
            + "# Details, method and per-seed tables: eval/RESULTS.md.\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, header + yaml.writeValueAsString(rates), StandardCharsets.UTF_8);
  }

  /** Accumulates every result and renders them. */
  static final class Report {
    final Options o;
    final RuleSet rules;
    final List<PipelineStudy.Clean> cleans = new ArrayList<>();
    final List<PipelineStudy.PlantScore> plants = new ArrayList<>();
    final List<PipelineStudy.Background> backgrounds = new ArrayList<>();
    final List<SimStudies.PowerCurve> power = new ArrayList<>();
    final SortedMap<Integer, Double> stateRate = new TreeMap<>();
    SortedMap<String, Integer> tests = new TreeMap<>();
    SimStudies.NullResult nulls;
    Map<String, Double> timing = Map.of();

    Report(Options o, RuleSet rules) {
      this.o = o;
      this.rules = rules;
    }

    Map<String, Object> json() {
      return ResultsText.json(this);
    }

    String markdown() {
      return ResultsText.markdown(this);
    }

    Map<String, Object> errorRates() {
      return ResultsText.errorRates(this);
    }
  }
}
