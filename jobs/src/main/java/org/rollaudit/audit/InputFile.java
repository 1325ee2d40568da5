package org.rollaudit.audit;

import java.util.List;
import java.util.SortedMap;

/**
 * Custody and ledger of one input file, as received. The ledger reconciles exactly: {@code records
 * = accepted + rejected + header + blank} (reliability.md §2).
 *
 * @param role "baseline" or "current"
 * @param name file name only (never an absolute path: bundles must not leak machine paths)
 * @param bytes size in bytes as received
 * @param sha256 SHA-256 of the raw bytes as received (lower-case hex)
 * @param entry for archives: the entry name inside the zip, else null
 * @param layout layout id
 * @param vintage detected vintage
 * @param records physical records counted by the strict pre-pass
 * @param header header records (0 or 1)
 * @param blank blank lines
 * @param accepted records written to the snapshot
 * @param rejected records rejected, all reasons
 * @param rejectsByReason reason code to count, sorted by code
 * @param provenance submitter-supplied provenance (source, obtained, submitter), may be empty
 * @param rejectSamples rejected rows (restricted bundles only; empty otherwise)
 */
public record InputFile(
    String role,
    String name,
    long bytes,
    String sha256,
    String entry,
    String layout,
    String vintage,
    long records,
    long header,
    long blank,
    long accepted,
    long rejected,
    SortedMap<String, Long> rejectsByReason,
    SortedMap<String, String> provenance,
    List<RejectRow> rejectSamples) {

  /** One rejected record: where it is, why, and (restricted only) its escaped raw text. */
  public record RejectRow(
      long line, long byteOffset, int column, String reason, String message, String raw) {}
}
