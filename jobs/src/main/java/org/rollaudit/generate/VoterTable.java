package org.rollaudit.generate;

import java.util.Arrays;

/**
 * All voter records ever generated, one row per serial number, held column by column in primitive
 * arrays (indexes into value tables) so that ten million records fit in a few hundred megabytes and
 * no object exists per voter.
 *
 * <p>The serial is the row index; it never changes and yields the {@code ncid} through {@link
 * Ncid}. A record that leaves the file keeps its row with status {@link NcCodes#ST_GONE}.
 */
final class VoterTable {
  // flag bits
  static final int F_CONFIDENTIAL = 1;
  static final int F_DRIVERS_LIC = 1 << 1;
  static final int F_PHONE = 1 << 2;
  static final int F_MAIL_SAME = 1 << 3;
  static final int F_MAIL_PO = 1 << 4;
  static final int F_HAVA = 1 << 5;
  static final int F_SSN = 1 << 6;
  static final int F_NO_DL_SSN = 1 << 7;

  int size;
  char[] precinct; // global precinct index (gives the county)
  byte[] status;
  byte[] reason;
  byte[] race;
  byte[] ethnic;
  byte[] gender; // 0 F, 1 M, 2 U
  byte[] party;
  byte[] suffix;
  byte[] birthState;
  byte[] streetType;
  byte[] flags;
  short[] birthYear;
  char[] firstName; // index into Tables.FIRST_FEMALE ++ FIRST_MALE
  char[] middleName; // same, 0xFFFF = none
  char[] lastName; // index into the combined surname table
  char[] streetName;
  char[] unit; // 0 none, else (type << 12) | number
  int[] streetNum;
  int[] regNum;
  int[] registrDay; // epoch day

  VoterTable(int capacity) {
    allocate(Math.max(16, capacity));
  }

  private void allocate(int cap) {
    precinct = new char[cap];
    status = new byte[cap];
    reason = new byte[cap];
    race = new byte[cap];
    ethnic = new byte[cap];
    gender = new byte[cap];
    party = new byte[cap];
    suffix = new byte[cap];
    birthState = new byte[cap];
    streetType = new byte[cap];
    flags = new byte[cap];
    birthYear = new short[cap];
    firstName = new char[cap];
    middleName = new char[cap];
    lastName = new char[cap];
    streetName = new char[cap];
    unit = new char[cap];
    streetNum = new int[cap];
    regNum = new int[cap];
    registrDay = new int[cap];
  }

  int capacity() {
    return status.length;
  }

  /** Appends an empty row and returns its serial, growing the columns by half when full. */
  int add() {
    if (size == capacity()) {
      int cap = capacity() + (capacity() >> 1) + 16;
      if (cap < 0 || cap > Ncid.DOMAIN) {
        throw new IllegalStateException("too many voter records");
      }
      precinct = Arrays.copyOf(precinct, cap);
      status = Arrays.copyOf(status, cap);
      reason = Arrays.copyOf(reason, cap);
      race = Arrays.copyOf(race, cap);
      ethnic = Arrays.copyOf(ethnic, cap);
      gender = Arrays.copyOf(gender, cap);
      party = Arrays.copyOf(party, cap);
      suffix = Arrays.copyOf(suffix, cap);
      birthState = Arrays.copyOf(birthState, cap);
      streetType = Arrays.copyOf(streetType, cap);
      flags = Arrays.copyOf(flags, cap);
      birthYear = Arrays.copyOf(birthYear, cap);
      firstName = Arrays.copyOf(firstName, cap);
      middleName = Arrays.copyOf(middleName, cap);
      lastName = Arrays.copyOf(lastName, cap);
      streetName = Arrays.copyOf(streetName, cap);
      unit = Arrays.copyOf(unit, cap);
      streetNum = Arrays.copyOf(streetNum, cap);
      regNum = Arrays.copyOf(regNum, cap);
      registrDay = Arrays.copyOf(registrDay, cap);
    }
    return size++;
  }

  boolean has(int i, int flag) {
    return (flags[i] & flag) != 0;
  }

  void set(int i, int flag, boolean on) {
    flags[i] = (byte) (on ? (flags[i] | flag) : (flags[i] & ~flag));
  }
}
