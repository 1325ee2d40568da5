package org.rollaudit.audit;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * Everything the bundle writer needs, all driver-side. The report package turns this into the
 * bundle files of interface.md §2; nothing in it depends on wall-clock time, host or paths.
 *
 * @param runId sha256 of (input hashes, rules and every byte-changing setting, software version)
 * @param software e.g. "rollaudit 0.1.0"
 * @param disclosure "public" or "restricted"
 * @param baseline baseline snapshot
 * @param current current snapshot
 * @param counts removed, added, reactivated, changed, unchanged, aged_out in this order
 * @param findings numbered findings in contract order, with evidence
 * @param inputs every input file of both snapshots
 * @param method rules with parameters, versions and settings, in a fixed key order (method.json)
 * @param metrics the metrics the findings came from (charts, tables)
 * @param reproduce the command lines that reproduce and verify this bundle (relative paths)
 */
public record AuditResult(
    String runId,
    String software,
    String disclosure,
    SnapshotInfo baseline,
    SnapshotInfo current,
    LinkedHashMap<String, Long> counts,
    List<NumberedFinding> findings,
    List<InputFile> inputs,
    LinkedHashMap<String, Object> method,
    Metrics metrics,
    List<String> reproduce) {

  public boolean restricted() {
    return "restricted".equals(disclosure);
  }
}
