package org.rollaudit.audit;

import java.util.List;

/**
 * The rows behind one finding, already redacted for the bundle's disclosure mode and sorted by
 * {@code voter_id} after redaction (so a CONFIDENTIAL row's position hints at nothing). The first
 * header column is always {@code voter_id}.
 */
public record EvidenceTable(List<String> header, List<List<String>> rows) {
  public EvidenceTable {
    if (header.isEmpty() || !"voter_id".equals(header.get(0))) {
      throw new IllegalArgumentException(
          "Cannot build evidence table: first column must be voter_id");
    }
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }
}
