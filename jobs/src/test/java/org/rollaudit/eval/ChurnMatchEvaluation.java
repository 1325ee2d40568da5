package org.rollaudit.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.compare.ChangeSet;
import org.rollaudit.generate.Compression;
import org.rollaudit.generate.GenerationResult;
import org.rollaudit.generate.Plant;
import org.rollaudit.generate.PlantTruth;
import org.rollaudit.generate.SnapshotFile;
import org.rollaudit.generate.SyntheticRoll;
import org.rollaudit.history.ChurnMatch;
import org.rollaudit.history.HistoryContext;
import org.rollaudit.ingest.IngestJob;
import org.rollaudit.layout.LayoutRegistry;
import org.rollaudit.spark.Sparks;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;

/**
 * False-match rate of the reregistration-churn matcher, measured on the generator, which knows who
 * is who: rolls from its name model (Zipf-distributed first and last names, so namesakes with one
 * birth year in one county are common) with the churn plant (removed voters registering again under
 * new ncids, some with a typo). Every new-key match that is not a planted pair is false (the
 * generator's background new registrations are new people); every planted pair not matched is
 * missed. The matcher runs once at the lowest threshold; a higher threshold keeps the matches
 * scoring at least that (the best match of a record does not change with the threshold).
 *
 * <p>Run: {@code eval/run.sh churn [--voters N] [--seeds K] [--out FILE]}.
 */
public final class ChurnMatchEvaluation {
  static final double[] THRESHOLDS = {0.85, 0.88, 0.90, 0.92, 0.94, 0.96};

  /** Counts of one threshold, summed over seeds. */
  static final class Tally {
    long falseMatches;
    long trueMatches;
    long missed;
  }

  public static void main(String[] args) throws IOException {
    int voters = 60_000;
    int seeds = 3;
    Path out = Path.of("eval", "churn-match.md");
    Path work = Files.createTempDirectory("rollaudit-churn-eval");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--voters" -> voters = Integer.parseInt(args[++i]);
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    SparkSession spark = Sparks.session("local[2]", 8);
    String text = run(spark, voters, seeds, work);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, text);
    System.out.print(text);
  }

  /** Runs the evaluation; returns the results as Markdown. */
  static String run(SparkSession spark, int voters, int seeds, Path work) throws IOException {
    Map<Double, Tally> tallies = new HashMap<>();
    for (double t : THRESHOLDS) {
      tallies.put(t, new Tally());
    }
    long pairs = 0;
    long planted = 0;
    long freshRegistrations = 0;
    for (int s = 0; s < seeds; s++) {
      long seed = 7100 + s;
      Path dir = work.resolve("seed-" + seed);
      System.err.println("churn-eval: seed " + seed + ": generating " + voters + " voters");
      GenerationResult g =
          SyntheticRoll.builder()
              .voters(voters)
              .seed(seed)
              .snapshots(2)
              .compression(Compression.NONE)
              .plants("reregistration-churn")
              .build()
              .generate(dir.resolve("files"));
      SnapshotStore store = SnapshotStore.open(spark, dir.resolve("store").toString());
      StoredSnapshot b = ingest(spark, store, g.snapshots().get(0), dir);
      StoredSnapshot c = ingest(spark, store, g.snapshots().get(1), dir);
      Dataset<Row> cs = ChangeSet.build(b.data(), c.data(), b.asOf()).cache();
      freshRegistrations += cs.filter("change_class = 'ADDED'").count();
      HistoryContext h = new HistoryContext(List.of(b, c), b, c, cs);
      System.err.println("churn-eval: seed " + seed + ": matching");
      ChurnMatch.Result r =
          ChurnMatch.run(h, new ChurnMatch.Params(THRESHOLDS[0], true, List.of("RD")));
      cs.unpersist();
      pairs += r.candidatePairs();
      @SuppressWarnings("unchecked")
      Map<String, String> truth =
          (Map<String, String>)
              g.plants().stream()
                  .filter(p -> p.plant() == Plant.REREGISTRATION_CHURN)
                  .map(PlantTruth::details)
                  .findFirst()
                  .orElseThrow()
                  .get("pairs");
      planted += truth.size();
      for (double t : THRESHOLDS) {
        Tally y = tallies.get(t);
        long found = 0;
        for (ChurnMatch.Match m : r.matches()) {
          if (m.voterId().equals(m.earlierVoterId()) || m.score() < t) {
            continue; // same-key returns are true by construction
          }
          if (m.earlierVoterId().equals(truth.get(m.voterId()))) {
            found++;
          } else {
            y.falseMatches++;
          }
        }
        y.trueMatches += found;
        y.missed += truth.size() - found;
      }
      deleteTree(dir);
    }
    StringBuilder b = new StringBuilder();
    b.append("# reregistration-churn: false-match rate of the matcher\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "Generator name model, %d seeds x %,d voters (2 snapshots, 28 days), churn plant"
                    + " only; %,d candidate pairs after blocking (county, birth year, an initial),"
                    + " %,d new registrations, %,d planted re-registrations (about 70%% with a"
                    + " one-letter typo). Middle initials must agree.%n%n",
                seeds,
                voters,
                pairs,
                freshRegistrations,
                planted))
        .append(
            "| threshold | false matches | per 1,000 candidate pairs | true matches | missed |\n")
        .append("|---|---|---|---|---|\n");
    for (double t : THRESHOLDS) {
      Tally y = tallies.get(t);
      b.append(
          String.format(
              Locale.ROOT,
              "| %.2f | %d | %.2f | %d | %d (%.1f%%) |%n",
              t,
              y.falseMatches,
              pairs == 0 ? 0 : 1000.0 * y.falseMatches / pairs,
              y.trueMatches,
              y.missed,
              planted == 0 ? 0 : 100.0 * y.missed / planted));
    }
    return b.toString();
  }

  private static StoredSnapshot ingest(
      SparkSession spark, SnapshotStore store, SnapshotFile file, Path dir) throws IOException {
    LocalDate asOf = file.asOf();
    IngestJob.Options o =
        new IngestJob.Options(
            LayoutRegistry.standard().resolveForIngest("nc-ncvoter"),
            asOf,
            store.root(),
            List.of(file.path().toString()),
            false,
            0.001,
            null,
            null,
            null,
            dir.resolve("refusals"),
            IngestJob.DEFAULT_SPLIT_BYTES);
    IngestJob.Result r = IngestJob.run(spark, o, line -> {});
    if (r.outcome() == IngestJob.Outcome.REFUSED) {
      throw new IllegalStateException("ingest refused " + file.path() + ": " + r.message());
    }
    return store.find(asOf).orElseThrow();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(s.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
