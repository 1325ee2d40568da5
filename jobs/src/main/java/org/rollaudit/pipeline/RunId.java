package org.rollaudit.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The run id of interface.md §3: SHA-256 over everything that can change a byte of the bundle
 * (reliability.md §4): both snapshots' input digests, layouts and provenance (it is shown in
 * inputs.json and the report), the rules digest, the digest of the measured error rates quoted in
 * method.json (empty when the rules folder has none), the disclosure mode and the software version.
 * Options that change no byte (--out, --fail-on, --stacktrace) stay out, so the same audit always
 * has the same id.
 */
public final class RunId {
  private RunId() {}

  public static String of(List<String> parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update("rollaudit-run/v1\n".getBytes(StandardCharsets.UTF_8));
      for (String p : parts) {
        byte[] b = p.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed, so that no two different part lists hash alike.
        md.update((b.length + ":").getBytes(StandardCharsets.UTF_8));
        md.update(b);
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
