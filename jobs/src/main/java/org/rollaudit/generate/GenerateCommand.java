package org.rollaudit.generate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rollaudit generate}: writes a deterministic synthetic series of NC {@code ncvoter}
 * snapshots with planted anomalies and their ground truth. See {@link SyntheticRoll} for the API.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    version = "rollaudit generate, generator algorithm " + GeneratorSettings.ALGORITHM_VERSION,
    sortOptions = false,
    optionListHeading = "%nOptions:%n",
    description = {
      "Generates a synthetic, reproducible series of North Carolina ncvoter snapshots "
          + "(no real person), with background churn and planted anomalies in the last "
          + "interval.",
      "Writes ncvoter_YYYYMMDD.txt (or .txt.gz, or .zip) per snapshot, plants.json (ground "
          + "truth: the affected ncids of each plant) and generator.json (the exact settings). "
          + "The same options always give byte-identical files.",
    },
    footer = {
      "",
      "Plants (in the last interval; one county each, chosen from the seed):",
      "  mass-deletion      an extra 12%% of a mid-sized county's A/I voters removed:",
      "                     half shown R/RA, half absent from the file",
      "  removal-skew       Black voters removed (R/RL) at ~4x the rest of their county",
      "  bulk-field-change  birth_year +1 on 300 voters (5%% of a small county, >= 30)",
      "  same-day-batch     ~3%% of a county's A/I voters removed with reason RC",
      "",
      "Example: rollaudit generate --voters 40000 --compress gz --out sample-data"
    })
public final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--voters",
      paramLabel = "N",
      defaultValue = "40000",
      description =
          "Records in the first snapshot, all statuses (1000..50000000; "
              + "default: ${DEFAULT-VALUE}).")
  int voters;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "20240106",
      description =
          "Random seed; the same seed and options give the same bytes "
              + "(default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--snapshots",
      paramLabel = "K",
      defaultValue = "2",
      description = "Number of snapshots; with 1 nothing is planted (default: ${DEFAULT-VALUE}).")
  int snapshots;

  @Option(
      names = "--start",
      paramLabel = "YYYY-MM-DD",
      defaultValue = "2024-01-06",
      description = "As-of date of the first snapshot (default: ${DEFAULT-VALUE}).")
  String start;

  @Option(
      names = "--interval-days",
      paramLabel = "D",
      defaultValue = "28",
      description = "Days between snapshots; churn scales with it (default: ${DEFAULT-VALUE}).")
  int intervalDays;

  @Option(
      names = "--vintage",
      paramLabel = "2022|2026|pre-2022",
      defaultValue = "2022",
      description =
          "NC header and column set: 2022 (67 columns), 2026 (70, adds hava_id_req, "
              + "ssn, no_dl_ssn_chkbx) or pre-2022 (71) (default: ${DEFAULT-VALUE}).")
  String vintage;

  @Option(
      names = "--compress",
      paramLabel = "none|gz|zip",
      defaultValue = "none",
      description =
          "Pack each file as plain text, gzip or a one-entry zip " + "(default: ${DEFAULT-VALUE}).")
  String compress;

  @Option(
      names = "--plant",
      paramLabel = "LIST",
      defaultValue = "demo",
      description =
          "Anomalies to plant in the last interval: none, demo (all four) or a comma "
              + "list of mass-deletion, removal-skew, bulk-field-change, same-day-batch "
              + "(default: ${DEFAULT-VALUE}).")
  String plant;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description = "Output folder (created if missing; files of the same names are replaced).")
  Path out;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print nothing but errors.")
  boolean quiet;

  /** Builds the settings, turning bad values into picocli usage errors (exit code 2). */
  GeneratorSettings settings() {
    try {
      LocalDate startDate;
      try {
        startDate = LocalDate.parse(start.trim());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "--start must be a date as YYYY-MM-DD, got '" + start + "'");
      }
      return new GeneratorSettings(
          voters,
          seed,
          snapshots,
          startDate,
          intervalDays,
          NcVintage.fromLabel(vintage),
          Compression.fromLabel(compress),
          Plant.parseList(plant));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Override
  public Integer call() {
    GeneratorSettings s = settings();
    PrintStream log = quiet ? null : System.err;
    if (log != null && snapshots == 1 && !"none".equalsIgnoreCase(plant.trim())) {
      log.println("note: only one snapshot, so nothing is planted");
    }
    try {
      SyntheticRoll.of(s).withProgress(log).generate(out);
      return 0;
    } catch (IOException e) {
      System.err.println(
          "rollaudit generate: cannot write into "
              + out
              + ": "
              + e
              + " (check that the folder is writable and the disk has room)");
      return 4;
    }
  }

  /** Runs {@code generate} on its own, for testing: {@code java ... GenerateCommand --out DIR}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new GenerateCommand()).execute(args));
  }
}
