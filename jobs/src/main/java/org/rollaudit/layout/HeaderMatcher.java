package org.rollaudit.layout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.rollaudit.audit.RollAuditException;

/**
 * Checks a header against a layout, exactly: names are compared byte for byte (case matters, a
 * trailing space matters), empty and duplicate names are refused, and the header must contain every
 * column of one known vintage. It never guesses by position.
 *
 * <p>Example with {@code nc-ncvoter}: a header equal to vintage 2022 → vintage 2022, "exact"; the
 * 2022 columns plus {@code my_col} → vintage 2022, extras [my_col]; the 2022 columns with {@code
 * ncid} spelt {@code NCID} → exit 3: "missing ncid (closest header name: 'NCID')".
 */
public final class HeaderMatcher {
  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private HeaderMatcher() {}

  /**
   * Binds {@code header} (names in file order, BOM already removed) to {@code layout}.
   *
   * @param file the file name, for messages
   * @throws RollAuditException exit 3 when the header cannot be read with this layout
   */
  public static HeaderBinding bind(Layout layout, List<String> header, String file) {
    Map<String, Integer> pos = positions(header, file, layout);
    String vintage;
    List<String> expected;
    if (layout.vintages().isEmpty()) {
      vintage = "mapping";
      expected = required(layout);
      List<String> missing = missing(expected, pos, layout);
      if (!missing.isEmpty()) {
        throw missingError(layout, file, "its mapping", missing, header, Set.copyOf(expected));
      }
      expected = layout.mappedSources();
    } else {
      Layout.Vintage best = null;
      Layout.Vintage closest = null;
      List<String> closestMissing = null;
      for (Layout.Vintage v : layout.vintages()) {
        List<String> miss = new ArrayList<>();
        for (String c : v.columns()) {
          if (!pos.containsKey(c)) {
            miss.add(c);
          }
        }
        if (miss.isEmpty()) {
          // The widest vintage contained in the header is the most specific (2026 over 2022).
          if (best == null || v.columns().size() > best.columns().size()) {
            best = v;
          }
        } else if (closestMissing == null || miss.size() < closestMissing.size()) {
          closest = v;
          closestMissing = miss;
        }
      }
      if (best == null) {
        throw missingError(
            layout,
            file,
            "vintage " + closest.name() + " (the closest)",
            closestMissing,
            header,
            Set.copyOf(closest.columns()));
      }
      vintage = best.name();
      expected = best.columns();
    }
    Set<String> expectedSet = new HashSet<>(expected);
    List<String> extras = new ArrayList<>();
    List<String> inOrder = new ArrayList<>();
    for (String h : header) {
      if (expectedSet.contains(h)) {
        inOrder.add(h);
      } else {
        extras.add(h);
      }
    }
    boolean reordered = !layout.vintages().isEmpty() && !inOrder.equals(expected);
    return binding(layout, header, pos, file, vintage, reordered, extras);
  }

  private static Map<String, Integer> positions(List<String> header, String file, Layout layout) {
    if (header.size() > layout.limits().maxColumns()) {
      throw RollAuditException.input(
          String.format(
              Locale.ROOT,
              "Cannot read %s: the header has %d columns, more than the layout %s allows (%d)."
                  + " Check the delimiter and the layout.",
              file,
              header.size(),
              layout.label(),
              layout.limits().maxColumns()));
    }
    Map<String, Integer> pos = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i);
      if (h.isEmpty()) {
        throw RollAuditException.input(
            String.format(
                Locale.ROOT,
                "Cannot read %s: header column %d has an empty name (line 1). Every column needs a"
                    + " name; fix the header.",
                file,
                i + 1));
      }
      Integer prev = pos.putIfAbsent(h, i);
      if (prev != null) {
        throw RollAuditException.input(
            String.format(
                Locale.ROOT,
                "Cannot read %s: header name '%s' appears twice (columns %d and %d, line 1)."
                    + " Duplicate names make reading by name ambiguous; fix the header.",
                file,
                h,
                prev + 1,
                i + 1));
      }
    }
    return pos;
  }

  /** Required sources of a layout without vintages: key, first-or-any alias of each column. */
  private static List<String> required(Layout layout) {
    List<String> out = new ArrayList<>();
    out.add(layout.key());
    if (layout.asOfFrom() != null) {
      out.add(layout.asOfFrom());
    }
    for (Layout.Column c : layout.columns()) {
      if (!c.optional()) {
        out.addAll(c.join());
        if (!c.from().isEmpty()) {
          out.add(c.from().get(0));
        }
      }
    }
    if (layout.confidential() != null) {
      out.add(layout.confidential().from().get(0));
    }
    return out;
  }

  /** Names of {@code expected} absent from the header; an alias counts as present. */
  private static List<String> missing(List<String> expected, Map<String, Integer> pos, Layout l) {
    List<String> out = new ArrayList<>();
    for (String e : expected) {
      if (pos.containsKey(e)) {
        continue;
      }
      boolean viaAlias = false;
      for (Layout.Column c : l.columns()) {
        if (c.from().contains(e) && c.from().stream().anyMatch(pos::containsKey)) {
          viaAlias = true;
        }
      }
      if (l.confidential() != null
          && l.confidential().from().contains(e)
          && l.confidential().from().stream().anyMatch(pos::containsKey)) {
        viaAlias = true;
      }
      if (!viaAlias && !out.contains(e)) {
        out.add(e);
      }
    }
    return out;
  }

  private static RollAuditException missingError(
      Layout layout,
      String file,
      String against,
      List<String> missing,
      List<String> header,
      Set<String> known) {
    StringBuilder sb = new StringBuilder();
    sb.append("Cannot read ")
        .append(file)
        .append(": the header does not match layout ")
        .append(layout.label())
        .append(". Missing for ")
        .append(against)
        .append(": ");
    for (int i = 0; i < missing.size(); i++) {
      String m = missing.get(i);
      sb.append(i == 0 ? "" : ", ").append(m);
      String near = closest(m, header, known);
      if (near != null) {
        sb.append(" (closest header name: '").append(near).append("')");
      }
    }
    sb.append(". Check that the file is a ")
        .append(layout.id())
        .append(" export, or pass a layout that matches it (rollaudit layouts lists them).");
    return RollAuditException.input(sb.toString());
  }

  /** The header name nearest to {@code missing} among names the layout does not already use. */
  static String closest(String missing, List<String> header, Set<String> known) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    String m = missing.toLowerCase(Locale.ROOT);
    for (String h : header) {
      if (known.contains(h)) {
        continue;
      }
      int d = DISTANCE.apply(m, h.toLowerCase(Locale.ROOT).trim());
      if (d < bestD) {
        bestD = d;
        best = h;
      }
    }
    // Beyond half the name's length a "closest" name is noise.
    return best != null && bestD <= Math.max(2, missing.length() / 2) ? best : null;
  }

  private static HeaderBinding binding(
      Layout layout,
      List<String> header,
      Map<String, Integer> pos,
      String file,
      String vintage,
      boolean reordered,
      List<String> extras) {
    List<Layout.Column> cols = layout.columns();
    int[] colIdx = new int[cols.size()];
    int[][] joinIdx = new int[cols.size()][];
    for (int i = 0; i < cols.size(); i++) {
      Layout.Column c = cols.get(i);
      colIdx[i] = -1;
      joinIdx[i] = new int[0];
      if (!c.from().isEmpty()) {
        List<String> present = c.from().stream().filter(pos::containsKey).toList();
        if (present.size() > 1) {
          throw RollAuditException.input(
              String.format(
                  Locale.ROOT,
                  "Cannot read %s: columns %s are aliases of %s and more than one is present."
                      + " Keep one of them.",
                  file,
                  present,
                  c.canonical()));
        }
        colIdx[i] = present.isEmpty() ? -1 : pos.get(present.get(0));
      } else {
        joinIdx[i] = c.join().stream().filter(pos::containsKey).mapToInt(pos::get).toArray();
      }
    }
    int conf = -1;
    if (layout.confidential() != null) {
      List<String> present =
          layout.confidential().from().stream().filter(pos::containsKey).toList();
      if (present.size() > 1) {
        throw RollAuditException.input(
            String.format(
                Locale.ROOT,
                "Cannot read %s: columns %s are aliases of the confidential flag and more than one"
                    + " is present. Keep one of them.",
                file,
                present));
      }
      conf = present.isEmpty() ? -1 : pos.get(present.get(0));
    }
    int asOf = layout.asOfFrom() == null ? -1 : pos.getOrDefault(layout.asOfFrom(), -1);
    int[] restricted =
        layout.sensitive().restricted().stream()
            .filter(pos::containsKey)
            .mapToInt(pos::get)
            .sorted()
            .toArray();
    int[] never =
        layout.sensitive().neverExport().stream()
            .filter(pos::containsKey)
            .mapToInt(pos::get)
            .sorted()
            .toArray();
    return new HeaderBinding(
        vintage,
        reordered,
        List.copyOf(extras),
        List.copyOf(header),
        pos.get(layout.key()),
        colIdx,
        joinIdx,
        conf,
        asOf,
        restricted,
        never);
  }
}
