package org.rollaudit.stats;

/** Narrowing of the long counts the metrics carry to the int arguments Commons Statistics takes. */
final class Ints {
  private Ints() {}

  static int of(long v, String what) {
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Cannot run test: " + what + " out of int range (" + v + ")");
    }
    return (int) v;
  }
}
