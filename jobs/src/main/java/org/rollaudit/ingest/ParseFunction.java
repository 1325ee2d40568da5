package org.rollaudit.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.rollaudit.layout.Layout;

/**
 * The Spark side of parsing: a partition holds split indices; each split streams through a {@link
 * SplitParser} into {@link IngestSchemas#PARSED} rows, ending with its tally row. The splits, plans
 * and layout travel in the closure (Java serialisation), not as RDD elements, so no Kryo
 * registration is needed. A retried task re-parses the same bytes into the same rows.
 */
final class ParseFunction implements FlatMapFunction<Iterator<Integer>, Row> {
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
  public Iterator<Row> call(Iterator<Integer> indices) {
    return new Iterator<>() {
      private SplitParser parser;
      private Row next;

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
            }
            if (parser.next()) {
              next =
                  parser.isReject()
                      ? IngestSchemas.rejected(parser.reject())
                      : IngestSchemas.accepted(
                          parser.fileIndex(),
                          parser.record(),
                          parser.line(),
                          parser.offset(),
                          parser.key(),
                          parser.data(),
                          parser.pii());
              // Progress only (accumulators may double count on retries): never the ledger.
              rows.add(1);
            } else {
              next = IngestSchemas.tally(parser.tally());
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
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row r = next;
        next = null;
        return r;
      }
    };
  }
}
