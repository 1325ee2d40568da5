package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class NumberTextTest {

  @Test
  void jsonUsesSixSignificantDigitsHalfEvenAndNoExponentInTheMiddleRange() {
    assertEquals("0.15", NumberText.json(0.15));
    assertEquals("3.7", NumberText.json(3.7000000000000002));
    assertEquals("0.04", NumberText.json(0.04));
    assertEquals("123456", NumberText.json(123456.4));
    assertEquals("1234570", NumberText.json(1234567.0));
    assertEquals("0.333333", NumberText.json(1.0 / 3));
    assertEquals("0.0001", NumberText.json(0.0001));
    assertEquals("-2.5", NumberText.json(-2.5));
    assertEquals("0", NumberText.json(-0.0));
    assertEquals("85", NumberText.json(85.0));
  }

  @Test
  void tinyAndHugeValuesUseExponentForm() {
    assertEquals("1e-30", NumberText.json(1e-30));
    assertEquals("1.23457e-28", NumberText.json(1.234567e-28));
    assertEquals("9.99e-5", NumberText.json(0.0000999));
    assertEquals("1e15", NumberText.json(1e15));
    assertEquals("4.94066e-324", NumberText.json(Double.MIN_VALUE));
  }

  @Test
  void halfEvenOnTheExactBinaryValue() {
    // 0.125 is exact in binary: the tie goes to the even digit.
    assertEquals("0.12", NumberText.significant(0.125, 2));
    assertEquals("0.38", NumberText.significant(0.375, 2));
    // 2.675 is stored just below 2.675, so it rounds down whatever the mode says about ties.
    assertEquals("2.67", NumberText.significant(2.675, 3));
  }

  @Test
  void nonFiniteValuesBecomeNull() {
    assertEquals("null", NumberText.json(Double.NaN));
    assertEquals("null", NumberText.json(Double.POSITIVE_INFINITY));
    assertEquals("null", NumberText.json(Double.NEGATIVE_INFINITY));
    assertNull(NumberText.significant(Double.NaN, 3));
    assertEquals("n/a", NumberText.percent(Double.NaN, 3));
  }

  @Test
  void percentFixedAndCountIgnoreTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("15.2%", NumberText.percent(0.15234, 3));
      assertEquals("4.48%", NumberText.percent(0.044812, 3));
      assertEquals("2.90%", NumberText.percent(0.029, 3));
      assertEquals("100%", NumberText.percent(1.0, 3));
      assertEquals("0%", NumberText.percent(0.0, 3));
      assertEquals("12.35", NumberText.fixed(12.3456, 2));
      assertEquals("0.0", NumberText.fixed(-0.01, 1));
      assertEquals("1,234,567", NumberText.count(1_234_567));
      assertEquals("-1,000", NumberText.count(-1000));
      assertEquals("0", NumberText.count(0));
    } finally {
      Locale.setDefault(saved);
    }
  }
}
