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
      int c = new java.math.BigInteger(x).compareTo(new java.math.BigInteger(y));
      return c != 0 ? c : x.compareTo(y);
    }
    if (nx != ny) {
      return nx ? -1 : 1;
    }
    return x.compareTo(y);
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty() || s.length() > 30) {
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
}
