package org.rollaudit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.store.SnapshotStore;
import org.rollaudit.store.StoredSnapshot;

/**
 * Turns a {@code SNAP} argument into a stored snapshot: a date is looked up in the store; a file is
 * ingested first (into --store, or into a private store beside the working folder's out/).
 */
final class SnapshotResolver {
  private static final Pattern DATE_IN_NAME =
      Pattern.compile("(?<!\\d)(\\d{4})-?(\\d{2})-?(\\d{2})(?!\\d)");

  private final SparkSession spark;
  private final String storeArg;
  private final String layout;
  private final double maxRejectRate;
  private final Progress progress;
  private SnapshotStore store;

  SnapshotResolver(
      SparkSession spark, String store, String layout, double maxRejectRate, Progress progress) {
    this.spark = spark;
    this.storeArg = store;
    this.layout = layout;
    this.maxRejectRate = maxRejectRate;
    this.progress = progress;
  }

  private RollAuditException notStored(String snap, String option, String where) {
    return RollAuditException.usage(
        "Cannot find snapshot "
            + snap
            + " ("
            + option
            + ")"
            + where
            + ". Ingest it first with 'rollaudit ingest --as-of "
            + snap
            + " --store "
            + storeArg
            + " ...'.");
  }

  StoredSnapshot resolve(String snap, String option) {
    LocalDate date = parseDate(snap);
    if (date != null && !Files.exists(Path.of(snap))) {
      if (storeArg == null) {
        throw RollAuditException.usage(
            "Cannot find snapshot "
                + snap
                + " ("
                + option
                + "): a date needs --store DIR, the"
                + " store it was ingested into.");
      }
      if (SnapshotStore.absentLocally(storeArg)) {
        throw notStored(snap, option, ": the store " + storeArg + " does not exist");
      }
      return store().find(date).orElseThrow(() -> notStored(snap, option, " in store " + storeArg));
    }
    if (layout == null) {
      throw RollAuditException.usage(
          "Cannot ingest "
              + snap
              + " ("
              + option
              + ") on the fly: give --layout ID (see"
              + " 'rollaudit layouts').");
    }
    if (!Files.exists(Path.of(snap)) && !snap.contains("://")) {
      throw RollAuditException.input("Cannot read " + snap + " (" + option + "): no such file.");
    }
    LocalDate asOf = dateFromName(Path.of(snap).getFileName().toString());
    if (asOf == null) {
      throw RollAuditException.usage(
          "Cannot tell the as-of date of "
              + snap
              + " ("
              + option
              + "): its name holds no"
              + " YYYYMMDD or YYYY-MM-DD. Ingest it first with 'rollaudit ingest --as-of DATE'.");
    }
    progress.stage("Ingesting " + snap + " as the snapshot of " + asOf);
    // Without --store the files go into out/store, a cache of what audit was given: other files
    // of a date it already holds replace that snapshot (the old one moves to out/store/replaced/)
    // instead of refusing the audit. A --store is the user's, and is never replaced silently.
    return Ingests.ingest(
        spark, store(), layout, asOf, List.of(snap), maxRejectRate, storeArg == null, progress);
  }

  /**
   * The snapshots rules over history may read for the pair: the --store's snapshots up to the
   * current one; just the pair without --store (the private store of files ingested on the fly may
   * hold unrelated snapshots).
   */
  List<StoredSnapshot> history(StoredSnapshot baseline, StoredSnapshot current) {
    if (storeArg == null) {
      return List.of(baseline, current);
    }
    List<StoredSnapshot> all = new java.util.ArrayList<>();
    for (StoredSnapshot s : store().list()) {
      if (s.asOf().isBefore(baseline.asOf())) {
        all.add(s);
      }
    }
    all.add(baseline);
    all.add(current);
    return all;
  }

  private SnapshotStore store() {
    if (store == null) {
      String root = storeArg != null ? storeArg : "out/store";
      store = SnapshotStore.open(spark, root);
    }
    return store;
  }

  static LocalDate parseDate(String s) {
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static LocalDate dateFromName(String name) {
    Matcher m = DATE_IN_NAME.matcher(name);
    while (m.find()) {
      try {
        return LocalDate.of(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
      } catch (java.time.DateTimeException e) {
        // Not a date; look further.
      }
    }
    return null;
  }
}
