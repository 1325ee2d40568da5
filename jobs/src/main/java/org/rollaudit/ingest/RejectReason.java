package org.rollaudit.ingest;

/**
 * The closed list of reasons a record is rejected (one per record: the first that applies, in the
 * order below, which is the order checks run). The names are stable: they appear in receipts,
 * {@code inputs.json} and reject files.
 */
public enum RejectReason {
  /** The record exceeds {@code limits.max_record_bytes}; its fields were not read. */
  RECORD_TOO_LONG,
  /**
   * Invalid UTF-8 (or a UTF-16 decoding error marked by the pre-pass), or a BOM inside the file.
   */
  ENCODING,
  /** NUL, a C0 control other than tab (CR only as part of CRLF), or DEL. */
  CONTROL_CHAR,
  /**
   * A quote opened and never closed, text after a closing quote, or a quote in an unquoted field.
   */
  UNBALANCED_QUOTE,
  /** The number of fields differs from the header's. */
  FIELD_COUNT,
  /** A field exceeds {@code limits.max_field_bytes} (raw bytes between delimiters). */
  FIELD_TOO_LONG,
  /** The record repeats the header (typically two files concatenated). */
  REPEATED_HEADER,
  /** The key field is empty. */
  EMPTY_KEY,
  /** The key field holds only spaces or tabs. */
  WHITESPACE_ONLY_KEY,
  /** A column the layout marks {@code empty: reject} is empty. */
  MISSING_VALUE,
  /**
   * A code outside the layout's list in a column marked {@code unknown: reject}, or an unreadable
   * confidential flag.
   */
  BAD_CODE,
  /** A date that does not parse strictly (e.g. 02/30/2020, 2/3/2020 for MM/dd/uuuu). */
  BAD_DATE,
  /** A number that is not plain digits or is outside the layout's range. */
  BAD_NUMBER,
  /** The record's own snapshot date differs from {@code --as-of}. */
  AS_OF_MISMATCH,
  /**
   * The key occurs more than once in the snapshot: every copy is rejected. Assigned after parsing.
   */
  DUPLICATE_KEY;

  /** Value-level reasons: the record was split into the right fields, so its key is readable. */
  public boolean keyReadable() {
    return ordinal() >= REPEATED_HEADER.ordinal()
        && this != EMPTY_KEY
        && this != WHITESPACE_ONLY_KEY
        && this != REPEATED_HEADER;
  }
}
