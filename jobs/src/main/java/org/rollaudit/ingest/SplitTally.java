package org.rollaudit.ingest;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parser's own counts for one split: the accepted/rejected/header/blank side of the ledger.
 *
 * @param file logical input index
 * @param split split index
 * @param records records the parser saw
 * @param header header records (1 in a file's first split)
 * @param blank blank lines
 * @param accepted rows emitted as accepted (before duplicate keys are marked)
 * @param rejected rows emitted as rejected
 * @param warnings warning key to count (unknown codes ...), sorted
 */
public record SplitTally(
    int file,
    int split,
    long records,
    long header,
    long blank,
    long accepted,
    long rejected,
    TreeMap<String, Long> warnings)
    implements Serializable {

  /** records = header + blank + accepted + rejected within the split. */
  public boolean balanced() {
    return records == header + blank + accepted + rejected;
  }

  static TreeMap<String, Long> copy(Map<String, Long> m) {
    return new TreeMap<>(m);
  }
}
