package org.rollaudit.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rollaudit.verify.VerificationReport.Check;

/**
 * Checks every file of a bundle against SHA256SUMS: the list's format and order, files missing from
 * disk, files on disk the list does not name, and files whose hash differs.
 */
final class SumsCheck {

  static final String SUMS = "SHA256SUMS";
  static final Set<String> UNLISTED_BY_DESIGN = Set.of(SUMS, "SHA256SUMS.sig", "signer.pub");
  private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  (.+)");

  private SumsCheck() {}

  /** Runs the checks; returns the listed path → hash map (empty when SHA256SUMS is unusable). */
  static Map<String, String> run(Path bundle, List<Check> out) throws IOException {
    Map<String, String> listed = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Path sumsFile = bundle.resolve(SUMS);
    if (!Files.isRegularFile(sumsFile, LinkOption.NOFOLLOW_LINKS)) {
      problems.add("SHA256SUMS missing");
    } else {
      parse(Files.readAllBytes(sumsFile), listed, problems);
    }
    out.add(
        new Check(
            "sums.format",
            problems.isEmpty(),
            problems.isEmpty()
                ? listed.size() + " entries, sorted, well formed"
                : names(problems)));

    Set<String> onDisk = new TreeSet<>();
    List<String> irregular = new ArrayList<>();
    try (Stream<Path> s = Files.walk(bundle)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = relative(bundle, p);
        if (Files.isSymbolicLink(p)
            || (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
          irregular.add(rel);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
            && !UNLISTED_BY_DESIGN.contains(rel)) {
          onDisk.add(rel);
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (String rel : listed.keySet()) {
      if (!onDisk.contains(rel)) {
        missing.add(rel);
      }
    }
    out.add(
        new Check(
            "sums.missing",
            missing.isEmpty(),
            missing.isEmpty()
                ? "every listed file is present"
                : "listed but missing: " + names(missing)));
    List<String> unlisted = new ArrayList<>(irregular);
    for (String rel : onDisk) {
      if (!listed.containsKey(rel)) {
        unlisted.add(rel);
      }
    }
    out.add(
        new Check(
            "sums.unlisted",
            unlisted.isEmpty(),
            unlisted.isEmpty()
                ? onDisk.size() + " files, none unlisted"
                : "not in SHA256SUMS (or not a regular file): " + names(unlisted)));
    List<String> changed = new ArrayList<>();
    int matched = 0;
    for (Map.Entry<String, String> e : listed.entrySet()) {
      if (onDisk.contains(e.getKey())) {
        if (Sha256.of(bundle.resolve(e.getKey())).equals(e.getValue())) {
          matched++;
        } else {
          changed.add(e.getKey());
        }
      }
    }
    out.add(
        new Check(
            "sums.hashes",
            changed.isEmpty() && !listed.isEmpty(),
            changed.isEmpty()
                ? matched + " files match"
                : "content differs from SHA256SUMS: " + names(changed)));
    return listed;
  }

  private static void parse(byte[] bytes, Map<String, String> listed, List<String> problems) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      problems.add("SHA256SUMS is empty");
      return;
    }
    if (!text.endsWith("\n")) {
      problems.add("SHA256SUMS does not end with a newline");
    }
    if (text.indexOf('\r') >= 0) {
      problems.add("SHA256SUMS has CR line ends");
    }
    String previous = null;
    String[] lines = text.split("\n", -1);
    // A final newline leaves one empty string after the last line; it is not a line.
    int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
    for (int n = 1; n <= count; n++) {
      String line = lines[n - 1];
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        problems.add("line " + n + " is not '<sha256>  <path>'");
        continue;
      }
      String path = m.group(2);
      if (!safe(path)) {
        problems.add("line " + n + ": path not inside the bundle (" + path + ")");
        continue;
      }
      if (listed.put(path, m.group(1)) != null) {
        problems.add("line " + n + ": " + path + " listed twice");
      }
      if (previous != null
          && Arrays.compareUnsigned(
                  previous.getBytes(StandardCharsets.UTF_8), path.getBytes(StandardCharsets.UTF_8))
              >= 0) {
        problems.add("line " + n + ": not sorted by path (" + path + ")");
      }
      previous = path;
    }
  }

  private static boolean safe(String path) {
    if (path.startsWith("/") || path.contains("\\") || UNLISTED_BY_DESIGN.contains(path)) {
      return false;
    }
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  static String relative(Path root, Path p) {
    List<String> parts = new ArrayList<>();
    for (Path part : root.relativize(p)) {
      parts.add(part.toString());
    }
    return String.join("/", parts);
  }

  /** Up to ten names, then a count. */
  static String names(List<String> items) {
    if (items.size() <= 10) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, 10)) + " and " + (items.size() - 10) + " more";
  }
}
