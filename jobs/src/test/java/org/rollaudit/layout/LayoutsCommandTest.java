package org.rollaudit.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.rollaudit.cli.RollAudit;

/** {@code rollaudit layouts} through the real command tree. */
class LayoutsCommandTest {
  private String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, RollAudit.run(args));
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void listsLayoutsWithVintages() {
    String out = run("layouts");
    assertTrue(out.contains("nc-ncvoter (version 1)"), out);
    assertTrue(out.contains("vintage 2026: 70 columns"), out);
    assertTrue(out.contains("vintage pre-2022: 71 columns"), out);
    assertTrue(out.contains("nc-vr-snapshot"), out);
    assertTrue(out.contains("generic-csv (version 1) [base for mapping files"), out);
  }

  @Test
  void showsOneLayoutInFull() {
    String out = run("layouts", "nc-ncvoter");
    assertTrue(out.contains("hava_id_req"), out);
    assertTrue(out.contains("age                 <- age_at_year_end|birth_age"), out);
    assertTrue(out.contains("never exported [drivers_lic, full_phone_number"), out);
  }

  @Test
  void unknownLayoutIsAUsageError() {
    assertEquals(2, RollAudit.run("layouts", "nope"));
  }
}
