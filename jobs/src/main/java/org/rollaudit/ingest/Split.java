package org.rollaudit.ingest;

import java.io.Serializable;

/**
 * A byte range of one text file that starts at a record boundary (found by the pre-pass), so that
 * splits parse independently and in parallel.
 *
 * @param file index of the logical input file (position in the receipt)
 * @param index 0-based split number within the file
 * @param start byte offset of the split's first record (0 for the first split, BOM included)
 * @param end byte offset where the next split starts (the text length for the last one)
 * @param firstLine physical line number of the first record (1-based)
 * @param firstRecord record ordinal of the first record (1-based; the header is record 1)
 */
public record Split(int file, int index, long start, long end, long firstLine, long firstRecord)
    implements Serializable {}
