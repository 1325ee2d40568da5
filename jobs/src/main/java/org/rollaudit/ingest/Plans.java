package org.rollaudit.ingest;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.layout.Layout;

/** Turns checked files into parse plans and splits, in one deterministic order. */
final class Plans {
  private Plans() {}

  /**
   * Orders files by name, then entry, so that {@code src_file} indices do not depend on the order
   * of the command line (one of the inputs of byte-reproducible output).
   */
  static List<CheckedFile> order(List<CheckedFile> files) {
    List<CheckedFile> out = new ArrayList<>(files);
    out.sort(
        Comparator.comparing(CheckedFile::name)
            .thenComparing(f -> f.entry() == null ? "" : f.entry())
            .thenComparing(CheckedFile::sha256));
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).display().equals(out.get(i - 1).display())) {
        throw RollAuditException.usage(
            "Cannot ingest " + out.get(i).display() + " twice: each input file may be given once.");
      }
    }
    return out;
  }

  static List<FilePlan> plans(List<CheckedFile> files) {
    List<FilePlan> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      CheckedFile f = files.get(i);
      out.add(
          new FilePlan(
              i, f.display(), f.textUri(), f.utf8(), f.bomLength(), f.textBytes(), f.binding()));
    }
    return out;
  }

  static List<Split> splits(List<CheckedFile> files) {
    List<Split> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      CheckedFile f = files.get(i);
      List<long[]> pts = f.splits();
      for (int k = 0; k < pts.size(); k++) {
        long[] p = pts.get(k);
        long end = k + 1 < pts.size() ? pts.get(k + 1)[0] : f.textBytes();
        out.add(new Split(i, k, p[0], end, p[1], p[2]));
      }
    }
    return out;
  }

  /** A DUPLICATE_KEY reject for an accepted record, with its raw text read again by offset. */
  static Reject duplicate(
      Layout layout,
      FilePlan plan,
      long offset,
      long line,
      long record,
      String key,
      long copies,
      LocalDate asOf,
      Storage storage)
      throws IOException {
    Split one = new Split(plan.index(), -1, offset, offset + 1, line, record);
    try (SplitParser p = new SplitParser(layout, plan, one, asOf, storage)) {
      String raw = p.next() ? p.currentRaw() : null;
      int k = plan.binding().keyIndex();
      return new Reject(
          plan.index(),
          record,
          line,
          offset,
          k + 1,
          plan.binding().name(k),
          RejectReason.DUPLICATE_KEY,
          String.format(
              Locale.ROOT,
              "the key occurs %d times in this snapshot; every copy is rejected",
              copies),
          raw,
          key);
    }
  }
}
