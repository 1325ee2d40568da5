package org.rollaudit.pipeline;

import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.rollaudit.compare.ChangeSet;
import org.rollaudit.store.StoredSnapshot;

/**
 * A pair's change set, built and cached when first asked for: a pair whose metrics (and findings)
 * are kept in the store needs no compare, and even the plan of one lists and opens both snapshots'
 * files. {@link #release} drops the cache if it was built.
 */
final class LazyChangeSet implements Supplier<Dataset<Row>> {
  private final StoredSnapshot baseline;
  private final StoredSnapshot current;
  private Dataset<Row> built;

  LazyChangeSet(StoredSnapshot baseline, StoredSnapshot current) {
    this.baseline = baseline;
    this.current = current;
  }

  @Override
  public Dataset<Row> get() {
    if (built == null) {
      built =
          ChangeSet.build(baseline.data(), current.data(), baseline.asOf())
              .persist(StorageLevel.MEMORY_AND_DISK());
    }
    return built;
  }

  void release() {
    if (built != null) {
      built.unpersist();
    }
  }
}
