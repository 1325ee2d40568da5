package org.rollaudit.generate;

/**
 * Turns a voter's serial number into a unique synthetic {@code ncid}: two letters and six digits
 * ({@code EH811449}-style, 676 million possible values).
 *
 * <p>A keyed 4-round Feistel network over 30 bits with cycle walking is a bijection on [0,
 * 676,000,000), so distinct serials always give distinct ids, ids look scattered rather than
 * sequential, and nothing has to be stored per voter.
 */
final class Ncid {
  static final int DOMAIN = 26 * 26 * 1_000_000;
  private static final int HALF_BITS = 15;
  private static final int HALF_MASK = (1 << HALF_BITS) - 1;

  private final int[] keys = new int[4];

  Ncid(long seed) {
    for (int r = 0; r < keys.length; r++) {
      keys[r] = (int) Seeds.derive(seed, "ncid-key", r);
    }
  }

  /** The permuted number in [0, DOMAIN) for a serial in [0, DOMAIN). */
  int permute(int serial) {
    if (serial < 0 || serial >= DOMAIN) {
      throw new IllegalArgumentException("serial out of range: " + serial);
    }
    int x = serial;
    do {
      x = feistel(x);
    } while (x >= DOMAIN); // cycle walking: stays a bijection on the smaller domain
    return x;
  }

  private int feistel(int x) {
    int left = (x >>> HALF_BITS) & HALF_MASK;
    int right = x & HALF_MASK;
    for (int key : keys) {
      int f = round(right, key);
      int next = left ^ f;
      left = right;
      right = next;
    }
    return (left << HALF_BITS) | right;
  }

  private static int round(int half, int key) {
    int h = (half * 0x9E3779B1) ^ key;
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    return h & HALF_MASK;
  }

  /** Writes the 8 ASCII bytes of the ncid for {@code serial} into {@code dst} at {@code off}. */
  void write(int serial, byte[] dst, int off) {
    int n = permute(serial);
    int letters = n / 1_000_000;
    int digits = n % 1_000_000;
    dst[off] = (byte) ('A' + letters / 26);
    dst[off + 1] = (byte) ('A' + letters % 26);
    for (int i = 7; i >= 2; i--) {
      dst[off + i] = (byte) ('0' + digits % 10);
      digits /= 10;
    }
  }

  /** The ncid for {@code serial} as a String. */
  String of(int serial) {
    byte[] b = new byte[8];
    write(serial, b, 0);
    return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
