package org.rollaudit.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.audit.Severity;
import org.rollaudit.pipeline.AuditPipeline;

/**
 * The {@code --out} folder of {@code rollaudit run}: one bundle per as-of date ({@code
 * OUT/2024-01-13/}, complete or absent, since the bundle writer moves it in with one rename) and
 * {@code OUT/latest.json}, the summary of the newest bundle that a scheduler or a dashboard reads.
 *
 * <p>latest.json is the run's last step and its commit point: bundles newer than the one it names
 * have not been reported to the scheduler yet (a run was killed after writing them), so the next
 * run reports them and counts their findings in its exit code. It holds no clock time or path
 * outside OUT, so the same OUT gives the same bytes, and it is rewritten only when they change.
 */
final class RunOutput {
  static final String LATEST = "latest.json";
  static final String SCHEMA = "rollaudit/latest/v1";

  /** What a bundle's findings.json says, for the run's summary and latest.json. */
  record Bundle(
      LocalDate asOf,
      String baseline,
      String runId,
      Map<String, Long> counts,
      List<Severity> severities) {
    int exitCode(Severity failOn) {
      return AuditPipeline.exitCode(severities, failOn);
    }

    Map<String, Integer> bySeverity() {
      Map<String, Integer> m = new LinkedHashMap<>();
      for (Severity s : Severity.values()) {
        m.put(s.id(), (int) severities.stream().filter(x -> x == s).count());
      }
      return m;
    }

    String describe(Severity failOn) {
      StringBuilder sb = new StringBuilder();
      bySeverity().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(v + " " + k));
      return String.format(
          Locale.ROOT,
          "%s (baseline %s): %d finding(s) [%s], exit %d",
          asOf,
          baseline,
          severities.size(),
          sb,
          exitCode(failOn));
    }
  }

  private final Path out;

  RunOutput(Path out) {
    this.out = out;
  }

  Path bundleDir(LocalDate asOf) {
    return out.resolve(asOf.toString());
  }

  /** True when OUT/&lt;as-of&gt; holds something: a bundle, since it only ever appears whole. */
  boolean hasBundle(LocalDate asOf) {
    Path d = bundleDir(asOf);
    if (!Files.isDirectory(d)) {
      return false;
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.findAny().isPresent();
    } catch (IOException e) {
      throw RollAuditException.input("Cannot read " + d + ": " + e.getMessage() + ".");
    }
  }

  /** Every bundle in OUT, oldest first. */
  List<Bundle> bundles() {
    List<Bundle> all = new ArrayList<>();
    if (!Files.isDirectory(out)) {
      return all;
    }
    TreeMap<LocalDate, Path> dirs = new TreeMap<>();
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        try {
          LocalDate d = LocalDate.parse(p.getFileName().toString());
          if (Files.isRegularFile(p.resolve("findings.json"))) {
            dirs.put(d, p);
          }
        } catch (DateTimeParseException e) {
          // Not a bundle of ours (latest.json, refused/, staging folders).
        }
      }
    } catch (IOException e) {
      throw RollAuditException.input("Cannot list " + out + ": " + e.getMessage() + ".");
    }
    dirs.forEach((d, p) -> all.add(read(d, p)));
    return all;
  }

  private static Bundle read(LocalDate asOf, Path dir) {
    Path f = dir.resolve("findings.json");
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(f.toFile());
    } catch (IOException e) {
      throw RollAuditException.input(
          "Cannot read "
              + f
              + ": "
              + e.getMessage()
              + ". Check it with 'rollaudit verify "
              + dir
              + "'; delete the folder to audit that snapshot again.");
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    n.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    List<Severity> sev = new ArrayList<>();
    for (JsonNode x : n.path("findings")) {
      sev.add(Severity.parse(x.path("severity").asText()));
    }
    return new Bundle(
        asOf, n.path("baseline").path("as_of").asText(), n.path("run_id").asText(), counts, sev);
  }

  /** The as-of date latest.json names, if there is one. */
  Optional<LocalDate> reported() {
    Path p = out.resolve(LATEST);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          LocalDate.parse(new ObjectMapper().readTree(p.toFile()).path("as_of").asText()));
    } catch (IOException | DateTimeParseException e) {
      // A damaged latest.json reports nothing: every bundle is reported again and it is rewritten.
      return Optional.empty();
    }
  }

  /** latest.json's bytes for the newest bundle. */
  static byte[] latestJson(Bundle b, String failOn) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", SCHEMA);
    m.put("as_of", b.asOf().toString());
    m.put("baseline", b.baseline());
    m.put("bundle", b.asOf().toString());
    m.put("run_id", b.runId());
    m.put("counts", b.counts());
    m.put("findings", b.bySeverity());
    m.put("fail_on", failOn);
    m.put("exit_code", b.exitCode(failOn.equals("never") ? null : Severity.parse(failOn)));
    // The store's receipts are written the same way.
    DefaultIndenter lf = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter pp =
        new DefaultPrettyPrinter().withObjectIndenter(lf).withArrayIndenter(lf);
    try {
      return (new ObjectMapper().writer(pp).writeValueAsString(m) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Writes latest.json atomically (a temporary file beside it, then one rename), only when its
   * bytes change; true when written.
   */
  boolean writeLatest(byte[] bytes) {
    Path p = out.resolve(LATEST);
    try {
      if (Files.isRegularFile(p) && java.util.Arrays.equals(Files.readAllBytes(p), bytes)) {
        return false;
      }
      // A run killed while writing may have left its temporary file; we hold the lock now.
      try (Stream<Path> s = Files.list(out)) {
        for (Path t : (Iterable<Path>) s::iterator) {
          if (t.getFileName().toString().startsWith("." + LATEST + ".tmp-")) {
            Files.delete(t);
          }
        }
      }
      Path tmp = out.resolve("." + LATEST + ".tmp-" + ProcessHandle.current().pid());
      Files.write(tmp, bytes);
      try (java.nio.channels.FileChannel c =
          java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        c.force(true);
      }
      try {
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } catch (IOException e) {
      throw new RollAuditException(
          RollAuditException.INTERNAL,
          "Cannot write " + p + ": " + e.getMessage() + ". Check free space and permissions.",
          e);
    }
  }
}
