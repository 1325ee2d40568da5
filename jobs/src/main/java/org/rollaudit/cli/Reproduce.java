package org.rollaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.rollaudit.store.StoredSnapshot;

/**
 * The command lines printed under "Reproduce and verify" in the report. They depend only on what
 * the run id covers (the snapshots' inputs and layouts, and the byte-changing flags), never on the
 * command that made the bundle: {@code rollaudit demo} and {@code rollaudit audit} on the same
 * stored snapshots write the same bytes (reliability.md §4: same run id, same bytes). Paths are
 * placeholders (STORE, BUNDLE) or the input file names as inputs.json records them.
 */
public final class Reproduce {
  private Reproduce() {}

  /**
   * @param flags the byte-changing audit flags as they would be typed again, each with a leading
   *     space (e.g. {@code " --rules RULES"}); empty for the defaults
   */
  public static List<String> lines(StoredSnapshot baseline, StoredSnapshot current, String flags) {
    List<String> out = new ArrayList<>();
    out.add(ingest(baseline));
    out.add(ingest(current));
    out.add(
        "rollaudit audit --baseline "
            + baseline.asOf()
            + " --current "
            + current.asOf()
            + " --store STORE --out BUNDLE"
            + flags);
    out.add("rollaudit verify BUNDLE");
    return out;
  }

  /** Ingest every snapshot of the store, then the timeline and its verification. */
  public static List<String> timeline(List<StoredSnapshot> snapshots, String flags) {
    List<String> out = new ArrayList<>();
    for (StoredSnapshot s : snapshots) {
      out.add(ingest(s));
    }
    out.add("rollaudit timeline --store STORE --out BUNDLE" + flags);
    out.add("rollaudit verify BUNDLE");
    return out;
  }

  private static String ingest(StoredSnapshot s) {
    JsonNode r = s.receipt();
    StringBuilder sb =
        new StringBuilder("rollaudit ingest --layout ")
            .append(quote(r.path("layout").path("id").asText("LAYOUT")))
            .append(" --as-of ")
            .append(s.asOf())
            .append(" --store STORE");
    for (JsonNode f : r.path("inputs")) {
      sb.append(' ').append(quote(f.path("name").asText("FILE")));
    }
    return sb.toString();
  }

  /** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */
  static String quote(String s) {
    if (!s.isEmpty() && s.matches("[A-Za-z0-9._+,:=@/-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
