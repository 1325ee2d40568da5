package org.rollaudit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The picocli front end: options, defaults and usage errors. */
class GenerateCommandTest {
  @TempDir Path tmp;

  private static int run(StringWriter err, String... args) {
    CommandLine cl = new CommandLine(new GenerateCommand());
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void writesZipSnapshotsWithTheRequestedOptions() throws Exception {
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--voters",
            "1000",
            "--seed",
            "9",
            "--snapshots",
            "3",
            "--start",
            "2023-03-04",
            "--interval-days",
            "7",
            "--vintage",
            "pre-2022",
            "--compress",
            "zip",
            "--plant",
            "mass-deletion,same-day-batch",
            "--quiet",
            "--out",
            tmp.toString());
    assertEquals(0, code, err.toString());
    for (String name :
        List.of(
            "ncvoter_20230304.zip",
            "ncvoter_20230311.zip",
            "ncvoter_20230318.zip",
            "plants.json",
            "generator.json")) {
      assertTrue(Files.exists(tmp.resolve(name)), name);
    }
    NcvoterFile f = NcvoterFile.read(tmp.resolve("ncvoter_20230318.zip"));
    assertEquals(NcVintage.PRE_2022.columns(), f.header);
    String gen = Files.readString(tmp.resolve("generator.json"));
    assertTrue(
        gen.contains(
            "\"command\": \"rollaudit generate --voters 1000 --seed 9 "
                + "--snapshots 3 --start 2023-03-04 --interval-days 7 --vintage pre-2022 --compress zip "
                + "--plant mass-deletion,same-day-batch --out DIR\""),
        gen);
    String plants = Files.readString(tmp.resolve("plants.json"));
    assertTrue(plants.contains("\"baseline\": \"2023-03-11\""));
    assertTrue(plants.contains("\"current\": \"2023-03-18\""));
  }

  @Test
  void badValuesAreUsageErrors() {
    StringWriter err = new StringWriter();
    assertEquals(2, run(err, "--vintage", "2019", "--out", tmp.toString()));
    assertTrue(err.toString().contains("unknown NC vintage"), err.toString());
    assertEquals(2, run(new StringWriter(), "--plant", "purge", "--out", tmp.toString()));
    assertEquals(2, run(new StringWriter(), "--start", "06/01/2024", "--out", tmp.toString()));
    assertEquals(2, run(new StringWriter(), "--voters", "10", "--out", tmp.toString()));
    assertEquals(2, run(new StringWriter(), "--voters", "5000"));
  }

  @Test
  void plantListParsing() {
    assertEquals(Plant.demo(), Plant.parseList("demo"));
    assertEquals(
        EnumSet.of(
            Plant.MASS_DELETION,
            Plant.REMOVAL_SKEW,
            Plant.BULK_FIELD_CHANGE,
            Plant.SAME_DAY_BATCH,
            Plant.REREGISTRATION_CHURN),
        Plant.parseList("demo,reregistration-churn"));
    assertEquals(EnumSet.noneOf(Plant.class), Plant.parseList("none"));
    assertEquals(
        EnumSet.of(Plant.REMOVAL_SKEW, Plant.BULK_FIELD_CHANGE),
        Plant.parseList(" bulk-field-change , removal-skew"));
    assertThrows(IllegalArgumentException.class, () -> Plant.parseList("demo,purge"));
  }
}
