package org.rollaudit.cli;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Where snapshots come from: a store, and how to ingest a file given instead of a date. */
public final class SnapshotOptions {
  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "Snapshot store (folder or Hadoop URI).")
  String store;

  @Option(
      names = "--layout",
      paramLabel = "ID",
      description =
          "Layout id or layout YAML path of input files: SNAP files ingested on the fly,"
              + " inbox files whose side-car names none.")
  String layout;

  @Option(
      names = "--max-reject-rate",
      defaultValue = "0.001",
      paramLabel = "RATE",
      description = "Refuse an input file whose rejected share exceeds this (default 0.001).")
  double maxRejectRate;

  SnapshotResolver resolver(SparkSession spark, Progress progress) {
    return new SnapshotResolver(spark, store, layout, maxRejectRate, progress);
  }
}
