package org.rollaudit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * The peer a user would otherwise pick: DuckDB running the audit's comparison in SQL on the same
 * files. Each mode is one process, timed from outside by bench/run.sh.
 *
 * <pre>
 * DuckCompare parquet BASELINE.txt CURRENT.txt OUTDIR   COPY both texts to OUTDIR/{a,b}.parquet
 * DuckCompare audit   BASELINE CURRENT YEAR             change set and counts (text or .parquet)
 * </pre>
 *
 * <p>The comparison mirrors the product's change set (org.rollaudit.compare.ChangeSet): a full
 * outer join on ncid, one change class per voter (the same CASE order), the baseline's grouping
 * values, and one grouping-sets aggregation: class counts, counts by county x race x gender x age
 * band, and per-county at-risk and removed counts from which removal rates are computed here.
 * Everything the query returns is read, so no work is skipped.
 */
public final class DuckCompare {
  private DuckCompare() {}

  /** The NC text format: tab-separated, double quotes, Latin-1, header row, all text. */
  static String readText(String file) {
    return "read_csv('"
        + sqlPath(file)
        + "', delim='\\t', quote='\"', escape='\"', header=true, all_varchar=true,"
        + " encoding='latin-1', auto_detect=true)";
  }

  static String source(String file) {
    return file.endsWith(".parquet") ? "read_parquet('" + sqlPath(file) + "')" : readText(file);
  }

  static String sqlPath(String file) {
    return Path.of(file).toAbsolutePath().toString().replace("'", "''");
  }

  /** Columns the comparison reads: key, status, grouping codes and the tracked fields. */
  static final String COLUMNS =
      "ncid, status_cd, reason_cd, county_id, precinct_abbrv, race_code, ethnic_code,"
          + " gender_code, party_cd, birth_year, registr_dt, confidential_ind,"
          + " last_name, first_name, middle_name, name_suffix_lbl,"
          + " res_street_address, res_city_desc, zip_code";

  /** Tracked fields: a difference in any of them makes a present-in-both voter CHANGED. */
  static final String TRACKED =
      "status_cd, reason_cd, gender_code, race_code, ethnic_code, party_cd, county_id,"
          + " precinct_abbrv, last_name, first_name, middle_name, name_suffix_lbl,"
          + " res_street_address, res_city_desc, zip_code, registr_dt, birth_year";

  static String compareSql(String baseline, String current, int baselineYear) {
    StringBuilder distinct = new StringBuilder();
    for (String f : TRACKED.split(",\\s*")) {
      distinct.append(distinct.length() == 0 ? "" : " OR ");
      distinct.append("a.").append(f).append(" IS DISTINCT FROM b.").append(f);
    }
    String pickA = "CASE WHEN a.ncid IS NOT NULL THEN a.%1$s ELSE b.%1$s END";
    return "WITH a AS (SELECT "
        + COLUMNS
        + " FROM "
        + source(baseline)
        + "), b AS (SELECT "
        + COLUMNS
        + " FROM "
        + source(current)
        + "), cs AS (SELECT coalesce(a.ncid, b.ncid) AS ncid,"
        + " CASE WHEN a.ncid IS NULL THEN 'ADDED'"
        + "  WHEN b.ncid IS NULL AND a.status_cd IN ('A','I') THEN 'REMOVED'"
        + "  WHEN b.ncid IS NULL AND a.status_cd = 'R' THEN 'AGED_OUT'"
        + "  WHEN b.ncid IS NULL THEN 'OTHER_ABSENT'"
        + "  WHEN a.status_cd IN ('A','I') AND b.status_cd = 'R' THEN 'REMOVED'"
        + "  WHEN a.status_cd = 'R' AND b.status_cd IN ('A','I','S') THEN 'REACTIVATED'"
        + "  WHEN "
        + distinct
        + " THEN 'CHANGED' ELSE 'UNCHANGED' END AS cls,"
        + " coalesce(a.status_cd IN ('A','I'), false) AS at_risk,"
        + String.format(" " + pickA + " AS county_id,", "county_id")
        + String.format(" " + pickA + " AS race,", "race_code")
        + String.format(" " + pickA + " AS gender,", "gender_code")
        + " CASE WHEN age IS NULL THEN 'unknown' WHEN age < 18 THEN 'under 18'"
        + "  WHEN age <= 24 THEN '18-24' WHEN age <= 34 THEN '25-34' WHEN age <= 44 THEN '35-44'"
        + "  WHEN age <= 54 THEN '45-54' WHEN age <= 64 THEN '55-64' WHEN age <= 74 THEN '65-74'"
        + "  ELSE '75+' END AS age_band"
        + " FROM a FULL OUTER JOIN b ON a.ncid = b.ncid,"
        + " LATERAL (SELECT "
        + baselineYear
        + " - TRY_CAST("
        + String.format(pickA, "birth_year")
        + " AS INTEGER) AS age))"
        + " SELECT GROUPING(cls) AS g_cls, GROUPING(county_id) AS g_county,"
        + " GROUPING(race, gender, age_band) AS g_demo, cls, county_id, race, gender, age_band,"
        + " count(*) AS n, count(*) FILTER (WHERE at_risk) AS at_risk,"
        + " count(*) FILTER (WHERE cls = 'REMOVED') AS removed FROM cs"
        + " GROUP BY GROUPING SETS ((cls), (county_id), (county_id, race, gender, age_band))";
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("parquet")) {
      toParquet(args[1], args[2], Path.of(args[3]));
    } else if (args.length == 4 && args[0].equals("audit")) {
      audit(args[1], args[2], Integer.parseInt(args[3]));
    } else {
      System.err.println(
          "usage: DuckCompare parquet BASELINE CURRENT OUTDIR | audit BASELINE CURRENT YEAR");
      System.exit(2);
    }
  }

  static Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      // Same cores as Spark gets; spill under the benchmark's scratch folder, not the cwd.
      s.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
      s.execute("SET temp_directory = '" + System.getProperty("java.io.tmpdir") + "/duckdb-tmp'");
      s.execute("SET preserve_insertion_order = false");
    }
    return c;
  }

  static void toParquet(String baseline, String current, Path out) throws Exception {
    Files.createDirectories(out);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String[] f : new String[][] {{baseline, "a"}, {current, "b"}}) {
        String target = sqlPath(out.resolve(f[1] + ".parquet").toString());
        s.execute(
            "COPY (SELECT * FROM "
                + readText(f[0])
                + ") TO '"
                + target
                + "' (FORMAT parquet, COMPRESSION snappy)");
        System.err.println("duckdb: wrote " + target);
      }
    }
  }

  static void audit(String baseline, String current, int baselineYear) throws Exception {
    Map<String, Long> classes = new TreeMap<>();
    Map<String, long[]> counties = new TreeMap<>();
    long cells = 0;
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(compareSql(baseline, current, baselineYear))) {
      while (r.next()) {
        if (r.getInt("g_cls") == 0) {
          classes.put(r.getString("cls"), r.getLong("n"));
        } else if (r.getInt("g_demo") == 0) {
          cells++;
        } else {
          counties.put(
              String.valueOf(r.getString("county_id")),
              new long[] {r.getLong("at_risk"), r.getLong("removed")});
        }
      }
    }
    double maxRate = 0;
    String maxCounty = "";
    for (Map.Entry<String, long[]> e : counties.entrySet()) {
      long[] v = e.getValue();
      double rate = v[0] == 0 ? 0 : (double) v[1] / v[0];
      if (rate > maxRate) {
        maxRate = rate;
        maxCounty = e.getKey();
      }
    }
    // Printed so a reader can check the peer did the same work as rollaudit (findings.json).
    System.out.println("classes " + classes);
    System.out.printf(
        "counties %d, demographic cells %d, highest removal rate %.4f (county %s)%n",
        counties.size(), cells, maxRate, maxCounty);
  }
}
