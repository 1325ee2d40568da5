package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The duplicate-key screen: a repeated key always shows as a repeated hash. */
class KeyScreenTest {
  private static byte[] split(String... keys) {
    KeyScreen s = new KeyScreen();
    for (String k : keys) {
      s.add(k);
    }
    return s.toBytes();
  }

  @Test
  void aRepeatedKeyIsSeenWithinAndAcrossSplits() {
    assertFalse(KeyScreen.anyRepeat(List.of()));
    assertFalse(KeyScreen.anyRepeat(List.of(split())));
    assertFalse(KeyScreen.anyRepeat(List.of(split("AA1", "AA2"), split("AA3", null, null))));
    assertTrue(KeyScreen.anyRepeat(List.of(split("AA1", "AA2", "AA1"))));
    // Equal keys from different String objects, in different splits.
    assertTrue(
        KeyScreen.anyRepeat(List.of(split("AA1", "BB7"), split(new String("BB7".toCharArray())))));
    assertTrue(KeyScreen.anyRepeat(List.of(split("É1"), split(), split("X", "É1"))));
  }

  @Test
  void aSplitsBytesAreItsSortedHashes() {
    byte[] b = split("C", "A", "B", null);
    assertEquals(3 * Long.BYTES, b.length);
    long[] got = new long[3];
    ByteBuffer.wrap(b).asLongBuffer().get(got);
    long[] want = {KeyScreen.hash("A"), KeyScreen.hash("B"), KeyScreen.hash("C")};
    java.util.Arrays.sort(want);
    assertArrayEquals(want, got);
  }

  @Test
  void nearbyKeysDoNotCollide() {
    // NC-like keys differing in one character: the screen would send every ingest down the exact
    // path if these collided.
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      seen.add(KeyScreen.hash("AA" + i));
      seen.add(KeyScreen.hash("AB" + i));
    }
    assertEquals(400_000, seen.size());
  }
}
