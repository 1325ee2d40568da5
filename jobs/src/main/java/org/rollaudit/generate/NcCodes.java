package org.rollaudit.generate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * North Carolina voter status and reason codes with the description texts the {@code ncvoter} file
 * carries beside them (domain.md §3.5).
 *
 * <p>The generator writes {@code voter_status_desc} and {@code voter_status_reason_desc} from these
 * tables so that code and text always agree; other packages may reuse them.
 */
public final class NcCodes {
  private NcCodes() {}

  /** Status codes in the order used internally by the generator (index = byte code). */
  public static final List<String> STATUSES = List.of("A", "I", "R", "D", "S");

  private static final Map<String, String> STATUS_DESC =
      new TreeMap<>(
          Map.of(
              "A", "ACTIVE",
              "I", "INACTIVE",
              "R", "REMOVED",
              "D", "DENIED",
              "S", "TEMPORARY"));

  /**
   * Reason codes, in the order used internally by the generator (index = byte code). The first
   * letter is the status the reason normally goes with, but real files show exceptions (A rows with
   * IN/IU), so never infer a status from a reason.
   */
  public static final List<String> REASONS =
      List.of(
          "AV", "AN", "A1", "A2", "AP", "AA", "AL", "IN", "IU", "IA", "IL", "RD", "RS", "RL", "RM",
          "RQ", "RH", "R2", "RF", "RR", "RA", "RC", "RP", "RT", "DI", "DN", "DU", "SM", "SO");

  private static final Map<String, String> REASON_DESC = new TreeMap<>();

  static {
    REASON_DESC.put("AV", "VERIFIED");
    REASON_DESC.put("AN", "UNVERIFIED NEW");
    REASON_DESC.put("A1", "UNVERIFIED");
    REASON_DESC.put("A2", "CONFIRMATION PENDING");
    REASON_DESC.put("AP", "VERIFICATION PENDING");
    REASON_DESC.put("AA", "ARMED FORCES");
    REASON_DESC.put("AL", "LEGACY DATA");
    REASON_DESC.put("IN", "CONFIRMATION NOT RETURNED");
    REASON_DESC.put("IU", "CONFIRMATION RETURNED UNDELIVERABLE");
    REASON_DESC.put("IA", "ADMINISTRATIVE");
    REASON_DESC.put("IL", "LEGACY - CONVERSION");
    REASON_DESC.put("RD", "DECEASED");
    REASON_DESC.put("RS", "MOVED FROM STATE");
    REASON_DESC.put("RL", "MOVED FROM COUNTY");
    REASON_DESC.put("RM", "REMOVED AFTER 2 FED GENERAL ELECTIONS IN INACTIVE STATUS");
    REASON_DESC.put("RQ", "REQUEST FROM VOTER");
    REASON_DESC.put("RH", "MOVED WITHIN STATE");
    REASON_DESC.put("R2", "DUPLICATE");
    REASON_DESC.put("RF", "FELONY CONVICTION");
    REASON_DESC.put("RR", "FELONY SENTENCE COMPLETED");
    REASON_DESC.put("RA", "ADMINISTRATIVE");
    REASON_DESC.put("RC", "REMOVED DUE TO SUSTAINED CHALLENGE");
    REASON_DESC.put("RP", "REMOVED UNDER OLD PURGE LAW");
    REASON_DESC.put("RT", "TEMPORARY REGISTRANT");
    REASON_DESC.put("DI", "UNAVAILABLE ESSENTIAL INFORMATION");
    REASON_DESC.put("DN", "CONFIRMATION NOT RETURNED");
    REASON_DESC.put("DU", "VERIFICATION RETURNED UNDELIVERABLE");
    REASON_DESC.put("SM", "MILITARY");
    REASON_DESC.put("SO", "OVERSEAS CITIZEN");
  }

  /** {@code voter_status_desc} for a status code, or {@code null} if unknown. */
  public static String statusDesc(String statusCd) {
    return STATUS_DESC.get(statusCd);
  }

  /** {@code voter_status_reason_desc} for a reason code, or {@code null} if unknown. */
  public static String reasonDesc(String reasonCd) {
    return REASON_DESC.get(reasonCd);
  }

  // Byte codes used in the generator's columnar tables; keep in step with the lists above.
  static final byte ST_A = 0;
  static final byte ST_I = 1;
  static final byte ST_R = 2;
  static final byte ST_D = 3;
  static final byte ST_S = 4;

  /** Not a status: the record is no longer in the file (aged out, or deleted without a trace). */
  static final byte ST_GONE = 5;

  static byte reason(String code) {
    int i = REASONS.indexOf(code);
    if (i < 0) {
      throw new IllegalArgumentException("unknown reason " + code);
    }
    return (byte) i;
  }

  static final byte AV = reason("AV");
  static final byte AN = reason("AN");
  static final byte A1 = reason("A1");
  static final byte A2 = reason("A2");
  static final byte AP = reason("AP");
  static final byte IN = reason("IN");
  static final byte IU = reason("IU");
  static final byte IA = reason("IA");
  static final byte RD = reason("RD");
  static final byte RS = reason("RS");
  static final byte RL = reason("RL");
  static final byte RM = reason("RM");
  static final byte RQ = reason("RQ");
  static final byte RH = reason("RH");
  static final byte R2 = reason("R2");
  static final byte RF = reason("RF");
  static final byte RA = reason("RA");
  static final byte RC = reason("RC");
  static final byte DI = reason("DI");
  static final byte DN = reason("DN");
  static final byte DU = reason("DU");
  static final byte SM = reason("SM");
  static final byte SO = reason("SO");
}
