package org.rollaudit.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.LongAccumulator;
import org.rollaudit.layout.Layout;

/**
 * The Spark side of parsing: a partition holds split indices; each split streams through a {@link
 * SplitParser} into {@link IngestSchemas#PARSED} rows (Spark's internal form, see {@link
 * ParsedRowWriter}), ending with its tally row (with the split's {@link KeyScreen}). The splits,
 * plans and layout travel in the closure (Java serialisation), not as RDD elements, so no Kryo
 * registration is needed. A retried task re-parses the same bytes into the same rows.
 */
final class ParseFunction implements FlatMapFunction<Iterator<Integer>, InternalRow> {
  private static final long serialVersionUID = 1L;

  private final Layout layout;
  private final List<FilePlan> plans;
  private final List<Split> splits;
  private final LocalDate asOf;
  private final Storage storage;
  private final LongAccumulator rows;

  ParseFunction(
      Layout layout,
      List<FilePlan> plans,
      List<Split> splits,
      LocalDate asOf,
      Storage storage,
      LongAccumulator rows) {
    this.layout = layout;
    this.plans = plans;
    this.splits = splits;
    this.asOf = asOf;
    this.storage = storage;
    this.rows = rows;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<Integer> indices) {
    ParsedRowWriter writer = new ParsedRowWriter();
    return new Iterator<>() {
      private SplitParser parser;
      private KeyScreen keys;
      private InternalRow next;

      @Override
      public boolean hasNext() {
        try {
          while (next == null) {
            if (parser == null) {
              if (!indices.hasNext()) {
                return false;
              }
              Split s = splits.get(indices.next());
              parser = new SplitParser(layout, plans.get(s.file()), s, asOf, storage);
              keys = new KeyScreen();
            }
            if (parser.next()) {
              if (parser.isReject()) {
                keys.add(parser.reject().key());
                next = writer.encoded(IngestSchemas.rejected(parser.reject()));
              } else {
                keys.add(parser.key());
                next =
                    writer.accepted(
                        parser.fileIndex(),
                        parser.record(),
                        parser.line(),
                        parser.offset(),
                        parser.key(),
                        parser.data(),
                        parser.pii());
              }
              // Progress only (accumulators may double count on retries): never the ledger.
              rows.add(1);
            } else {
              next = writer.encoded(IngestSchemas.tally(parser.tally(), keys.toBytes()));
              parser.close();
              parser = null;
            }
          }
          return true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        InternalRow r = next;
        next = null;
        return r;
      }
    };
  }
}
