package org.rollaudit.generate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The deterministic synthetic voter-roll generator, as a plain Java API (the {@code generate}
 * command is a thin wrapper).
 *
 * <pre>{@code
 * GenerationResult r = SyntheticRoll.builder()
 *     .voters(40_000).seed(7).snapshots(2)
 *     .compression(Compression.GZ)
 *     .build()
 *     .generate(Path.of("out"));
 * }</pre>
 *
 * <p>Writes one {@code ncvoter_YYYYMMDD} file per snapshot, {@code plants.json} and {@code
 * generator.json}. Equal settings give byte-identical files. Everything is synthetic: no real
 * voter's data is used or reproduced.
 */
public final class SyntheticRoll {
  private final GeneratorSettings settings;
  private final PrintStream log;

  private SyntheticRoll(GeneratorSettings settings, PrintStream log) {
    this.settings = Objects.requireNonNull(settings);
    this.log = log;
  }

  /** A generator for the given settings, silent. */
  public static SyntheticRoll of(GeneratorSettings settings) {
    return new SyntheticRoll(settings, null);
  }

  /** A builder starting from {@link GeneratorSettings#defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same generator printing per-file summaries and progress to {@code log} (or silent). */
  public SyntheticRoll withProgress(PrintStream log) {
    return new SyntheticRoll(settings, log);
  }

  public GeneratorSettings settings() {
    return settings;
  }

  /**
   * Generates every snapshot into {@code outDir} (created if missing; existing files of the same
   * names are replaced).
   */
  public GenerationResult generate(Path outDir) throws IOException {
    Files.createDirectories(outDir);
    GeneratorSettings s = settings;
    long t0 = System.nanoTime();
    RollModel model = new RollModel(s.seed(), s.voters(), s.snapshots());
    model.populate(s.start());
    NcvoterWriter writer = new NcvoterWriter(model, s.vintage(), s.seed());
    List<SnapshotFile> files = new ArrayList<>();
    List<PlantTruth> plants = new ArrayList<>();
    files.add(report(writer.write(outDir, s.asOf(0), s.compression(), log), t0));
    for (int k = 1; k < s.snapshots(); k++) {
      Set<Plant> now = k == s.snapshots() - 1 ? s.plants() : EnumSet.noneOf(Plant.class);
      plants.addAll(model.evolve(k, s.asOf(k - 1), s.asOf(k), now));
      if (k == s.snapshots() - 2 && s.plants().contains(Plant.NOTICE_WAIT)) {
        model.putUnderNotice(s.asOf(k)); // the notice-wait plant's first half
      }
      files.add(report(writer.write(outDir, s.asOf(k), s.compression(), log), t0));
    }
    Path plantsJson = outDir.resolve("plants.json");
    Path generatorJson = outDir.resolve("generator.json");
    ProvenanceJson.writePlants(plantsJson, s, plants);
    ProvenanceJson.writeGenerator(generatorJson, s, files, model);
    if (log != null) {
      for (PlantTruth t : plants) {
        log.println(
            String.format(
                Locale.ROOT,
                "planted %s in county %d %s: %,d voters",
                t.plant().id(),
                t.countyId(),
                t.countyDesc(),
                t.ncids().size()));
      }
    }
    return new GenerationResult(s, files, plants, plantsJson, generatorJson);
  }

  private SnapshotFile report(SnapshotFile f, long t0) {
    if (log != null) {
      log.println(
          String.format(
              Locale.ROOT,
              "wrote %s: %,d rows, %.1f MB text, %.1f MB on disk (%.1f s)",
              f.path().getFileName(),
              f.rows(),
              f.textBytes() / 1e6,
              f.fileBytes() / 1e6,
              (System.nanoTime() - t0) / 1e9));
    }
    return f;
  }

  /** Fluent settings; unset values keep the {@code rollaudit generate} defaults. */
  public static final class Builder {
    private int voters = GeneratorSettings.DEFAULT_VOTERS;
    private long seed = GeneratorSettings.DEFAULT_SEED;
    private int snapshots = GeneratorSettings.DEFAULT_SNAPSHOTS;
    private LocalDate start = GeneratorSettings.DEFAULT_START;
    private int intervalDays = GeneratorSettings.DEFAULT_INTERVAL_DAYS;
    private NcVintage vintage = NcVintage.V2022;
    private Compression compression = Compression.NONE;
    private Set<Plant> plants = Plant.demo();
    private PrintStream progress;

    private Builder() {}

    public Builder voters(int voters) {
      this.voters = voters;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder snapshots(int snapshots) {
      this.snapshots = snapshots;
      return this;
    }

    public Builder start(LocalDate start) {
      this.start = start;
      return this;
    }

    public Builder intervalDays(int intervalDays) {
      this.intervalDays = intervalDays;
      return this;
    }

    public Builder vintage(NcVintage vintage) {
      this.vintage = vintage;
      return this;
    }

    public Builder compression(Compression compression) {
      this.compression = compression;
      return this;
    }

    public Builder plants(Set<Plant> plants) {
      this.plants = plants;
      return this;
    }

    /** Plants as on the command line: {@code none}, {@code demo} or a comma list. */
    public Builder plants(String list) {
      this.plants = Plant.parseList(list);
      return this;
    }

    /** Where to print per-file summaries and progress for big runs; {@code null} = silent. */
    public Builder progress(PrintStream progress) {
      this.progress = progress;
      return this;
    }

    /**
     * @throws IllegalArgumentException if a setting is out of range
     */
    public SyntheticRoll build() {
      return new SyntheticRoll(
          new GeneratorSettings(
              voters, seed, snapshots, start, intervalDays, vintage, compression, plants),
          progress);
    }
  }
}
