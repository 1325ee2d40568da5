package org.rollaudit.generate;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link SyntheticRoll#generate} wrote.
 *
 * @param settings the settings used
 * @param snapshots the snapshot files, oldest first
 * @param plants ground truth of the planted anomalies, in {@link Plant} order
 * @param plantsJson path of {@code plants.json}
 * @param generatorJson path of {@code generator.json}
 */
public record GenerationResult(
    GeneratorSettings settings,
    List<SnapshotFile> snapshots,
    List<PlantTruth> plants,
    Path plantsJson,
    Path generatorJson) {

  public GenerationResult {
    snapshots = List.copyOf(snapshots);
    plants = List.copyOf(plants);
  }
}
