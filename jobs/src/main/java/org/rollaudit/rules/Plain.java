package org.rollaudit.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Locale;
import java.util.SortedMap;
import org.apache.commons.text.WordUtils;
import org.rollaudit.audit.Metrics;

/**
 * Plain-language pieces of explanations, identical on every machine: fixed English month names
 * (never the default locale), {@link Locale#ROOT} number formats, title-cased county names.
 */
final class Plain {
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private Plain() {}

  /** "6 Jan 2024". */
  static String date(LocalDate d) {
    return d.getDayOfMonth() + " " + MONTHS[d.getMonthValue() - 1] + " " + d.getYear();
  }

  /** "between 6 Jan 2024 and 3 Feb 2024". */
  static String period(Metrics m) {
    return "between " + date(m.baseline().asOf()) + " and " + date(m.current().asOf());
  }

  /** "1,234". */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A rate as a percentage: "12.1%", "0.45%", "0.0031%", "0%". */
  static String percent(double rate) {
    double p = rate * 100;
    if (p == 0) {
      return "0%";
    }
    if (p >= 1) {
      return String.format(Locale.ROOT, "%.1f%%", p);
    }
    BigDecimal b = new BigDecimal(p).round(new MathContext(2, RoundingMode.HALF_EVEN));
    return b.stripTrailingZeros().toPlainString() + "%";
  }

  /** "about 9 times", "about 2.4 times"; whole numbers from 3 up, where decimals are noise. */
  static String times(double ratio) {
    if (!Double.isFinite(ratio)) {
      return "far more";
    }
    if (ratio >= 3) {
      return "about " + count(Math.round(ratio)) + " times";
    }
    return "about " + String.format(Locale.ROOT, "%.1f", ratio) + " times";
  }

  /** A threshold as written, without exponent: 0.0001 not 1.0E-4. */
  static String number(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** "Harnett County" from countyNames ("HARNETT"), or "county 41" when the name is unknown. */
  static String county(Metrics m, String id) {
    String name = m.countyNames().get(id);
    if (name == null || name.isBlank()) {
      return "county " + id;
    }
    String t = WordUtils.capitalizeFully(name.trim().toLowerCase(Locale.ROOT), ' ', '-', '\'');
    return t.toLowerCase(Locale.ROOT).endsWith(" county") ? t : t + " County";
  }

  /** The unit as a subject: "Harnett County", "precinct P12 of Harnett County", "the state". */
  static String unit(Metrics m, SortedMap<String, String> unit) {
    if (unit.isEmpty()) {
      return "the state";
    }
    String c = county(m, unit.get("county_id"));
    return unit.containsKey("precinct") ? "precinct " + unit.get("precinct") + " of " + c : c;
  }

  /** Capitalises the first letter (a sentence that starts with a unit). */
  static String sentence(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
