package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Fingerprints are stored and compared across versions: their values are pinned. */
class FingerprintTest {
  private final Fingerprint fp = new Fingerprint();

  @Test
  void pinnedValues() {
    // SHA-256("TESTER\u001fALEX\u001fQ\u001f") first 8 bytes, big-endian. Changing these breaks
    // every stored snapshot's name_fp: bump the store format instead.
    assertEquals(fp.of("TESTER", "ALEX", "Q", ""), fp.of(" tester ", "Alex", "q", null));
    assertEquals(0L, fp.of("", null, "  "));
    assertEquals(sha8("TESTER\u001fALEX\u001fQ\u001f"), fp.of("TESTER", "ALEX", "Q", ""));
  }

  @Test
  void normalisation() {
    assertEquals(fp.of("ZOE"), fp.of("Zoë"));
    assertEquals(fp.of("NUNEZ"), fp.of("Nuñez"));
    assertEquals(fp.of("A B"), fp.of("a \t b"));
    assertNotEquals(fp.of("AB", "C"), fp.of("A", "BC"));
    // Locale.ROOT: a Turkish default locale must not change 'i'.
    assertEquals("I", Fingerprint.normalise("i"));
  }

  private static long sha8(String s) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.nio.ByteBuffer.wrap(d).getLong();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
