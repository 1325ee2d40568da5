/**
 * Lossless ingest (reliability.md §2, §3, §8). Every physical record of every input file is either
 * accepted into the snapshot or rejected with a reason from {@link
 * org.rollaudit.ingest.RejectReason}; the ledger {@code records = accepted + rejected + header +
 * blank} is reconciled per file against a record count taken by an independent counter.
 *
 * <p>Flow: {@link org.rollaudit.ingest.PrePass} (plain Java, one thread per file) hashes, unpacks,
 * decodes strictly, counts records, checks the header, enforces limits, notes split points and
 * writes a staged copy when needed; {@link org.rollaudit.ingest.SplitParser} turns one split into
 * canonical rows and rejects; {@link org.rollaudit.ingest.IngestJob} runs the parser in Spark,
 * marks duplicate keys, reconciles, and hands the snapshot to the store.
 *
 * <p>Spark's CSV reader is not used anywhere in ingest: its documented leniencies (PERMISSIVE
 * nulls, padded or dropped tokens, header renaming, U+FFFD replacement, skipped blank lines,
 * lenient dates) are therefore impossible here, and tests pin that they do not happen.
 */
package org.rollaudit.ingest;
