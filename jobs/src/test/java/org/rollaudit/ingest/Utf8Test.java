package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our byte-level UTF-8 check agrees with the JDK's strict decoder (BOM policy aside). */
class Utf8Test {
  private static boolean jdkValid(byte[] b) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b))
              .toString();
      return s.indexOf('\uFEFF') < 0;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean streamValid(byte[] b) {
    Utf8 u = new Utf8();
    for (byte x : b) {
      if (u.step(x & 0xFF) == Utf8.BAD) {
        return false;
      }
    }
    return !u.open();
  }

  @Test
  void agreesWithCharsetDecoderOnRandomBytes() {
    Random rnd = new Random(20240106);
    int[] interesting = {
      0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5,
      0xFF, 0xBB, 0xA0, 0x9F, 0x90, 0x8F
    };
    for (int iter = 0; iter < 200_000; iter++) {
      byte[] b = new byte[1 + rnd.nextInt(6)];
      for (int i = 0; i < b.length; i++) {
        b[i] =
            (byte)
                (rnd.nextBoolean()
                    ? interesting[rnd.nextInt(interesting.length)]
                    : rnd.nextInt(256));
      }
      boolean jdk = jdkValid(b);
      assertEquals(jdk, Utf8.firstInvalid(b, 0, b.length) < 0, () -> hex(b));
      assertEquals(jdk, streamValid(b), () -> "stream " + hex(b));
    }
  }

  @Test
  void knownCases() {
    byte[] ok = "Zoë €𝄞".getBytes(StandardCharsets.UTF_8);
    assertEquals(-1, Utf8.firstInvalid(ok, 0, ok.length));
    assertEquals(8, Utf8.firstInvalid(ok, 0, ok.length - 2), "a truncated character");
    byte[] bom = {'a', (byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    assertEquals(1, Utf8.firstInvalid(bom, 0, 4));
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format(java.util.Locale.ROOT, "%02X ", x & 0xFF));
    }
    return sb.toString();
  }
}
