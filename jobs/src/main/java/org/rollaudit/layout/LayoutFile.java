package org.rollaudit.layout;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The YAML shape of a layout file, bound strictly by Jackson: any key not declared here is an error
 * that names the file and line. Every field is optional at this level because a mapping file may
 * inherit it through {@code extends}; {@link LayoutLoader} checks completeness after merging and
 * turns this into an immutable {@link Layout}. Keys are snake_case in YAML.
 */
final class LayoutFile {
  public String id;
  public Integer version;
  public String description;

  @JsonProperty("extends")
  public String extendsId;

  @JsonProperty("abstract")
  public Boolean isAbstract;

  public FormatFile format;
  public LimitsFile limits;
  public String key;
  public Boolean keyPublic;
  public List<String> datePattern;
  public ColumnsFile columns;
  public ConfidentialFile confidential;
  public SourceFile asOf;
  public SensitiveFile sensitive;
  public RetentionFile retention;
  public CoverageFile coverage;
  public List<VintageFile> vintages;

  static final class FormatFile {
    public String delimiter;
    public String quote;
    public String escape;
    public String encoding;
    public List<String> acceptEncodings;
    public Boolean header;
    public Boolean multiline;
    public List<String> lineEndings;
  }

  static final class LimitsFile {
    public Long maxFieldBytes;
    public Long maxRecordBytes;
    public Integer maxColumns;
    public Long maxRecords;
    public Long maxInputBytes;
    public Long maxInflatedBytes;
    public Integer maxInflateRatio;
    public Integer maxZipEntries;
  }

  /** How unknown codes are handled in one column. */
  enum OnUnknown {
    @JsonProperty("reject")
    REJECT,
    @JsonProperty("warn")
    WARN
  }

  /** Whether an empty value is allowed in one column. */
  enum OnEmpty {
    @JsonProperty("allow")
    ALLOW,
    @JsonProperty("reject")
    REJECT
  }

  /** One canonical column's source and checks. */
  static final class ColumnFile {
    public List<String> from;
    public List<String> join;
    public List<String> codes;
    public LinkedHashMap<String, String> map;
    public OnUnknown unknown;
    public OnEmpty empty;
    public List<String> pattern;
    public Integer min;
    public Integer max;
    public Boolean optional;
  }

  /**
   * The canonical columns a layout may map, one field each, so that a misspelt canonical name is an
   * unknown-key error with a line number. {@code voter_id} comes from {@code key}, {@code
   * confidential} from the {@code confidential} block; the rest are derived.
   */
  static final class ColumnsFile {
    public ColumnFile countyId;
    public ColumnFile countyDesc;
    public ColumnFile precinct;
    public ColumnFile status;
    public ColumnFile reason;
    public ColumnFile statusDate;
    public ColumnFile race;
    public ColumnFile ethnicity;
    public ColumnFile gender;
    public ColumnFile party;
    public ColumnFile birthYear;
    public ColumnFile age;
    public ColumnFile registrDt;
    public ColumnFile lastName;
    public ColumnFile firstName;
    public ColumnFile middleName;
    public ColumnFile nameSuffix;
    public ColumnFile resStreetAddress;
    public ColumnFile resCity;
    public ColumnFile resZip;
    public ColumnFile mailAddress;
  }

  static final class ConfidentialFile {
    public List<String> from;
    public List<String> flagged;
    public List<String> notFlagged;
  }

  static final class SourceFile {
    public String from;
  }

  static final class SensitiveFile {
    public List<String> restricted;
    public List<String> neverExport;
  }

  static final class RetentionFile {
    public List<String> status;
    public Integer years;
    public String basis;
  }

  static final class CoverageFile {
    public String column;
    public List<Integer> range;
  }

  static final class VintageFile {
    public String name;
    public List<String> columns;
  }
}
