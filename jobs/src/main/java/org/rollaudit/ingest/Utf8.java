package org.rollaudit.ingest;

/**
 * Strict UTF-8 at the byte level, as {@code CharsetDecoder} with {@code CodingErrorAction.REPORT}
 * judges it (Unicode Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF; a test
 * checks the two agree on random input), plus one policy of ours: U+FEFF (a byte-order mark) is an
 * error anywhere but at the very start of a file, where the pre-pass strips it.
 *
 * <p>Two uses: validating UTF-8 text, and probing ISO-8859-1 text for well-formed multi-byte runs,
 * the signature of a UTF-8 file read as Latin-1 (mojibake).
 */
final class Utf8 {
  /** Result of {@link #step}: the byte was fine and a character is still open or was ASCII. */
  static final int OK = 0;

  /** Result of {@link #step}: the byte completed a multi-byte character. */
  static final int MULTI = 1;

  /** Result of {@link #step}: the byte is an error (the state is reset). */
  static final int BAD = -1;

  private int need;
  private int lo = 0x80;
  private int hi = 0xBF;
  private int cp;

  /** Feeds one byte (0..255). */
  int step(int b) {
    if (need > 0) {
      if (b < lo || b > hi) {
        reset();
        // The byte that broke the sequence may itself start a new one; an ASCII byte is fine.
        step(b);
        return BAD;
      }
      cp = (cp << 6) | (b & 0x3F);
      lo = 0x80;
      hi = 0xBF;
      if (--need == 0) {
        return cp == 0xFEFF ? BAD : MULTI;
      }
      return OK;
    }
    if (b < 0x80) {
      return OK;
    }
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
      cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      cp = b & 0x0F;
      if (b == 0xE0) {
        lo = 0xA0;
      } else if (b == 0xED) {
        hi = 0x9F;
      }
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      cp = b & 0x07;
      if (b == 0xF0) {
        lo = 0x90;
      } else if (b == 0xF4) {
        hi = 0x8F;
      }
    } else {
      return BAD;
    }
    return OK;
  }

  /** True when a multi-byte character is open (at a record end this is an error). */
  boolean open() {
    return need > 0;
  }

  void reset() {
    need = 0;
    lo = 0x80;
    hi = 0xBF;
    cp = 0;
  }

  /**
   * Index of the first byte of {@code b[from, to)} that makes it invalid UTF-8 (a truncated
   * character at the end reports its lead byte), or -1 when it is valid.
   */
  static int firstInvalid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      int n;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        if (c == 0xE0) {
          lo = 0xA0;
        } else if (c == 0xED) {
          hi = 0x9F;
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        if (c == 0xF0) {
          lo = 0x90;
        } else if (c == 0xF4) {
          hi = 0x8F;
        }
      } else {
        return i;
      }
      if (i + n >= to) {
        return i;
      }
      int b1 = b[i + 1] & 0xFF;
      if (b1 < lo || b1 > hi) {
        return i;
      }
      for (int k = 2; k <= n; k++) {
        int bk = b[i + k] & 0xFF;
        if (bk < 0x80 || bk > 0xBF) {
          return i;
        }
      }
      if (n == 2 && c == 0xEF && b1 == 0xBB && (b[i + 2] & 0xFF) == 0xBF) {
        return i; // U+FEFF inside the text
      }
      i += n + 1;
    }
    return -1;
  }
}
