package org.rollaudit.generate;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from the user's seed.
 *
 * <p>Every part of the generator draws from its own named stream, so that e.g. choosing other
 * plants or more snapshots never changes the roll drawn before them. Nothing here depends on
 * hash-map order, the clock or the platform.
 */
final class Seeds {
  private Seeds() {}

  /** SplitMix64 finaliser: a bijective 64-bit mixer with good avalanche. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** FNV-1a over the UTF-8 bytes of a name: stable across JVMs, unlike identity hashes. */
  static long nameHash(String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Seed value for the named sub-stream {@code name}/{@code index}. */
  static long derive(long seed, String name, long index) {
    return mix64(mix64(seed ^ nameHash(name)) + 0x9e3779b97f4a7c15L * (index + 1));
  }

  /** A fresh random stream for {@code name}/{@code index} under {@code seed}. */
  static SplittableRandom stream(long seed, String name, long index) {
    return new SplittableRandom(derive(seed, name, index));
  }

  /** A fresh random stream for {@code name} under {@code seed}. */
  static SplittableRandom stream(long seed, String name) {
    return stream(seed, name, 0);
  }

  /** A uniform number in [0,1) that depends only on (key, salt): for per-record fixed traits. */
  static double unit(long key, long salt) {
    return (mix64(key * 0x9e3779b97f4a7c15L + salt) >>> 11) * 0x1.0p-53;
  }
}
