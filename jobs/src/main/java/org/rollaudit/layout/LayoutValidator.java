package org.rollaudit.layout;

import java.lang.reflect.Field;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.layout.Layout.Column;
import org.rollaudit.layout.Layout.Kind;
import org.rollaudit.store.CanonicalSchema;

/**
 * Checks a bound {@link LayoutFile} for completeness and consistency; builds the {@link Layout}.
 */
final class LayoutValidator {
  /** Encodings the pre-pass can decode strictly. */
  static final Set<String> ENCODINGS = Set.of("ISO-8859-1", "UTF-8", "UTF-16LE", "UTF-16BE");

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  /** Canonical columns a layout maps through {@code columns:} (the rest are derived). */
  static final List<String> MAPPABLE = mappable();

  private final String name;
  private final String text;

  LayoutValidator(String name, String text) {
    this.name = name;
    this.text = text;
  }

  private static List<String> mappable() {
    Set<String> derived =
        Set.of("voter_id", "confidential", "name_fp", "address_fp", "src_file", "src_line");
    List<String> out = new ArrayList<>();
    for (String c : CanonicalSchema.DATA_COLUMNS) {
      if (!derived.contains(c)) {
        out.add(c);
      }
    }
    for (String c : CanonicalSchema.PII_COLUMNS) {
      if (!derived.contains(c)) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  static Kind kindOf(String canonical) {
    DataType t =
        CanonicalSchema.DATA_COLUMNS.contains(canonical)
            ? CanonicalSchema.DATA.apply(canonical).dataType()
            : CanonicalSchema.PII.apply(canonical).dataType();
    if (t.equals(DataTypes.DateType)) {
      return Kind.DATE;
    }
    if (t.equals(DataTypes.IntegerType)) {
      return Kind.INT;
    }
    return Kind.STRING;
  }

  RollAuditException fail(String token, String message) {
    return LayoutLoader.fail(name, text, token, message);
  }

  private <T> T need(T value, String key) {
    if (value == null) {
      throw fail(key, "missing required key '" + key + "'");
    }
    return value;
  }

  Layout validate(LayoutFile f) {
    String id = need(f.id, "id");
    if (!ID.matcher(id).matches()) {
      throw fail(id, "id '" + id + "' must be lower-case letters, digits and '-'");
    }
    int version = need(f.version, "version");
    if (version < 1) {
      throw fail("version", "version must be 1 or more");
    }
    boolean isAbstract = Boolean.TRUE.equals(f.isAbstract);
    Layout.Format format = format(need(f.format, "format"));
    Layout.Limits limits = limits(need(f.limits, "limits"));
    List<String> datePatterns = patterns(f.datePattern, "date_pattern");
    String description = f.description == null ? "" : f.description;
    Layout.Sensitive sensitive = sensitive(f.sensitive);
    if (isAbstract) {
      return new Layout(
          id,
          version,
          description,
          name,
          true,
          format,
          limits,
          f.key,
          !Boolean.FALSE.equals(f.keyPublic),
          datePatterns,
          List.of(),
          null,
          null,
          sensitive,
          null,
          null,
          List.of());
    }
    String key = need(f.key, "key");
    List<Column> columns = columns(f.columns, datePatterns);
    Layout.Confidential conf = confidential(f.confidential);
    String asOf = f.asOf == null ? null : need(f.asOf.from, "as_of.from");
    Layout.Retention retention = retention(f.retention);
    Layout.Coverage coverage = coverage(f.coverage, columns);
    VintageChecks vc = new VintageChecks(this::fail);
    List<Layout.Vintage> vintages = vc.vintages(f.vintages, limits);
    if (asOf != null && datePatterns.isEmpty()) {
      throw fail("as_of", "as_of needs a layout-wide date_pattern");
    }
    Layout layout =
        new Layout(
            id,
            version,
            description,
            name,
            false,
            format,
            limits,
            key,
            Boolean.TRUE.equals(f.keyPublic),
            datePatterns,
            columns,
            conf,
            asOf,
            sensitive,
            retention,
            coverage,
            vintages);
    vc.checkAgainstVintages(layout);
    return layout;
  }

  private Layout.Format format(LayoutFile.FormatFile f) {
    String delim = need(f.delimiter, "format.delimiter");
    if (delim.length() != 1
        || delim.charAt(0) > 0x7e
        || delim.charAt(0) == '\r'
        || delim.charAt(0) == '\n'
        || delim.charAt(0) == '\0') {
      throw fail(
          "delimiter", "format.delimiter must be one ASCII character other than CR, LF, NUL");
    }
    int quote = oneCharOrNone(f.quote, "quote");
    int escape = oneCharOrNone(f.escape, "escape");
    if (quote < 0 && escape >= 0) {
      throw fail("escape", "format.escape needs a format.quote");
    }
    if (quote == delim.charAt(0) || (escape == delim.charAt(0))) {
      throw fail("quote", "format.quote and format.escape must differ from the delimiter");
    }
    String enc = need(f.encoding, "format.encoding").toUpperCase(Locale.ROOT);
    if (!ENCODINGS.contains(enc)) {
      throw fail(
          f.encoding, "format.encoding must be one of " + new java.util.TreeSet<>(ENCODINGS));
    }
    List<String> accept = new ArrayList<>();
    for (String a : f.acceptEncodings == null ? List.of(enc) : f.acceptEncodings) {
      String u = need(a, "format.accept_encodings").toUpperCase(Locale.ROOT);
      if (!ENCODINGS.contains(u)) {
        throw fail(a, "format.accept_encodings: unknown encoding '" + a + "'");
      }
      accept.add(u);
    }
    if (!Boolean.TRUE.equals(need(f.header, "format.header"))) {
      throw fail("header", "format.header: false is not supported yet (headerless files)");
    }
    Set<String> endings = new LinkedHashSet<>();
    for (String e : f.lineEndings == null ? List.of("LF", "CRLF") : f.lineEndings) {
      if (!"LF".equals(e) && !"CRLF".equals(e)) {
        throw fail(String.valueOf(e), "format.line_endings: only LF and CRLF are allowed");
      }
      endings.add(e);
    }
    if (endings.isEmpty()) {
      throw fail("line_endings", "format.line_endings must not be empty");
    }
    return new Layout.Format(
        delim.charAt(0),
        quote,
        escape,
        enc,
        List.copyOf(accept),
        Boolean.TRUE.equals(f.multiline),
        Set.copyOf(endings));
  }

  private int oneCharOrNone(String s, String key) {
    if (s == null || s.isEmpty()) {
      return -1;
    }
    if (s.length() != 1 || s.charAt(0) > 0x7e || s.charAt(0) < 0x20) {
      throw fail(key, "format." + key + " must be one printable ASCII character or \"\"");
    }
    return s.charAt(0);
  }

  private Layout.Limits limits(LayoutFile.LimitsFile l) {
    Layout.Limits out =
        new Layout.Limits(
            positive(l.maxFieldBytes, "max_field_bytes"),
            positive(l.maxRecordBytes, "max_record_bytes"),
            (int) positive(l.maxColumns == null ? null : l.maxColumns.longValue(), "max_columns"),
            positive(l.maxRecords, "max_records"),
            positive(l.maxInputBytes, "max_input_bytes"),
            positive(l.maxInflatedBytes, "max_inflated_bytes"),
            (int)
                positive(
                    l.maxInflateRatio == null ? null : l.maxInflateRatio.longValue(),
                    "max_inflate_ratio"),
            (int)
                positive(
                    l.maxZipEntries == null ? null : l.maxZipEntries.longValue(),
                    "max_zip_entries"));
    if (out.maxFieldBytes() > out.maxRecordBytes()) {
      throw fail("max_field_bytes", "limits.max_field_bytes exceeds limits.max_record_bytes");
    }
    if (out.maxRecordBytes() > (16 << 20)) {
      throw fail("max_record_bytes", "limits.max_record_bytes may be at most 16 MiB");
    }
    return out;
  }

  private long positive(Long v, String key) {
    long x = need(v, "limits." + key);
    if (x <= 0) {
      throw fail(key, "limits." + key + " must be positive");
    }
    return x;
  }

  private List<String> patterns(List<String> ps, String key) {
    if (ps == null) {
      return List.of();
    }
    for (String p : ps) {
      need(p, key);
      if (p.indexOf('y') >= 0 || p.indexOf('Y') >= 0) {
        // With ResolverStyle.STRICT, 'yyyy' is year-of-era and needs an era field: every date
        // would fail. 'uuuu' is the proleptic year.
        throw fail(p, key + " '" + p + "': write the year as 'uuuu', not 'yyyy' or 'YYYY'");
      }
      try {
        DateTimeFormatter.ofPattern(p, Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
      } catch (IllegalArgumentException e) {
        throw fail(p, key + " '" + p + "' is not a date pattern: " + e.getMessage());
      }
    }
    return List.copyOf(ps);
  }

  private List<Column> columns(LayoutFile.ColumnsFile cf, List<String> datePatterns) {
    List<Column> out = new ArrayList<>();
    if (cf == null) {
      return out;
    }
    for (String canonical : MAPPABLE) {
      LayoutFile.ColumnFile c = field(cf, canonical);
      if (c != null) {
        out.add(column(canonical, c, datePatterns));
      }
    }
    return out;
  }

  private static LayoutFile.ColumnFile field(LayoutFile.ColumnsFile cf, String canonical) {
    StringBuilder camel = new StringBuilder();
    boolean up = false;
    for (char ch : canonical.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        camel.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    try {
      Field f = LayoutFile.ColumnsFile.class.getField(camel.toString());
      return (LayoutFile.ColumnFile) f.get(cf);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("ColumnsFile lacks canonical column " + canonical, e);
    }
  }

  private Column column(String canonical, LayoutFile.ColumnFile c, List<String> datePatterns) {
    Kind kind = kindOf(canonical);
    String where = "columns." + canonical;
    List<String> from = c.from == null ? List.of() : c.from;
    List<String> join = c.join == null ? List.of() : c.join;
    if (from.isEmpty() == join.isEmpty()) {
      throw fail(canonical + ":", where + " needs exactly one of 'from' or 'join'");
    }
    for (String s : from) {
      need(s, where + ".from");
    }
    for (String s : join) {
      need(s, where + ".join");
    }
    if (!join.isEmpty() && kind != Kind.STRING) {
      throw fail(canonical + ":", where + ": 'join' is only for text columns");
    }
    if (kind != Kind.STRING && (c.codes != null || c.map != null)) {
      throw fail(canonical + ":", where + ": 'codes' and 'map' are only for text columns");
    }
    if (kind != Kind.DATE && c.pattern != null) {
      throw fail(canonical + ":", where + ": 'pattern' is only for date columns");
    }
    if (kind != Kind.INT && (c.min != null || c.max != null)) {
      throw fail(canonical + ":", where + ": 'min' and 'max' are only for number columns");
    }
    Set<String> codes = new LinkedHashSet<>();
    for (String code : c.codes == null ? List.<String>of() : c.codes) {
      if (!codes.add(need(code, where + ".codes"))) {
        throw fail(code, where + ": code '" + code + "' listed twice");
      }
    }
    Map<String, String> map = new LinkedHashMap<>();
    if (c.map != null) {
      for (Map.Entry<String, String> e : c.map.entrySet()) {
        String v = need(e.getValue(), where + ".map");
        if (!codes.isEmpty() && !codes.contains(v)) {
          throw fail(e.getKey(), where + ".map: '" + v + "' is not one of its codes");
        }
        map.put(e.getKey(), v);
      }
    }
    List<String> patterns =
        kind == Kind.DATE
            ? (c.pattern != null ? patterns(c.pattern, where + ".pattern") : datePatterns)
            : List.of();
    if (kind == Kind.DATE && patterns.isEmpty()) {
      throw fail(canonical + ":", where + " is a date: set date_pattern or its 'pattern'");
    }
    if (c.min != null && c.max != null && c.min > c.max) {
      throw fail(canonical + ":", where + ": min exceeds max");
    }
    boolean rejectUnknown = c.unknown != LayoutFile.OnUnknown.WARN;
    boolean rejectEmpty = c.empty == LayoutFile.OnEmpty.REJECT;
    return new Column(
        canonical,
        kind,
        List.copyOf(from),
        List.copyOf(join),
        Set.copyOf(codes),
        Map.copyOf(map),
        rejectUnknown,
        rejectEmpty,
        patterns,
        c.min,
        c.max,
        Boolean.TRUE.equals(c.optional));
  }

  private Layout.Confidential confidential(LayoutFile.ConfidentialFile c) {
    if (c == null) {
      return null;
    }
    List<String> from = need(c.from, "confidential.from");
    if (from.isEmpty() || from.contains(null)) {
      throw fail("confidential", "confidential.from must name a column");
    }
    Set<String> yes = Set.copyOf(need(c.flagged, "confidential.flagged"));
    Set<String> no = c.notFlagged == null ? Set.of("") : Set.copyOf(c.notFlagged);
    if (yes.isEmpty()) {
      throw fail("flagged", "confidential.flagged must list at least one value");
    }
    for (String y : yes) {
      if (no.contains(y)) {
        throw fail("flagged", "confidential: '" + y + "' is both flagged and not_flagged");
      }
    }
    return new Layout.Confidential(List.copyOf(from), yes, no);
  }

  private Layout.Sensitive sensitive(LayoutFile.SensitiveFile s) {
    if (s == null) {
      return new Layout.Sensitive(Set.of(), Set.of());
    }
    return new Layout.Sensitive(
        s.restricted == null ? Set.of() : Set.copyOf(s.restricted),
        s.neverExport == null ? Set.of() : Set.copyOf(s.neverExport));
  }

  private Layout.Retention retention(LayoutFile.RetentionFile r) {
    if (r == null) {
      return null;
    }
    List<String> status = need(r.status, "retention.status");
    int years = need(r.years, "retention.years");
    if (status.isEmpty() || years <= 0) {
      throw fail("retention", "retention needs a non-empty status list and positive years");
    }
    return new Layout.Retention(Set.copyOf(status), years, r.basis == null ? "" : r.basis.trim());
  }

  private Layout.Coverage coverage(LayoutFile.CoverageFile c, List<Column> columns) {
    if (c == null) {
      return null;
    }
    String col = need(c.column, "coverage.column");
    boolean mapped =
        columns.stream().anyMatch(x -> x.canonical().equals(col) && x.kind() == Kind.STRING);
    if (!mapped) {
      throw fail(col, "coverage.column '" + col + "' is not a mapped text column");
    }
    List<Integer> r = need(c.range, "coverage.range");
    if (r.size() != 2 || r.get(0) == null || r.get(1) == null || r.get(0) > r.get(1)) {
      throw fail("range", "coverage.range must be [low, high]");
    }
    return new Layout.Coverage(col, r.get(0), r.get(1));
  }
}
