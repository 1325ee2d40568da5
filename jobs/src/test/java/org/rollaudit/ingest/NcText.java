package org.rollaudit.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rollaudit.layout.Layout;
import org.rollaudit.layout.LayoutRegistry;

/**
 * Hand-made NC ncvoter text for tests (no real voter's data): quoted, tab-separated fields in
 * ISO-8859-1 with CRLF, as NCSBE publishes. Values are fictitious defaults overridden by name.
 */
final class NcText {
  static final Layout NC = LayoutRegistry.standard().byId("nc-ncvoter");
  static final Layout VR = LayoutRegistry.standard().byId("nc-vr-snapshot");
  static final Layout GENERIC =
      LayoutRegistry.standard()
          .resolve("src/test/resources/org/rollaudit/ingest/generic-mapping.yaml");

  private static final Map<String, String> DEFAULTS = new HashMap<>();

  static {
    String[][] d = {
      {"county_id", "1"},
      {"county_desc", "ALAMANCE"},
      {"voter_reg_num", "000000000001"},
      {"last_name", "TESTER"},
      {"first_name", "ALEX"},
      {"middle_name", "Q"},
      {"status_cd", "A"},
      {"voter_status_desc", "ACTIVE"},
      {"reason_cd", "AV"},
      {"voter_status_reason_desc", "VERIFIED"},
      {"res_street_address", "1 FICTION ST"},
      {"res_city_desc", "NOWHERE"},
      {"state_cd", "NC"},
      {"zip_code", "27000"},
      {"full_phone_number", "5550100"},
      {"confidential_ind", "N"},
      {"registr_dt", "01/15/2010"},
      {"race_code", "W"},
      {"ethnic_code", "NL"},
      {"party_cd", "DEM"},
      {"gender_code", "F"},
      {"birth_year", "1980"},
      {"age_at_year_end", "44"},
      {"birth_age", "44"},
      {"birth_state", "NC"},
      {"drivers_lic", "Y"},
      {"ssn", "Y"},
      {"no_dl_ssn_chkbx", "N"},
      {"hava_id_req", "N"},
      {"precinct_abbrv", "01"},
      {"precinct_desc", "PRECINCT ONE"},
      {"snapshot_dt", "2024-01-06"},
      {"midl_name", "Q"},
      {"name_sufx_cd", ""},
      {"sex_code", "F"},
      {"age", "44"},
      {"cancellation_dt", ""},
      {"house_num", "1"},
      {"street_name", "FICTION"},
      {"street_type_cd", "ST"},
      {"area_cd", "555"},
      {"phone_num", "0100"}
    };
    for (String[] kv : d) {
      DEFAULTS.put(kv[0], kv[1]);
    }
  }

  private NcText() {}

  static List<String> columns(Layout l, String vintage) {
    return l.vintages().stream()
        .filter(v -> v.name().equals(vintage))
        .findFirst()
        .orElseThrow()
        .columns();
  }

  static List<String> cols2022() {
    return columns(NC, "2022");
  }

  /** A row's values for {@code cols}: defaults, ncid = "TST" + n, then overrides. */
  static List<String> row(List<String> cols, int n, Map<String, String> over) {
    List<String> out = new ArrayList<>();
    for (String c : cols) {
      String v = c.equals("ncid") ? "TST" + n : DEFAULTS.getOrDefault(c, "");
      out.add(over.getOrDefault(c, v));
    }
    return out;
  }

  /** One NC line: every field quoted (quotes doubled), tab-separated, no terminator. */
  static String line(List<String> values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append('\t');
      }
      sb.append('"').append(values.get(i).replace("\"", "\"\"")).append('"');
    }
    return sb.toString();
  }

  /** Header plus {@code rows} good 2022 rows, CRLF-terminated. */
  static String file2022(int rows) {
    StringBuilder sb = new StringBuilder(line(cols2022())).append("\r\n");
    for (int i = 1; i <= rows; i++) {
      sb.append(line(row(cols2022(), i, Map.of()))).append("\r\n");
    }
    return sb.toString();
  }

  static String goodLine(int n) {
    return line(row(cols2022(), n, Map.of()));
  }

  static String lineWith(int n, String col, String value) {
    return line(row(cols2022(), n, Map.of(col, value)));
  }

  static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static Path write(Path dir, String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }
}
