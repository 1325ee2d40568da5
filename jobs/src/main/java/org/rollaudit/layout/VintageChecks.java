package org.rollaudit.layout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.layout.Layout.Column;

/**
 * The vintage part of layout validation: each vintage's header list is well formed, every column
 * the mapping or the sensitive lists name exists in some vintage (a typo guard), and every vintage
 * alone provides what the mapping reads.
 */
final class VintageChecks {
  private final BiFunction<String, String, RollAuditException> fail;

  VintageChecks(BiFunction<String, String, RollAuditException> fail) {
    this.fail = fail;
  }

  List<Layout.Vintage> vintages(List<LayoutFile.VintageFile> vs, Layout.Limits limits) {
    List<Layout.Vintage> out = new ArrayList<>();
    if (vs == null) {
      return out;
    }
    Set<String> names = new HashSet<>();
    for (LayoutFile.VintageFile v : vs) {
      String vn = v.name;
      if (vn == null) {
        throw fail.apply("vintages", "missing required key 'vintages[].name'");
      }
      if (!names.add(vn)) {
        throw fail.apply(vn, "vintage '" + vn + "' listed twice");
      }
      List<String> cols = v.columns;
      if (cols == null) {
        throw fail.apply(vn, "missing required key 'vintages[].columns'");
      }
      Set<String> seen = new HashSet<>();
      for (String c : cols) {
        if (c == null || c.isEmpty()) {
          throw fail.apply(vn, "vintage '" + vn + "' has an empty column name");
        }
        if (!seen.add(c)) {
          throw fail.apply(c, "vintage '" + vn + "' lists column '" + c + "' twice");
        }
      }
      if (cols.size() > limits.maxColumns()) {
        throw fail.apply(vn, "vintage '" + vn + "' is wider than limits.max_columns");
      }
      out.add(new Layout.Vintage(vn, List.copyOf(cols)));
    }
    return out;
  }

  /** Every source name must exist in some vintage (typo guard), and each vintage must suffice. */
  void checkAgainstVintages(Layout layout) {
    if (layout.vintages().isEmpty()) {
      return;
    }
    Set<String> all = new HashSet<>();
    layout.vintages().forEach(v -> all.addAll(v.columns()));
    List<String> names = new ArrayList<>(layout.mappedSources());
    names.addAll(layout.sensitive().restricted());
    names.addAll(layout.sensitive().neverExport());
    for (String n : names) {
      if (!all.contains(n)) {
        throw fail.apply(n, "column '" + n + "' appears in no vintage (misspelt?)");
      }
    }
    for (Layout.Vintage v : layout.vintages()) {
      Set<String> has = new HashSet<>(v.columns());
      List<String> missing = new ArrayList<>();
      if (!has.contains(layout.key())) {
        missing.add(layout.key());
      }
      for (Column c : layout.columns()) {
        if (!c.optional() && !c.from().isEmpty() && c.from().stream().noneMatch(has::contains)) {
          missing.add(String.join("|", c.from()));
        }
        for (String j : c.join()) {
          if (!c.optional() && !has.contains(j)) {
            missing.add(j);
          }
        }
      }
      if (layout.confidential() != null
          && layout.confidential().from().stream().noneMatch(has::contains)) {
        missing.add(String.join("|", layout.confidential().from()));
      }
      if (layout.asOfFrom() != null && !has.contains(layout.asOfFrom())) {
        missing.add(layout.asOfFrom());
      }
      if (!missing.isEmpty()) {
        throw fail.apply(v.name(), "vintage '" + v.name() + "' lacks mapped columns " + missing);
      }
    }
  }
}
