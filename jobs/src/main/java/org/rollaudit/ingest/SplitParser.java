package org.rollaudit.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.rollaudit.layout.HeaderBinding;
import org.rollaudit.layout.Layout;
import org.rollaudit.store.CanonicalSchema;

/**
 * Parses one {@link Split} into accepted canonical rows and {@link Reject}s, pull style so Spark
 * can stream it: call {@link #next()} until it returns false, reading {@link #accepted()} or {@link
 * #reject()} after each true; then {@link #tally()}.
 *
 * <p>Example: a split of nc-ncvoter text holding the header, one good record and one with {@code
 * registr_dt} 02/30/2020 yields one accepted row (src_line 2) and one BAD_DATE reject (line 3,
 * column 26 registr_dt), and a tally of records 3 = header 1 + accepted 1 + rejected 1.
 */
public final class SplitParser implements Closeable {
  private static final int SRC_LINE = CanonicalSchema.DATA_COLUMNS.indexOf("src_line");

  private final Layout layout;
  private final FilePlan file;
  private final Split split;
  private final InputStream in;
  private final RecordReader reader;
  private final RowBuilder rows;
  private final Map<String, Long> warnings = new HashMap<>();
  private long records;
  private long header;
  private long blank;
  private long accepted;
  private long rejected;
  private boolean isReject;
  private Reject reject;

  public SplitParser(Layout layout, FilePlan file, Split split, LocalDate asOf, Storage storage)
      throws IOException {
    this.layout = layout;
    this.file = file;
    this.split = split;
    long begin = split.start() == 0 ? file.bomLength() : split.start();
    this.in = storage.open(file.textUri(), begin);
    this.reader =
        new RecordReader(in, layout, begin, split.end(), split.firstLine(), split.firstRecord());
    this.rows = new RowBuilder(layout, file.binding(), file.index(), asOf, file.utf8(), warnings);
  }

  /** Advances to the next accepted or rejected record; false at the end of the split. */
  public boolean next() throws IOException {
    while (reader.next()) {
      records++;
      if (reader.ordinal() == 1) {
        header++; // checked by the pre-pass (HeaderMatcher)
        continue;
      }
      if (reader.length() == 0 && !reader.overlong()) {
        blank++;
        continue;
      }
      byte[] b = reader.buf();
      int s = reader.start();
      if (rows.build(b, s, reader.length(), reader.overlong(), reader.fullLength())) {
        rows.data[SRC_LINE] = reader.line();
        accepted++;
        isReject = false;
      } else {
        rejected++;
        isReject = true;
        reject =
            new Reject(
                file.index(),
                reader.ordinal(),
                reader.line(),
                reader.offset(),
                rows.column,
                rows.column > 0 ? file.binding().name(rows.column - 1) : "",
                rows.reason,
                rows.message,
                raw(b, s, aligned()),
                rows.key);
      }
      return true;
    }
    return false;
  }

  /** Past FIELD_COUNT the record split into exactly the header's fields: positions are known. */
  private boolean aligned() {
    return (rows.reason == null || rows.reason.ordinal() > RejectReason.FIELD_COUNT.ordinal())
        && rows.tokenizer().count == file.binding().width();
  }

  /** The current record's escaped, masked text (also for an accepted record: duplicate keys). */
  public String currentRaw() {
    return raw(reader.buf(), reader.start(), aligned());
  }

  /** Logical input index of this split's file. */
  public int fileIndex() {
    return file.index();
  }

  /** Line of the current record. */
  public long line() {
    return reader.line();
  }

  /** Record ordinal of the current record. */
  public long record() {
    return reader.ordinal();
  }

  private String raw(byte[] b, int s, boolean aligned) {
    HeaderBinding h = file.binding();
    Tokenizer t = rows.tokenizer();
    char delim = layout.format().delimiter();
    if (aligned) {
      boolean conf =
          h.confidentialIndex() >= 0
              && layout.confidential().flagged().contains(rows.text(h.confidentialIndex()));
      return RawText.aligned(b, t, h, delim, file.utf8(), conf);
    }
    return RawText.misaligned(b, s, s + reader.length(), h, delim, file.utf8(), reader.overlong());
  }

  public boolean isReject() {
    return isReject;
  }

  /** The current reject (valid after {@link #next()} returned true and {@link #isReject()}). */
  public Reject reject() {
    return reject;
  }

  /** The current accepted row's {@code DATA_COLUMNS} values. */
  public Object[] data() {
    return rows.data;
  }

  /** The current accepted row's {@code PII_COLUMNS} values. */
  public Object[] pii() {
    return rows.pii;
  }

  /** Key of the current accepted row. */
  public String key() {
    return rows.key;
  }

  /** Byte offset of the current record. */
  public long offset() {
    return reader.offset();
  }

  /** The split's counts; call after {@link #next()} returned false. */
  public SplitTally tally() {
    return new SplitTally(
        file.index(),
        split.index(),
        records,
        header,
        blank,
        accepted,
        rejected,
        SplitTally.copy(warnings));
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
