package org.rollaudit.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The one number formatter of the bundle: every double that reaches a file (JSON, HTML, SVG, CSV)
 * goes through here, so the same value always prints the same way on every machine.
 *
 * <p>Why not {@code Double.toString} or {@code String.format}: the former changed its output for
 * some values in JDK 19 (shortest-repr fix), the latter follows the default locale ({@code 0,15}
 * under de_DE). We round the <em>exact</em> binary value ({@code new BigDecimal(double)}) with
 * {@link RoundingMode#HALF_EVEN}, which depends on nothing but the double's bits; rounding to six
 * significant digits also absorbs the one-ulp differences {@code Math.log/exp} may show across
 * CPUs.
 *
 * <pre>
 * json(0.15)          = "0.15"      json(3.7000000000000002) = "3.7"
 * json(1e-30)         = "1e-30"     json(1.234567e-30)       = "1.23457e-30"
 * json(Double.NaN)    = "null"      significant(0.042345, 3) = "0.0423"
 * percent(0.029, 3)   = "2.90%"     fixed(12.3456, 2)        = "12.35"
 * </pre>
 */
public final class NumberText {

  /** Significant digits written to findings.json and method.json. */
  public static final int JSON_DIGITS = 6;

  /** Significant digits shown to a reader in the report. */
  public static final int DISPLAY_DIGITS = 3;

  /** Below this magnitude (and at or above {@link #LARGE}) numbers use exponent form. */
  private static final BigDecimal SMALL = new BigDecimal("0.0001");

  private static final BigDecimal LARGE = new BigDecimal("1e15");

  private NumberText() {}

  /**
   * A JSON number literal with {@link #JSON_DIGITS} significant digits, or {@code null} (the JSON
   * literal) for NaN and infinities, which JSON cannot carry.
   */
  public static String json(double v) {
    String s = significant(v, JSON_DIGITS);
    return s == null ? "null" : s;
  }

  /**
   * {@code v} rounded to {@code digits} significant digits, trailing zeros removed, plain form
   * between 1e-4 and 1e15 and exponent form ({@code 1.5e-30}) outside; null when not finite.
   */
  public static String significant(double v, int digits) {
    if (!Double.isFinite(v)) {
      return null;
    }
    return render(new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN)));
  }

  /**
   * A rate (0.15) as a percentage with {@code digits} significant digits, trailing zeros kept so a
   * column lines up ("2.90%", "15.0%"); "n/a" if not finite.
   */
  public static String percent(double rate, int digits) {
    if (!Double.isFinite(rate)) {
      return "n/a";
    }
    // movePointRight is exact: multiplying the double by 100 first would add its own rounding.
    BigDecimal p =
        new BigDecimal(rate)
            .movePointRight(2)
            .round(new MathContext(digits, RoundingMode.HALF_EVEN));
    if (p.signum() == 0) {
      return "0%";
    }
    return (p.abs().compareTo(SMALL) >= 0 ? p.toPlainString() : render(p)) + "%";
  }

  /** As {@link #percent} with trailing zeros removed ("5%", "2.5%"), for axis ticks and labels. */
  public static String percentShort(double rate, int digits) {
    if (!Double.isFinite(rate)) {
      return "n/a";
    }
    return render(
            new BigDecimal(rate)
                .movePointRight(2)
                .round(new MathContext(digits, RoundingMode.HALF_EVEN)))
        + "%";
  }

  /** {@code v} with exactly {@code decimals} decimals (SVG coordinates); "0" for non-finite. */
  public static String fixed(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return "0";
    }
    BigDecimal d = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN);
    String s = d.toPlainString();
    return isNegativeZero(d) ? s.substring(1) : s;
  }

  /**
   * A display number for the report: {@link #DISPLAY_DIGITS} significant digits, "n/a" if not
   * finite.
   */
  public static String display(double v) {
    String s = significant(v, DISPLAY_DIGITS);
    return s == null ? "n/a" : s;
  }

  /** A count with thousands separators (1,234,567); fixed separator, never the locale's. */
  public static String count(long n) {
    String digits = Long.toString(n);
    boolean negative = digits.startsWith("-");
    if (negative) {
      digits = digits.substring(1);
    }
    StringBuilder sb = new StringBuilder();
    int lead = digits.length() % 3;
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (i - lead) % 3 == 0) {
        sb.append(',');
      }
      sb.append(digits.charAt(i));
    }
    return (negative ? "-" : "") + sb;
  }

  private static boolean isNegativeZero(BigDecimal d) {
    return d.signum() == 0 && d.toPlainString().startsWith("-");
  }

  private static String render(BigDecimal rounded) {
    if (rounded.signum() == 0) {
      return "0";
    }
    BigDecimal d = rounded.stripTrailingZeros();
    BigDecimal abs = d.abs();
    if (abs.compareTo(SMALL) >= 0 && abs.compareTo(LARGE) < 0) {
      return d.toPlainString();
    }
    // Exponent form: one digit before the point, no '+' sign, no leading zeros in the exponent.
    String digits = d.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - d.scale();
    StringBuilder sb = new StringBuilder();
    if (d.signum() < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    return sb.append('e').append(exponent).toString();
  }
}
