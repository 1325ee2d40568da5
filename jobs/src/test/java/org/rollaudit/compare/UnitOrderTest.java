package org.rollaudit.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unit ids sort by value without BigInteger exactly as they did with it. */
class UnitOrderTest {
  private static int byBigInteger(String x, String y) {
    boolean nx = !x.isEmpty() && x.length() <= 30 && x.chars().allMatch(Character::isDigit);
    boolean ny = !y.isEmpty() && y.length() <= 30 && y.chars().allMatch(Character::isDigit);
    if (nx && ny) {
      int c = new BigInteger(x).compareTo(new BigInteger(y));
      return c != 0 ? c : x.compareTo(y);
    }
    if (nx != ny) {
      return nx ? -1 : 1;
    }
    return x.compareTo(y);
  }

  @Test
  void ordersLikeBigInteger() {
    List<String> ids =
        List.of(
            "",
            "0",
            "00",
            "000",
            "1",
            "01",
            "001",
            "2",
            "10",
            "010",
            "99",
            "100",
            "0100",
            "123456789012345678901234567890",
            "0123456789012345678901234567890",
            "A",
            "10A",
            "b");
    for (String x : ids) {
      for (String y : ids) {
        assertEquals(
            Integer.signum(byBigInteger(x, y)),
            Integer.signum(UnitOrder.compare(x, y)),
            () -> "compare(\"" + x + "\", \"" + y + "\")");
      }
    }
    List<String> sorted = new ArrayList<>(List.of("10", "9", "010", "A", "09"));
    sorted.sort(UnitOrder.IDS);
    assertEquals(List.of("09", "9", "010", "10", "A"), sorted);
  }
}
