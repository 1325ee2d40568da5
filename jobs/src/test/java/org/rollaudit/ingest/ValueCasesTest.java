package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rollaudit.ingest.NcText.NC;
import static org.rollaudit.ingest.NcText.file2022;
import static org.rollaudit.ingest.NcText.latin1;
import static org.rollaudit.ingest.NcText.lineWith;

import java.nio.file.Path;
import java.sql.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Value cases: dates, numbers, codes, empties, whitespace, confidential flag. */
class ValueCasesTest {
  @TempDir Path dir;

  private LocalIngest.Result one(String col, String value) throws Exception {
    return Ingests.run(NC, dir, "nc.txt", latin1(file2022(1) + lineWith(2, col, value) + "\r\n"));
  }

  private Reject rejected(String col, String value, RejectReason reason) throws Exception {
    Reject x = Ingests.onlyReject(one(col, value), reason, 3);
    assertEquals(col, x.columnName());
    if (value.trim().length() >= 3) {
      assertFalse(
          x.message().contains(value.trim()), "messages never carry the value: " + x.message());
    }
    return x;
  }

  @ParameterizedTest(name = "registr_dt {0} is BAD_DATE")
  @CsvSource({
    "02/30/2020",
    "2/3/2020",
    "13/01/2020",
    "00/10/2020",
    "02/29/2021",
    "2020-01-15",
    "01/15/20",
    "01/15/2020 00:00",
    "O1/15/2020"
  })
  void impossibleOrMalformedDates(String v) throws Exception {
    Reject x = rejected("registr_dt", v, RejectReason.BAD_DATE);
    assertEquals(26, x.column());
    assertTrue(x.message().contains("MM/dd/uuuu"), x.message());
  }

  @Test
  void leapDayIsADate() throws Exception {
    assertEquals(
        Date.valueOf("2020-02-29"), one("registr_dt", "02/29/2020").accepted().get(1).data()[13]);
  }

  @Test
  void paddedDateIsTrimmedFirst() throws Exception {
    assertEquals(2, one("registr_dt", " 01/15/2010  ").accepted().size());
  }

  @ParameterizedTest(name = "birth_year {0} is BAD_NUMBER")
  @CsvSource({"19X0", "-1980", "1980.0", "1799", "2101", "1 980", "99999999999"})
  void badBirthYears(String v) throws Exception {
    rejected("birth_year", v, RejectReason.BAD_NUMBER);
  }

  @Test
  void negativeAgeIsBadNumber() throws Exception {
    rejected("age_at_year_end", "-1", RejectReason.BAD_NUMBER);
  }

  @Test
  void emptyNumberIsNull() throws Exception {
    assertNull(one("birth_year", "").accepted().get(1).data()[11]);
  }

  @Test
  void unknownStatusIsBadCode() throws Exception {
    Reject x = rejected("status_cd", "X", RejectReason.BAD_CODE);
    assertEquals(9, x.column());
  }

  @Test
  void lowerCaseStatusIsBadCode() throws Exception {
    rejected("status_cd", "a", RejectReason.BAD_CODE);
  }

  @Test
  void emptyStatusIsMissingValue() throws Exception {
    rejected("status_cd", "  ", RejectReason.MISSING_VALUE);
  }

  @Test
  void emptyCountyIsMissingValue() throws Exception {
    rejected("county_id", "", RejectReason.MISSING_VALUE);
  }

  @Test
  void unknownRaceIsAWarningWithTheCode() throws Exception {
    LocalIngest.Result r = one("race_code", "Z");
    assertEquals(2, r.accepted().size());
    assertEquals("Z", r.accepted().get(1).data()[7]);
    assertEquals(1L, r.tallies().get(0).warnings().get("UNKNOWN_CODE race_code=Z"));
  }

  @Test
  void unknownNonCodeLikeValueIsNotEchoedInWarnings() throws Exception {
    LocalIngest.Result r = one("party_cd", "Smith Jones");
    assertEquals(1L, r.tallies().get(0).warnings().get("UNKNOWN_CODE party_cd=(other)"));
  }

  @Test
  void paddedCodesAreTrimmed() throws Exception {
    Object[] d =
        Ingests.run(
                NC,
                dir,
                "nc.txt",
                latin1(
                    file2022(0)
                        + NcText.line(
                            NcText.row(
                                NcText.cols2022(),
                                1,
                                Map.of(
                                    "race_code", "B  ", "ethnic_code", "NL ", "status_cd", " A")))
                        + "\r\n"))
            .accepted()
            .get(0)
            .data();
    assertEquals("B", d[7]);
    assertEquals("NL", d[8]);
    assertEquals("A", d[4]);
  }

  @Test
  void whitespaceIsCollapsed() throws Exception {
    Object[] p = one("res_street_address", "  12   MAIN \t ST ").accepted().get(1).pii();
    assertEquals("12 MAIN ST", p[5]);
  }

  @Test
  void confidentialFlag() throws Exception {
    LocalIngest.Result r = one("confidential_ind", "Y");
    assertEquals(true, r.accepted().get(1).data()[14]);
    assertEquals(false, r.accepted().get(0).data()[14]);
    assertEquals(false, one("confidential_ind", "").accepted().get(1).data()[14]);
  }

  @Test
  void unreadableConfidentialFlagIsRejectedNotGuessed() throws Exception {
    rejected("confidential_ind", "X", RejectReason.BAD_CODE);
  }

  @Test
  void neverExportedColumnsAreMaskedInRejects() throws Exception {
    LocalIngest.Result r =
        Ingests.run(
            NC,
            dir,
            "nc.txt",
            latin1(
                file2022(1)
                    + NcText.line(
                        NcText.row(
                            NcText.cols2022(),
                            2,
                            Map.of("registr_dt", "99/99/2020", "full_phone_number", "5550199")))
                    + "\r\n"));
    String raw = r.rejects().get(0).raw();
    assertFalse(raw.contains("5550199"), raw);
    assertTrue(raw.contains("***"), raw);
    assertTrue(raw.contains("TESTER"), "restricted data stays for officials: " + raw);
  }

  @Test
  void confidentialRejectHidesKeyAndNames() throws Exception {
    LocalIngest.Result r =
        Ingests.run(
            NC,
            dir,
            "nc.txt",
            latin1(
                file2022(1)
                    + NcText.line(
                        NcText.row(
                            NcText.cols2022(),
                            2,
                            Map.of("registr_dt", "99/99/2020", "confidential_ind", "Y")))
                    + "\r\n"));
    String raw = r.rejects().get(0).raw();
    assertFalse(raw.contains("TST2"), raw);
    assertFalse(raw.contains("TESTER"), raw);
    assertTrue(raw.contains("CONFIDENTIAL"), raw);
  }

  @Test
  void misalignedRejectWithholdsFieldsThatMayHoldNeverExportedValues() throws Exception {
    String l =
        NcText.line(NcText.row(NcText.cols2022(), 2, Map.of("full_phone_number", "5550199")));
    String cut = l.substring(0, l.lastIndexOf('\t'));
    String raw =
        Ingests.onlyReject(
                Ingests.run(NC, dir, "nc.txt", latin1(file2022(1) + cut + "\r\n")),
                RejectReason.FIELD_COUNT,
                3)
            .raw();
    assertFalse(raw.contains("5550199"), raw);
    assertTrue(raw.contains("fields withheld"), raw);
  }

  @Test
  void fingerprintsIgnoreCaseAccentsAndSpacing() throws Exception {
    LocalIngest.Result r =
        Ingests.run(
            NC,
            dir,
            "nc.txt",
            latin1(
                file2022(0)
                    + NcText.line(
                        NcText.row(NcText.cols2022(), 1, Map.of("last_name", "Nu\u00f1ez")))
                    + "\r\n"
                    + NcText.line(NcText.row(NcText.cols2022(), 2, Map.of("last_name", " NUNEZ ")))
                    + "\r\n"
                    + NcText.line(NcText.row(NcText.cols2022(), 3, Map.of("last_name", "NUNES")))
                    + "\r\n"));
    Object fp1 = r.accepted().get(0).data()[15];
    assertEquals(fp1, r.accepted().get(1).data()[15]);
    assertFalse(fp1.equals(r.accepted().get(2).data()[15]));
  }
}
