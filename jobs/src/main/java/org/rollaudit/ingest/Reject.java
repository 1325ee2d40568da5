package org.rollaudit.ingest;

import java.io.Serializable;

/**
 * One rejected record.
 *
 * @param file logical input index
 * @param record record ordinal in the file (1-based, the header is 1)
 * @param line physical line where the record starts (1-based)
 * @param offset byte offset of the record in the text (decompressed, transcoded to UTF-8 for UTF-16
 *     inputs; the original file's offset otherwise)
 * @param column 1-based column, 0 for the whole record
 * @param columnName header name of that column, "" when none
 * @param reason the reason
 * @param message what is wrong, never the value
 * @param raw the record's text, escaped and masked (restricted data)
 * @param key the key when the record split into the right fields (for duplicate detection), else
 *     null
 */
public record Reject(
    int file,
    long record,
    long line,
    long offset,
    int column,
    String columnName,
    RejectReason reason,
    String message,
    String raw,
    String key)
    implements Serializable {}
