package org.rollaudit.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;

/**
 * A stable 64-bit fingerprint of normalised text fields, so that compare can tell a changed name or
 * address without reading either (CanonicalSchema {@code name_fp}, {@code address_fp}).
 *
 * <p>Definition (fixed: stored fingerprints are compared across snapshots and versions): each field
 * is normalised (NFD, combining marks removed, upper-cased with {@link Locale#ROOT}, whitespace
 * runs collapsed to one space, trimmed); the fields are joined with U+001F; the result is the first
 * 8 bytes, big-endian, of SHA-256 over its UTF-8 bytes. All fields empty gives 0.
 *
 * <p>Example: ("Zoë ", "o'neil") and ("ZOE", "O'NEIL") have the same fingerprint; ("AB", "C") and
 * ("A", "BC") do not.
 */
final class Fingerprint {
  private final MessageDigest sha;
  private final StringBuilder sb = new StringBuilder(128);

  Fingerprint() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] bytes = new byte[256];
  private final byte[] digest = new byte[32];

  /** The fingerprint of {@code parts} (nulls count as empty). */
  long of(String... parts) {
    sb.setLength(0);
    boolean any = false;
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append('\u001F');
      }
      int before = sb.length();
      appendNormalised(sb, parts[i]);
      any |= sb.length() > before;
    }
    if (!any) {
      return 0L;
    }
    int n = sb.length();
    boolean ascii = true;
    if (bytes.length < n) {
      bytes = new byte[Math.max(n, 2 * bytes.length)];
    }
    for (int i = 0; i < n && ascii; i++) {
      char c = sb.charAt(i);
      ascii = c < 0x80;
      bytes[i] = (byte) c;
    }
    if (ascii) {
      sha.update(bytes, 0, n);
    } else {
      sha.update(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    try {
      sha.digest(digest, 0, 32);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (digest[i] & 0xFF);
    }
    return v;
  }

  /** {@link #normalise} appended to {@code out}, without intermediate strings for ASCII. */
  private static void appendNormalised(StringBuilder out, String s) {
    if (s == null || s.isEmpty()) {
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        out.append(normalise(s));
        return;
      }
    }
    int start = out.length();
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        space = out.length() > start;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
      }
    }
  }

  static String normalise(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    boolean ascii = true;
    for (int i = 0; i < s.length() && ascii; i++) {
      ascii = s.charAt(i) < 0x80;
    }
    String t = s;
    if (!ascii) {
      String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
      StringBuilder b = new StringBuilder(nfd.length());
      for (int i = 0; i < nfd.length(); i++) {
        char c = nfd.charAt(i);
        int type = Character.getType(c);
        if (type != Character.NON_SPACING_MARK
            && type != Character.COMBINING_SPACING_MARK
            && type != Character.ENCLOSING_MARK) {
          b.append(c);
        }
      }
      t = b.toString();
    }
    t = t.toUpperCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(t.length());
    boolean space = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }
}
