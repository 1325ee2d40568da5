package org.rollaudit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rollaudit.audit.RollAuditException;

/**
 * What an inbox folder offers {@code rollaudit run}: its file sets, one per as-of date, oldest
 * first. Plain Java, no Spark: the inbox is read before anything else so that a bad name stops the
 * run before a byte is ingested.
 *
 * <p>Rules (the README's "Weekly schedule" repeats them for users):
 *
 * <ul>
 *   <li>Only the inbox's own files are read, not subfolders.
 *   <li>A file's as-of date comes from its side-car's {@code as_of}, else from a YYYYMMDD or
 *       YYYY-MM-DD in its name ({@code ncvoter_20240106.txt.gz}, {@code ncvoter_2024-01-06.zip}).
 *       Files of one date form one snapshot (e.g. one file per county).
 *   <li>Side-cars are JSON: {@code NAME.json} for the file NAME (or for NAME without its .txt,
 *       .csv, .gz, .zip endings), and {@code YYYY-MM-DD.json} / {@code YYYYMMDD.json} for every
 *       file of that date. Keys: {@code as_of}, {@code layout}, {@code source}, {@code obtained},
 *       {@code submitter}; a file's own side-car wins over its date's.
 *   <li>Files still being written are left for a later run: hidden names ({@code .x}, as rsync and
 *       many uploaders use while copying), names ending {@code .part .partial .tmp .crdownload
 *       .filepart ~}, and files (side-cars too) modified less than {@code minAge} ago. A date with
 *       such a file is incomplete: it and every later date wait, so snapshots are stored in order.
 * </ul>
 */
final class Inbox {
  private static final Pattern PARTIAL_NAME =
      Pattern.compile(".*(\\.part|\\.partial|\\.tmp|\\.crdownload|\\.filepart|~)$");
  private static final Pattern DATE_SIDECAR = Pattern.compile("\\d{4}-?\\d{2}-?\\d{2}\\.json");
  private static final Pattern DATA_ENDING =
      Pattern.compile("(\\.(txt|csv|tsv|dat|gz|zip))+$", Pattern.CASE_INSENSITIVE);
  private static final Set<String> SIDECAR_KEYS =
      Set.of("as_of", "layout", "source", "obtained", "submitter");

  /** Where a snapshot's files came from, as a side-car says (null where it says nothing). */
  record Provenance(String source, LocalDate obtained, String submitter) {
    static final Provenance NONE = new Provenance(null, null, null);
  }

  /** The files of one as-of date, sorted by name, with their layout (null: --layout) and origin. */
  record FileSet(LocalDate asOf, List<Path> files, String layout, Provenance provenance) {}

  /**
   * The complete dates, oldest first; {@code waiting}: the first incomplete date and why (empty
   * when none), later dates wait for it; {@code notes}: what was left alone and why.
   */
  record Listing(List<FileSet> ready, String waiting, List<String> notes) {}

  private Inbox() {}

  /**
   * Reads the inbox.
   *
   * @param now the time "recently modified" is measured from
   * @param minAgeSeconds files modified less than this long ago are still being written
   * @throws RollAuditException exit 3 naming every file whose date cannot be told, or a bad
   *     side-car (file and line), or files of one date that disagree on layout or provenance
   */
  static Listing read(Path inbox, Instant now, long minAgeSeconds) {
    if (!Files.isDirectory(inbox)) {
      throw RollAuditException.usage(
          "Cannot read the inbox "
              + inbox
              + ": no such folder. Create it, or point --inbox at the folder new files arrive in.");
    }
    List<String> notes = new ArrayList<>();
    Map<String, Path> sidecars = new TreeMap<>();
    List<Path> data = new ArrayList<>();
    // Dates that have a file still being written, with the first such file's name.
    TreeMap<LocalDate, String> partialDates = new TreeMap<>();
    List<String> partialUndated = new ArrayList<>();
    for (Path p : list(inbox)) {
      String name = p.getFileName().toString();
      if (Files.isDirectory(p)) {
        notes.add("folder " + name + " ignored (the inbox is read one level deep)");
        continue;
      }
      boolean partial =
          name.startsWith(".")
              || PARTIAL_NAME.matcher(name).matches()
              || modifiedWithin(p, now, minAgeSeconds);
      if (partial) {
        LocalDate d = SnapshotResolver.dateFromName(name);
        if (d != null) {
          partialDates.putIfAbsent(d, name);
        } else {
          partialUndated.add(name);
        }
        continue;
      }
      if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
        sidecars.put(name, p);
      } else {
        data.add(p);
      }
    }
    for (String name : partialUndated) {
      notes.add(
          name
              + " left for a later run: still being written (a hidden or .part/.tmp name, or"
              + " modified less than "
              + minAgeSeconds
              + " s ago)");
    }

    Map<Path, JsonNode> own = new LinkedHashMap<>();
    List<String> undated = new ArrayList<>();
    TreeMap<LocalDate, List<Path>> byDate = new TreeMap<>();
    for (Path f : data) {
      JsonNode side = ownSidecar(f, sidecars);
      LocalDate d = side == null ? null : date(side, "as_of", sidecarOf(f, sidecars));
      if (d == null) {
        d = SnapshotResolver.dateFromName(f.getFileName().toString());
      }
      if (d == null) {
        undated.add(f.toString());
        continue;
      }
      own.put(f, side);
      byDate.computeIfAbsent(d, k -> new ArrayList<>()).add(f);
    }
    if (!undated.isEmpty()) {
      throw RollAuditException.input(
          "Cannot tell the as-of date of "
              + String.join(", ", undated)
              + ": the name holds no YYYYMMDD or YYYY-MM-DD and no side-car gives one. Rename"
              + " the file, add NAME.json beside it holding {\"as_of\": \"YYYY-MM-DD\"}, or move"
              + " it out of the inbox. Nothing was ingested.");
    }
    for (String name : sidecars.keySet()) {
      if (!DATE_SIDECAR.matcher(name).matches() && !describesAny(name, data)) {
        notes.add("side-car " + name + " ignored: no data file of that name (yet)");
      }
    }

    List<FileSet> ready = new ArrayList<>();
    String waiting = "";
    LocalDate firstPartial = partialDates.isEmpty() ? null : partialDates.firstKey();
    for (Map.Entry<LocalDate, List<Path>> e : byDate.entrySet()) {
      LocalDate d = e.getKey();
      if (firstPartial != null && !d.isBefore(firstPartial)) {
        break;
      }
      List<Path> files = e.getValue();
      files.sort(null);
      JsonNode dateSide = dateSidecar(d, sidecars);
      String layout = null;
      Provenance prov = null;
      for (Path f : files) {
        JsonNode side = merged(own.get(f), dateSide);
        String l = text(side, "layout");
        Provenance p =
            new Provenance(
                text(side, "source"),
                date(side, "obtained", sidecarOf(f, sidecars)),
                text(side, "submitter"));
        if (prov != null && (!Objects.equals(layout, l) || !prov.equals(p))) {
          throw RollAuditException.input(
              "Cannot take the files of "
                  + d
                  + " as one snapshot: their side-cars disagree on layout or provenance ("
                  + files.get(0)
                  + " and "
                  + f
                  + "). Give them one "
                  + d
                  + ".json side-car instead.");
        }
        layout = l;
        prov = p;
      }
      ready.add(new FileSet(d, List.copyOf(files), layout, prov));
    }
    if (firstPartial != null) {
      waiting =
          firstPartial
              + " waits for a later run: "
              + partialDates.get(firstPartial)
              + " is still being written (a hidden or .part/.tmp name, or modified less than "
              + minAgeSeconds
              + " s ago)"
              + (byDate.isEmpty() || !byDate.lastKey().isAfter(firstPartial)
                  ? ""
                  : "; later dates wait for it");
    }
    return new Listing(List.copyOf(ready), waiting, List.copyOf(notes));
  }

  private static List<Path> list(Path inbox) {
    try (Stream<Path> s = Files.list(inbox)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw RollAuditException.input(
          "Cannot read the inbox " + inbox + ": " + e.getMessage() + ". Check its permissions.");
    }
  }

  private static boolean modifiedWithin(Path p, Instant now, long seconds) {
    try {
      Instant m = Files.getLastModifiedTime(p).toInstant();
      return m.isAfter(now.minusSeconds(seconds));
    } catch (IOException e) {
      // Gone or unreadable while we looked: most likely being moved in; a later run sees it.
      return true;
    }
  }

  /** The file's own side-car name: NAME.json, else NAME without its data endings + .json. */
  private static Path sidecarOf(Path f, Map<String, Path> sidecars) {
    String name = f.getFileName().toString();
    Path p = sidecars.get(name + ".json");
    if (p == null) {
      p = sidecars.get(DATA_ENDING.matcher(name).replaceFirst("") + ".json");
    }
    return p;
  }

  private static boolean describesAny(String sidecar, List<Path> data) {
    for (Path f : data) {
      String name = f.getFileName().toString();
      if (sidecar.equals(name + ".json")
          || sidecar.equals(DATA_ENDING.matcher(name).replaceFirst("") + ".json")) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode ownSidecar(Path f, Map<String, Path> sidecars) {
    Path p = sidecarOf(f, sidecars);
    return p == null ? null : parse(p);
  }

  private static JsonNode dateSidecar(LocalDate d, Map<String, Path> sidecars) {
    for (String name : List.of(d + ".json", d.toString().replace("-", "") + ".json")) {
      Path p = sidecars.get(name);
      if (p != null) {
        JsonNode n = parse(p);
        LocalDate said = date(n, "as_of", p);
        if (said != null && !said.equals(d)) {
          throw RollAuditException.input(
              "Cannot read side-car "
                  + p
                  + ": its as_of "
                  + said
                  + " differs from the date in its name. Fix one of them.");
        }
        return n;
      }
    }
    return null;
  }

  /** A file's side-car keys over its date's. */
  private static JsonNode merged(JsonNode own, JsonNode date) {
    if (own == null) {
      return date;
    }
    if (date == null) {
      return own;
    }
    com.fasterxml.jackson.databind.node.ObjectNode m = date.deepCopy();
    m.setAll((com.fasterxml.jackson.databind.node.ObjectNode) own);
    return m;
  }

  static JsonNode parse(Path p) {
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(p.toFile());
    } catch (JsonProcessingException e) {
      throw RollAuditException.input(
          "Cannot read side-car "
              + p
              + " (line "
              + e.getLocation().getLineNr()
              + "): not valid JSON ("
              + e.getOriginalMessage()
              + "). Write it as {\"as_of\": \"YYYY-MM-DD\", \"layout\": \"nc-ncvoter\", ...}.");
    } catch (IOException e) {
      throw RollAuditException.input("Cannot read side-car " + p + ": " + e.getMessage() + ".");
    }
    if (n == null || !n.isObject()) {
      throw RollAuditException.input(
          "Cannot read side-car " + p + ": it must hold one JSON object {\"as_of\": ...}.");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!SIDECAR_KEYS.contains(k)) {
        throw RollAuditException.input(
            "Cannot read side-car "
                + p
                + ": unknown key \""
                + k
                + "\". Known keys: as_of, layout, source, obtained, submitter.");
      }
      if (!n.get(k).isTextual()) {
        throw RollAuditException.input(
            "Cannot read side-car " + p + ": \"" + k + "\" must be a string in double quotes.");
      }
    }
    return n;
  }

  private static String text(JsonNode n, String key) {
    return n == null || !n.hasNonNull(key) ? null : n.get(key).asText();
  }

  private static LocalDate date(JsonNode n, String key, Path file) {
    String s = text(n, key);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw RollAuditException.input(
          "Cannot read side-car "
              + file
              + ": \""
              + key
              + "\" is "
              + s
              + ", not a date YYYY-MM-DD. Fix the date.");
    }
  }
}
