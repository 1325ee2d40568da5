package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written natural order sorts exactly as the regular-expression one it replaced. */
class NaturalOrderTest {
  /** The former implementation, kept here as the reference. */
  private static final Comparator<String> BY_REGEX =
      (a, b) -> {
        boolean da = a.matches("\\d+");
        boolean db = b.matches("\\d+");
        if (da && db) {
          String sa = a.replaceFirst("^0+(?=.)", "");
          String sb = b.replaceFirst("^0+(?=.)", "");
          int c = Integer.compare(sa.length(), sb.length());
          if (c == 0) {
            c = sa.compareTo(sb);
          }
          return c != 0 ? c : a.compareTo(b);
        }
        if (da != db) {
          return da ? -1 : 1;
        }
        return a.compareTo(b);
      };

  @Test
  void sortsLikeTheRegexOrder() {
    List<String> values =
        List.of(
            "",
            "0",
            "00",
            "000",
            "007",
            "7",
            "70",
            "10",
            "2",
            "02",
            "100",
            "099",
            "A",
            "a1",
            "1a",
            "01A",
            " 1",
            "1 ",
            "٣",
            "12345678901234567890",
            "9",
            "ZZ",
            "(blank)");
    for (String a : values) {
      for (String b : values) {
        assertEquals(
            Integer.signum(BY_REGEX.compare(a, b)),
            Integer.signum(Aggregates.NATURAL.compare(a, b)),
            () -> "compare(\"" + a + "\", \"" + b + "\")");
      }
    }
    List<String> sorted = new ArrayList<>(values);
    sorted.sort(Aggregates.NATURAL);
    assertEquals(List.of("0", "00", "000", "02", "2", "007", "7"), sorted.subList(0, 7));
  }
}
