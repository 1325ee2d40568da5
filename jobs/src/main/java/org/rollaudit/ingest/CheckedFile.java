package org.rollaudit.ingest;

import java.util.List;
import java.util.SortedMap;
import org.rollaudit.layout.HeaderBinding;

/**
 * What the strict pre-pass learnt about one logical input (a plain file, a .gz, or one entry of a
 * .zip): custody (bytes, SHA-256 as received), how it was decoded, its header binding, the
 * independent record count, and where it may be split.
 *
 * @param name file name as received (never a path)
 * @param entry archive entry name, or null
 * @param bytes size as received (the archive's size for an entry)
 * @param sha256 SHA-256 of the bytes as received (the archive's for an entry)
 * @param entrySha256 SHA-256 of the entry's inflated bytes, or null
 * @param compression "none", "gzip" or "zip"
 * @param encoding effective encoding of the original text
 * @param bom byte-order mark found ("none", "UTF-8", "UTF-16LE", "UTF-16BE")
 * @param textUri the text the parser reads (the original, or a staged copy)
 * @param staged whether {@code textUri} is a staged copy
 * @param utf8 the parsed text is UTF-8 (ISO-8859-1 otherwise)
 * @param bomLength bytes of BOM at offset 0 of the parsed text
 * @param textBytes bytes of the parsed text
 * @param binding header binding
 * @param records physical records (header and blank lines included)
 * @param blank blank lines
 * @param flagged records the parser must reject (a lower bound of rejects)
 * @param flaggedByReason the same, by the first reason found
 * @param warnings file-level warnings, by code
 * @param splits split points: {offset, line, record ordinal}
 */
public record CheckedFile(
    String name,
    String entry,
    long bytes,
    String sha256,
    String entrySha256,
    String compression,
    String encoding,
    String bom,
    String textUri,
    boolean staged,
    boolean utf8,
    int bomLength,
    long textBytes,
    HeaderBinding binding,
    long records,
    long blank,
    long flagged,
    SortedMap<String, Long> flaggedByReason,
    SortedMap<String, Warning> warnings,
    List<long[]> splits) {

  /** "name" or "name!entry", for messages. */
  public String display() {
    return entry == null ? name : name + "!" + entry;
  }

  /** Header records: always 1 (a file without a header is refused). */
  public long header() {
    return 1;
  }

  /**
   * A file-level warning: something the court should know that rejects no record.
   *
   * @param code stable code (C1_BYTES, LIKELY_MOJIBAKE, MIXED_LINE_ENDINGS, ...)
   * @param count how many bytes, records or lines
   * @param firstLine first line where seen (0 if not line-bound)
   * @param detail one sentence, never row content
   */
  public record Warning(String code, long count, long firstLine, String detail) {}
}
