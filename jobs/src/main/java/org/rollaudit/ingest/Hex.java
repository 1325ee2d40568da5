package org.rollaudit.ingest;

/** Lower-case hex, as receipts and SHA256SUMS write hashes. */
final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  static String of(byte[] b) {
    char[] c = new char[b.length * 2];
    for (int i = 0; i < b.length; i++) {
      c[2 * i] = DIGITS[(b[i] >> 4) & 15];
      c[2 * i + 1] = DIGITS[b[i] & 15];
    }
    return new String(c);
  }
}
