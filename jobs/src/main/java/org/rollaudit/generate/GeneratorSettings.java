package org.rollaudit.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting that determines the generator's output. Two runs with equal settings (and the same
 * software version) write byte-identical files.
 *
 * @param voters records in the first snapshot, all statuses
 * @param seed the random seed
 * @param snapshots number of snapshots (at least 1)
 * @param start as-of date of the first snapshot
 * @param intervalDays days between consecutive snapshots
 * @param vintage which NC header/column set to write
 * @param compression how each file is packed
 * @param plants anomalies planted in the last interval (empty when there is only one snapshot)
 */
public record GeneratorSettings(
    int voters,
    long seed,
    int snapshots,
    LocalDate start,
    int intervalDays,
    NcVintage vintage,
    Compression compression,
    Set<Plant> plants) {

  /** Version of the generation algorithm; bump it whenever the same settings give other bytes. */
  public static final int ALGORITHM_VERSION = 1;

  public static final int DEFAULT_VOTERS = 40_000;
  public static final long DEFAULT_SEED = 20240106L;
  public static final int DEFAULT_SNAPSHOTS = 2;
  public static final LocalDate DEFAULT_START = LocalDate.of(2024, 1, 6);
  public static final int DEFAULT_INTERVAL_DAYS = 28;
  public static final int MIN_VOTERS = 1_000;
  public static final int MAX_VOTERS = 50_000_000;

  public GeneratorSettings {
    if (voters < MIN_VOTERS || voters > MAX_VOTERS) {
      throw new IllegalArgumentException(
          "voters must be between " + MIN_VOTERS + " and " + MAX_VOTERS + ", got " + voters);
    }
    if (snapshots < 1 || snapshots > 520) {
      throw new IllegalArgumentException("snapshots must be between 1 and 520, got " + snapshots);
    }
    if (intervalDays < 1 || intervalDays > 3650) {
      throw new IllegalArgumentException(
          "interval-days must be between 1 and 3650, got " + intervalDays);
    }
    if (start == null || vintage == null || compression == null || plants == null) {
      throw new IllegalArgumentException("start, vintage, compression and plants are required");
    }
    if (start.getYear() < 1990 || start.getYear() > 2100) {
      throw new IllegalArgumentException("start must be between 1990 and 2100, got " + start);
    }
    EnumSet<Plant> p = EnumSet.noneOf(Plant.class);
    p.addAll(plants);
    if (snapshots == 1) {
      p.clear(); // nothing to plant into without an interval
    }
    plants = Collections.unmodifiableSet(p);
  }

  /** The defaults of {@code rollaudit generate}. */
  public static GeneratorSettings defaults() {
    return new GeneratorSettings(
        DEFAULT_VOTERS,
        DEFAULT_SEED,
        DEFAULT_SNAPSHOTS,
        DEFAULT_START,
        DEFAULT_INTERVAL_DAYS,
        NcVintage.V2022,
        Compression.NONE,
        Plant.demo());
  }

  /** As-of date of snapshot {@code k} (0-based). */
  public LocalDate asOf(int k) {
    return start.plusDays((long) k * intervalDays);
  }

  /** All as-of dates, oldest first. */
  public List<LocalDate> asOfDates() {
    List<LocalDate> out = new ArrayList<>();
    for (int k = 0; k < snapshots; k++) {
      out.add(asOf(k));
    }
    return out;
  }

  /** The {@code --plant} value that selects exactly {@link #plants}. */
  public String plantsLabel() {
    if (plants.isEmpty()) {
      return "none";
    }
    if (plants.equals(Plant.demo())) {
      return "demo";
    }
    List<String> ids = new ArrayList<>();
    for (Plant p : plants) {
      ids.add(p.id());
    }
    return String.join(",", ids);
  }

  /** The command line that reproduces these settings, with {@code DIR} for the output folder. */
  public String commandLine() {
    return "rollaudit generate --voters "
        + voters
        + " --seed "
        + seed
        + " --snapshots "
        + snapshots
        + " --start "
        + start
        + " --interval-days "
        + intervalDays
        + " --vintage "
        + vintage.label()
        + " --compress "
        + compression.label()
        + " --plant "
        + plantsLabel()
        + " --out DIR";
  }

  /** The settings as an ordered map for JSON (stable key order). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("voters", voters);
    m.put("seed", seed);
    m.put("snapshots", snapshots);
    m.put("start", start.toString());
    m.put("interval_days", intervalDays);
    m.put("vintage", vintage.label());
    m.put("compress", compression.label());
    List<String> ids = new ArrayList<>();
    for (Plant p : plants) {
      ids.add(p.id());
    }
    m.put("plants", ids);
    m.put("algorithm_version", ALGORITHM_VERSION);
    return m;
  }
}
