package org.rollaudit.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rollaudit.audit.RollAuditException;

/**
 * The per-file ledger (reliability.md §2): {@code records = accepted + rejected + header + blank},
 * where {@code records} comes from the pre-pass's own counter and the rest from what the parser
 * actually emitted. Any disagreement is an internal error naming the file: it means a record was
 * lost, merged or invented somewhere, and nothing is stored.
 */
public final class Ledger {
  /**
   * The reconciled counts of one file.
   *
   * @param rejectsByReason reason to count, sorted by reason name, DUPLICATE_KEY included
   */
  public record Entry(
      int file,
      String name,
      long records,
      long header,
      long blank,
      long accepted,
      long rejected,
      SortedMap<String, Long> rejectsByReason) {}

  private Ledger() {}

  /**
   * Reconciles every file.
   *
   * @param files checked files, by logical index
   * @param tallies the parser's per-split tallies (all splits of all files)
   * @param emittedAccepted rows actually present as accepted, per file (before duplicates)
   * @param emittedRejects rejects actually present, per file and reason (before duplicates)
   * @param duplicates accepted rows whose key occurs more than once, per file
   */
  public static List<Entry> reconcile(
      List<CheckedFile> files,
      List<SplitTally> tallies,
      Map<Integer, Long> emittedAccepted,
      Map<Integer, ? extends Map<String, Long>> emittedRejects,
      Map<Integer, Long> duplicates) {
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      CheckedFile f = files.get(i);
      long records = 0;
      long header = 0;
      long blank = 0;
      long acc = 0;
      long rej = 0;
      int splits = 0;
      for (SplitTally t : tallies) {
        if (t.file() != i) {
          continue;
        }
        splits++;
        if (!t.balanced()) {
          throw broken(f, "split " + t.split() + " does not balance");
        }
        records += t.records();
        header += t.header();
        blank += t.blank();
        acc += t.accepted();
        rej += t.rejected();
      }
      if (splits != f.splits().size()) {
        throw broken(
            f, String.format(Locale.ROOT, "%d of %d splits reported", splits, f.splits().size()));
      }
      if (records != f.records()) {
        throw broken(
            f,
            String.format(
                Locale.ROOT,
                "the parser saw %d records, the pre-pass counted %d",
                records,
                f.records()));
      }
      if (header != f.header() || blank != f.blank()) {
        throw broken(
            f,
            String.format(
                Locale.ROOT,
                "header/blank %d/%d from the parser, %d/%d from the pre-pass",
                header,
                blank,
                f.header(),
                f.blank()));
      }
      long emittedAcc = emittedAccepted.getOrDefault(i, 0L);
      TreeMap<String, Long> byReason = new TreeMap<>();
      Map<String, Long> em = emittedRejects.get(i);
      if (em != null) {
        byReason.putAll(em);
      }
      long emittedRej = byReason.values().stream().mapToLong(Long::longValue).sum();
      if (emittedAcc != acc || emittedRej != rej) {
        throw broken(
            f,
            String.format(
                Locale.ROOT,
                "the parser counted %d accepted / %d rejected but %d / %d rows arrived",
                acc,
                rej,
                emittedAcc,
                emittedRej));
      }
      if (rej < f.flagged()) {
        throw broken(
            f,
            String.format(
                Locale.ROOT,
                "the pre-pass flagged %d records but the parser rejected only %d",
                f.flagged(),
                rej));
      }
      long dup = duplicates.getOrDefault(i, 0L);
      if (dup > 0) {
        byReason.merge(RejectReason.DUPLICATE_KEY.name(), dup, Long::sum);
      }
      Entry e = new Entry(i, f.display(), records, header, blank, acc - dup, rej + dup, byReason);
      if (e.records() != e.accepted() + e.rejected() + e.header() + e.blank()) {
        throw broken(f, "records != accepted + rejected + header + blank");
      }
      out.add(e);
    }
    return out;
  }

  private static RollAuditException broken(CheckedFile f, String what) {
    return new RollAuditException(
        RollAuditException.INTERNAL,
        "Ledger does not reconcile for "
            + f.display()
            + ": "
            + what
            + ". Nothing was stored. This is a bug in rollaudit: please"
            + " report it with the file's SHA-256 "
            + f.sha256()
            + ".");
  }
}
