package org.rollaudit.ingest;

/**
 * A small open-addressing cache from a date field's bytes (up to 16, packed into two longs) to its
 * parsed value, so that millions of rows with a few thousand distinct dates are parsed by {@code
 * DateTimeFormatter} once per distinct text, without building a String per row. When full it stops
 * caching; correctness never depends on it.
 */
final class DateCache {
  private static final int MAX_CAP = 1 << 16;
  private int cap = 1 << 8;
  private long[] k1 = new long[cap];
  private long[] k2 = new long[cap];
  private Object[] values = new Object[cap];
  private int size;

  /** Packs {@code b[s, e)} (length 1..16) into a key; the length goes into the top byte of k2. */
  private static long pack(byte[] b, int s, int e) {
    long v = 0;
    for (int i = s; i < e; i++) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }

  /** The cached value, or null. */
  Object get(byte[] b, int s, int e) {
    int n = e - s;
    if (n < 1 || n > 15) {
      return null;
    }
    long a = pack(b, s, Math.min(e, s + 8));
    long c = n > 8 ? pack(b, s + 8, e) | ((long) n << 56) : ((long) n << 56);
    int h = slot(a, c, cap);
    while (values[h] != null) {
      if (k1[h] == a && k2[h] == c) {
        return values[h];
      }
      h = (h + 1) & (cap - 1);
    }
    return null;
  }

  void put(byte[] b, int s, int e, Object value) {
    int n = e - s;
    if (n < 1 || n > 15) {
      return;
    }
    if (size >= cap / 2) {
      if (cap == MAX_CAP) {
        return;
      }
      grow();
    }
    long a = pack(b, s, Math.min(e, s + 8));
    long c = n > 8 ? pack(b, s + 8, e) | ((long) n << 56) : ((long) n << 56);
    insert(a, c, value);
  }

  private void insert(long a, long c, Object value) {
    int h = slot(a, c, cap);
    while (values[h] != null) {
      if (k1[h] == a && k2[h] == c) {
        return;
      }
      h = (h + 1) & (cap - 1);
    }
    k1[h] = a;
    k2[h] = c;
    values[h] = value;
    size++;
  }

  private void grow() {
    long[] o1 = k1;
    long[] o2 = k2;
    Object[] ov = values;
    cap *= 2;
    k1 = new long[cap];
    k2 = new long[cap];
    values = new Object[cap];
    size = 0;
    for (int i = 0; i < ov.length; i++) {
      if (ov[i] != null) {
        insert(o1[i], o2[i], ov[i]);
      }
    }
  }

  private static int slot(long a, long c, int cap) {
    long x = a * 0x9E3779B97F4A7C15L ^ c * 0xC2B2AE3D27D4EB4FL;
    return (int) (x ^ (x >>> 29)) & (cap - 1);
  }
}
