package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.layout.Layout;

/**
 * Seeded mutations of a valid file (byte flip, quote insert, delimiter delete, newline insert,
 * truncation, duplicated line, swapped bytes): every run either refuses the file as a whole (exit
 * 3, e.g. a damaged header) or reconciles its ledger exactly; never another exception. The
 * pre-pass's flagged count must stay a lower bound of the parser's rejects (checked inside the
 * ledger). The seed is in the failure message.
 */
class MutationTest {
  @TempDir Path dir;

  @Test
  void ncMutations() throws Exception {
    run(NcText.NC, NcText.latin1(NcText.file2022(60)), 2000, 20240106L);
  }

  @Test
  void genericMultilineMutations() throws Exception {
    StringBuilder sb = new StringBuilder(EncodingCasesTest.GEN_HEADER + "\n");
    for (int i = 0; i < 60; i++) {
      sb.append(
          i % 7 == 0
              ? "V" + i + ",1,ACT,5,1980,2010-01-15,\"Doe,\"\"J\"\"\",A,\"1 St\nApt 2\",N,x\n"
              : EncodingCasesTest.genRow("V" + i) + "\n");
    }
    run(NcText.GENERIC, sb.toString().getBytes(StandardCharsets.UTF_8), 2000, 42L);
  }

  private void run(Layout layout, byte[] base, int iterations, long seed) throws Exception {
    Random rnd = new Random(seed);
    int refused = 0;
    for (int it = 0; it < iterations; it++) {
      long s = rnd.nextLong();
      byte[] m = mutate(base, new Random(s));
      try {
        LocalIngest.Result r =
            Ingests.run(layout, dir, "m" + it + ".txt", m, 1 + new Random(s).nextInt(4000));
        long flagged = r.files().stream().mapToLong(CheckedFile::flagged).sum();
        assertTrue(flagged <= r.rejects().size(), "seed " + s);
      } catch (RollAuditException e) {
        if (e.exitCode() != RollAuditException.INPUT) {
          fail("seed " + s + ": " + e.getMessage(), e);
        }
        refused++;
      } catch (RuntimeException e) {
        fail("seed " + s + ": " + e, e);
      }
    }
    assertTrue(refused < iterations / 2, "too many whole-file refusals: " + refused);
  }

  static byte[] mutate(byte[] base, Random r) {
    byte[] b = base.clone();
    int n = 1 + r.nextInt(4);
    for (int k = 0; k < n; k++) {
      if (b.length < 2) {
        break;
      }
      int at = 1 + r.nextInt(b.length - 1);
      switch (r.nextInt(8)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b = insert(b, at, new byte[] {'"'});
        case 2 -> b = insert(b, at, new byte[] {'\n'});
        case 3 -> b = insert(b, at, new byte[] {(byte) (0x80 + r.nextInt(128))});
        case 4 -> {
          int d = indexOf(b, at, (byte) (r.nextBoolean() ? '\t' : ','));
          if (d > 0) {
            b = delete(b, d);
          }
        }
        case 5 -> b = java.util.Arrays.copyOf(b, at);
        case 6 -> {
          int s = indexOf(b, at, (byte) '\n');
          int e = s < 0 ? -1 : indexOf(b, s + 1, (byte) '\n');
          if (e > s) {
            b = insert(b, s + 1, java.util.Arrays.copyOfRange(b, s + 1, e + 1));
          }
        }
        default -> {
          byte t = b[at];
          b[at] = b[at - 1];
          b[at - 1] = t;
        }
      }
    }
    return b;
  }

  private static int indexOf(byte[] b, int from, byte c) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] insert(byte[] b, int at, byte[] x) {
    byte[] o = new byte[b.length + x.length];
    System.arraycopy(b, 0, o, 0, at);
    System.arraycopy(x, 0, o, at, x.length);
    System.arraycopy(b, at, o, at + x.length, b.length - at);
    return o;
  }

  private static byte[] delete(byte[] b, int at) {
    byte[] o = new byte[b.length - 1];
    System.arraycopy(b, 0, o, 0, at);
    System.arraycopy(b, at + 1, o, at, b.length - at - 1);
    return o;
  }

  @Test
  void mutateIsDeterministic() {
    byte[] base = NcText.latin1(NcText.file2022(3));
    assertEquals(
        new String(mutate(base, new Random(5)), StandardCharsets.ISO_8859_1),
        new String(mutate(base, new Random(5)), StandardCharsets.ISO_8859_1));
  }
}
