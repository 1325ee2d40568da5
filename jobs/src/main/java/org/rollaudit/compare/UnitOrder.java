package org.rollaudit.compare;

import java.util.Comparator;

/**
 * The order of unit ids everywhere (tables, findings): numeric ids by value ("2" before "10"), then
 * everything else by its characters. Deterministic and locale-free.
 */
public final class UnitOrder {
  private UnitOrder() {}

  public static final Comparator<String> IDS = UnitOrder::compare;

  static int compare(String x, String y) {
    boolean nx = isNumber(x);
    boolean ny = isNumber(y);
    if (nx && ny) {
      return byValue(x, y);
    }
    if (nx != ny) {
      return nx ? -1 : 1;
    }
    return x.compareTo(y);
  }

  /**
   * Two {@link #digits} strings by value, then by characters (equal values: "007" before "7").
   * Without BigInteger (the report sorts ~10^5 cells through here): drop leading zeros, the longer
   * rest is the larger number, equal lengths compare by characters.
   */
  public static int byValue(String x, String y) {
    int zx = leadingZeros(x);
    int zy = leadingZeros(y);
    int c = Integer.compare(x.length() - zx, y.length() - zy);
    if (c == 0) {
      c = x.substring(zx).compareTo(y.substring(zy));
    }
    return c != 0 ? c : x.compareTo(y);
  }

  /** True for a non-empty string of ASCII digits (what the regex {@code \d+} matches). */
  public static boolean digits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int leadingZeros(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '0') {
      i++;
    }
    return i;
  }

  private static boolean isNumber(String s) {
    return s.length() <= 30 && digits(s);
  }
}
