package org.rollaudit.store;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical columns of a stored snapshot, whatever the input layout.
 *
 * <p>Two datasets per snapshot, both bucketed by {@code voter_id} with the store's bucket count and
 * sorted by it, so that comparing two snapshots joins bucket to bucket without a shuffle:
 *
 * <ul>
 *   <li>{@code data}: the compare projection (codes, demographics, fingerprints of the name and
 *       address so that a change is seen without reading them);
 *   <li>{@code pii}: names and addresses, kept apart and read only for restricted evidence and
 *       record matching. SSN, licence, phone and full birth dates are never stored at all.
 * </ul>
 *
 * <p>Values are trimmed, whitespace-collapsed strings exactly as in the input otherwise (codes keep
 * their case; IDs keep leading zeros). Dates are parsed strictly by the layout's pattern.
 */
public final class CanonicalSchema {
  private CanonicalSchema() {}

  /** Column order of {@link #DATA}; parsers fill {@code Object[]} rows in this order. */
  public static final List<String> DATA_COLUMNS =
      List.of(
          "voter_id", // String, never null or empty
          "county_id", // String
          "county_desc", // String
          "precinct", // String
          "status", // String (A, I, R, D, S for NC)
          "reason", // String
          "status_date", // java.sql.Date or null (NC VR_Snapshot cancellation_dt)
          "race", // String
          "ethnicity", // String
          "gender", // String
          "party", // String
          "birth_year", // Integer or null
          "age", // Integer or null: age at the end of the as-of year (NC age_at_year_end)
          "registr_dt", // java.sql.Date or null
          "confidential", // Boolean, never null
          "name_fp", // Long: fingerprint of the normalised name fields (0 if all empty)
          "address_fp", // Long: fingerprint of the normalised residential address
          "src_file", // Integer: index of the input file in the receipt
          "src_line"); // Long: physical line number of the record in that file (1-based)

  public static final StructType DATA =
      new StructType(
          new StructField[] {
            field("voter_id", StringType, false),
            field("county_id", StringType, true),
            field("county_desc", StringType, true),
            field("precinct", StringType, true),
            field("status", StringType, true),
            field("reason", StringType, true),
            field("status_date", DateType, true),
            field("race", StringType, true),
            field("ethnicity", StringType, true),
            field("gender", StringType, true),
            field("party", StringType, true),
            field("birth_year", IntegerType, true),
            field("age", IntegerType, true),
            field("registr_dt", DateType, true),
            field("confidential", BooleanType, false),
            field("name_fp", LongType, false),
            field("address_fp", LongType, false),
            field("src_file", IntegerType, false),
            field("src_line", LongType, false)
          });

  /** Column order of {@link #PII}. */
  public static final List<String> PII_COLUMNS =
      List.of(
          "voter_id",
          "last_name",
          "first_name",
          "middle_name",
          "name_suffix",
          "res_street_address",
          "res_city",
          "res_zip",
          "mail_address");

  public static final StructType PII =
      new StructType(
          new StructField[] {
            field("voter_id", StringType, false),
            field("last_name", StringType, true),
            field("first_name", StringType, true),
            field("middle_name", StringType, true),
            field("name_suffix", StringType, true),
            field("res_street_address", StringType, true),
            field("res_city", StringType, true),
            field("res_zip", StringType, true),
            field("mail_address", StringType, true)
          });

  private static StructField field(String name, org.apache.spark.sql.types.DataType t, boolean n) {
    return new StructField(name, t, n, org.apache.spark.sql.types.Metadata.empty());
  }
}
