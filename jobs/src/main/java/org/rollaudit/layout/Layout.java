package org.rollaudit.layout;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One validated input layout, immutable and serialisable (it travels to Spark executors with each
 * split). Built only by {@link LayoutLoader} from {@code rules/layouts/*.yaml}; see {@code
 * rules/layouts/README.md} for the file format.
 *
 * <p>Example: {@code nc-ncvoter} maps canonical {@code age} from {@code age_at_year_end} (2022,
 * 2026) or {@code birth_age} (pre-2022). A header holding every column of vintage {@code 2022}
 * binds {@code age} to the index of {@code age_at_year_end} in that header, whatever its position.
 */
public final class Layout implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Text format of the file. {@code quote} and {@code escape} are -1 when absent. */
  public record Format(
      char delimiter,
      int quote,
      int escape,
      String encoding,
      List<String> acceptEncodings,
      boolean multiline,
      Set<String> lineEndings)
      implements Serializable {}

  /** Limits enforced before and during parsing (reliability.md §8). */
  public record Limits(
      long maxFieldBytes,
      long maxRecordBytes,
      int maxColumns,
      long maxRecords,
      long maxInputBytes,
      long maxInflatedBytes,
      int maxInflateRatio,
      int maxZipEntries)
      implements Serializable {}

  /** The value type of a canonical column (fixed by {@code CanonicalSchema}). */
  public enum Kind {
    STRING,
    DATE,
    INT
  }

  /**
   * One canonical column's source and checks.
   *
   * @param canonical canonical column name (CanonicalSchema)
   * @param from aliases across vintages; the one present in the header is read
   * @param join columns whose trimmed values are joined with one space (empty ones skipped)
   * @param codes allowed values after {@code map}, or empty for any value
   * @param map raw value to canonical code (applied before the code check)
   * @param rejectUnknown unknown code: true = BAD_CODE reject, false = warning
   * @param rejectEmpty empty value: true = reject (BAD_CODE, BAD_DATE or BAD_NUMBER by kind)
   * @param patterns date patterns (strict), tried in order; no string matches two of them
   * @param min inclusive lower bound for INT columns, or null
   * @param max inclusive upper bound for INT columns, or null
   * @param optional when true a header without the source leaves the column null
   */
  public record Column(
      String canonical,
      Kind kind,
      List<String> from,
      List<String> join,
      Set<String> codes,
      Map<String, String> map,
      boolean rejectUnknown,
      boolean rejectEmpty,
      List<String> patterns,
      Integer min,
      Integer max,
      boolean optional)
      implements Serializable {}

  /**
   * The confidential flag: source aliases (as {@link Column#from}), values meaning yes, values
   * meaning no; anything else is BAD_CODE.
   */
  public record Confidential(List<String> from, Set<String> flagged, Set<String> notFlagged)
      implements Serializable {}

  /** The publisher's retention rule (used by compare to tell aged-out from removed). */
  public record Retention(Set<String> status, int years, String basis) implements Serializable {}

  /** Expected values of a unit column (e.g. NC county_id 1..100); missing ones are warned. */
  public record Coverage(String column, int lo, int hi) implements Serializable {}

  /** A known header: exact names in file order. */
  public record Vintage(String name, List<String> columns) implements Serializable {}

  /** Sensitive source columns: restricted (names, addresses) and never exported (SSN, phone...). */
  public record Sensitive(Set<String> restricted, Set<String> neverExport)
      implements Serializable {}

  private final String id;
  private final int version;
  private final String description;
  private final String sourceName;
  private final boolean isAbstract;
  private final Format format;
  private final Limits limits;
  private final String key;
  private final boolean keyPublic;
  private final List<String> datePatterns;
  private final List<Column> columns;
  private final Confidential confidential;
  private final String asOfFrom;
  private final Sensitive sensitive;
  private final Retention retention;
  private final Coverage coverage;
  private final List<Vintage> vintages;

  Layout(
      String id,
      int version,
      String description,
      String sourceName,
      boolean isAbstract,
      Format format,
      Limits limits,
      String key,
      boolean keyPublic,
      List<String> datePatterns,
      List<Column> columns,
      Confidential confidential,
      String asOfFrom,
      Sensitive sensitive,
      Retention retention,
      Coverage coverage,
      List<Vintage> vintages) {
    this.id = id;
    this.version = version;
    this.description = description;
    this.sourceName = sourceName;
    this.isAbstract = isAbstract;
    this.format = format;
    this.limits = limits;
    this.key = key;
    this.keyPublic = keyPublic;
    this.datePatterns = List.copyOf(datePatterns);
    this.columns = List.copyOf(columns);
    this.confidential = confidential;
    this.asOfFrom = asOfFrom;
    this.sensitive = sensitive;
    this.retention = retention;
    this.coverage = coverage;
    this.vintages = List.copyOf(vintages);
  }

  public String id() {
    return id;
  }

  public int version() {
    return version;
  }

  /** {@code id@version}, as written in receipts and method.json. */
  public String label() {
    return id + "@" + version;
  }

  public String description() {
    return description;
  }

  /** File name the layout was read from (no directory). */
  public String sourceName() {
    return sourceName;
  }

  /** A base for mapping files ({@code generic-csv}); cannot ingest on its own. */
  public boolean isAbstract() {
    return isAbstract;
  }

  public Format format() {
    return format;
  }

  public Limits limits() {
    return limits;
  }

  /** Source column holding the voter key (canonical {@code voter_id}). */
  public String key() {
    return key;
  }

  /** Whether the publisher makes the key public (else evidence pseudonymises it). */
  public boolean keyPublic() {
    return keyPublic;
  }

  /** The layout-wide date patterns (strict), used by date columns without their own. */
  public List<String> datePatterns() {
    return datePatterns;
  }

  /** Mapped canonical columns, in CanonicalSchema order (DATA then PII). */
  public List<Column> columns() {
    return columns;
  }

  /** The confidential flag, or null when the layout has none. */
  public Confidential confidential() {
    return confidential;
  }

  /** Source column that must equal --as-of on every record, or null. */
  public String asOfFrom() {
    return asOfFrom;
  }

  public Sensitive sensitive() {
    return sensitive;
  }

  /** Retention rule, or null. */
  public Retention retention() {
    return retention;
  }

  /** Coverage expectation, or null. */
  public Coverage coverage() {
    return coverage;
  }

  /** Known headers; empty for a mapping layout (its required columns are then the header). */
  public List<Vintage> vintages() {
    return vintages;
  }

  /**
   * Source columns the mapping reads: the key, every {@code from} alias and {@code join} column,
   * the confidential flag and the as-of column, in that order without repeats. For a layout without
   * vintages a header must contain all of them (first alias of each {@code from}).
   */
  public List<String> mappedSources() {
    Set<String> out = new LinkedHashSet<>();
    out.add(key);
    if (asOfFrom != null) {
      out.add(asOfFrom);
    }
    for (Column c : columns) {
      out.addAll(c.from());
      out.addAll(c.join());
    }
    if (confidential != null) {
      out.addAll(confidential.from());
    }
    return new ArrayList<>(out);
  }

  /** The column spec of a canonical column, or null if the layout does not map it. */
  public Column column(String canonical) {
    for (Column c : columns) {
      if (c.canonical().equals(canonical)) {
        return c;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return label();
  }
}
