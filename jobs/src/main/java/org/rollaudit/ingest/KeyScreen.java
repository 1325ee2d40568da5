package org.rollaudit.ingest;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A screen for repeated voter keys, gathered during the parse. Each split records a 64-bit hash of
 * every readable key it emits (accepted rows and value-level rejects: the rows the exact search
 * counts); the driver looks for a hash that occurs twice. Equal keys have equal hashes, so when no
 * hash repeats no key repeats, and the exact search (an aggregation over every key, about 4 s of a
 * 5M-voter ingest) is skipped. When a hash repeats, a duplicate key or a collision, the exact
 * search runs as before; the screen never decides a duplicate by itself.
 */
final class KeyScreen {
  private long[] hashes = new long[1 << 12];
  private int size;

  /** Records one emitted row's key; null keys (unreadable) are not counted, as in the search. */
  void add(String key) {
    if (key == null) {
      return;
    }
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, size * 2);
    }
    hashes[size++] = hash(key);
  }

  /** The split's hashes, sorted, as bytes (8 per key, big-endian) for the split's tally row. */
  byte[] toBytes() {
    long[] sorted = Arrays.copyOf(hashes, size);
    Arrays.sort(sorted);
    ByteBuffer b = ByteBuffer.allocate(size * Long.BYTES);
    b.asLongBuffer().put(sorted);
    return b.array();
  }

  /** FNV-1a over the key's UTF-16 units, then MurmurHash3's 64-bit finaliser to spread it. */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** Whether any hash occurs twice, within one split's bytes or across splits. */
  static boolean anyRepeat(List<byte[]> splits) {
    int n = 0;
    for (byte[] b : splits) {
      n += b.length / Long.BYTES;
    }
    long[] all = new long[n];
    int at = 0;
    for (byte[] b : splits) {
      int k = b.length / Long.BYTES;
      ByteBuffer.wrap(b).asLongBuffer().get(all, at, k);
      at += k;
    }
    Arrays.sort(all);
    for (int i = 1; i < all.length; i++) {
      if (all[i] == all[i - 1]) {
        return true;
      }
    }
    return false;
  }
}
