package org.rollaudit.layout;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.rollaudit.audit.RollAuditException;

/**
 * The known layouts: one YAML file per layout in a folder ({@code rules/layouts/} of the checkout),
 * named {@code <id>.yaml}. {@code --layout} takes either such an id or the path of a layout file
 * (typically a mapping that {@code extends: generic-csv}).
 *
 * <p>The folder is found in this order: system property {@code rollaudit.layouts}, environment
 * variable {@code ROLLAUDIT_LAYOUTS}, then {@code rules/layouts} in the working directory or any
 * parent of it, then beside the running jar or any parent of it (so {@code bin/rollaudit} works
 * from anywhere inside the checkout), and last the copy the build puts inside the jar ({@code
 * org/rollaudit/rules-default/layouts}, so {@code spark-submit} needs no checkout).
 */
public final class LayoutRegistry {
  private final Path dir;

  public LayoutRegistry(Path dir) {
    this.dir = dir;
  }

  /** The registry over the standard folder (see class doc). */
  public static LayoutRegistry standard() {
    return new LayoutRegistry(findDir());
  }

  /** The folder this registry reads. */
  public Path dir() {
    return dir;
  }

  static Path findDir() {
    String prop = System.getProperty("rollaudit.layouts");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv("ROLLAUDIT_LAYOUTS");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path found = upwards(Path.of("").toAbsolutePath());
    if (found == null) {
      try {
        Path jar =
            Path.of(
                LayoutRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        found = upwards(jar);
      } catch (URISyntaxException | RuntimeException e) {
        found = null;
      }
    }
    if (found == null) {
      found = insideJar();
    }
    if (found == null) {
      throw RollAuditException.usage(
          "Cannot find the layouts folder rules/layouts (looked upwards from "
              + Path.of("").toAbsolutePath()
              + "). Run inside the rollaudit checkout or set -Drollaudit.layouts=DIR.");
    }
    return found;
  }

  /** The layouts the build copied into the jar (or target/classes), as a readable Path. */
  private static Path insideJar() {
    java.net.URL url = LayoutRegistry.class.getResource("/org/rollaudit/rules-default/layouts");
    if (url == null) {
      return null;
    }
    try {
      java.net.URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try {
          java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of());
        } catch (java.nio.file.FileSystemAlreadyExistsException e) {
          // opened before: Path.of below finds it
        }
      }
      return Path.of(uri);
    } catch (URISyntaxException | IOException | RuntimeException e) {
      return null;
    }
  }

  private static Path upwards(Path start) {
    for (Path p = start; p != null; p = p.getParent()) {
      Path candidate = p.resolve("rules").resolve("layouts");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Ids of the layouts in the folder, sorted. */
  public List<String> ids() {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length()))
          .sorted()
          .forEach(out::add);
    } catch (IOException e) {
      throw RollAuditException.usage("Cannot list layouts in " + dir + ": " + e.getMessage());
    }
    return out;
  }

  /** Every layout in the folder (abstract bases included), by id. */
  public List<Layout> all() {
    List<Layout> out = new ArrayList<>();
    for (String id : ids()) {
      out.add(byId(id));
    }
    return out;
  }

  /** A layout by id from the folder. */
  public Layout byId(String id) {
    Path p = pathOf(id);
    if (p == null) {
      throw RollAuditException.usage(
          "Cannot find layout '"
              + id
              + "': known layouts are "
              + ids()
              + " (in "
              + dir
              + "). Pass a known id or the path of a layout file.");
    }
    Layout l = LayoutLoader.load(p, this::pathOf);
    if (!l.id().equals(id)) {
      throw RollAuditException.usage(
          "Cannot load layout "
              + p.getFileName()
              + ": its id is '"
              + l.id()
              + "' but the file is named for '"
              + id
              + "'. Make them agree.");
    }
    return l;
  }

  private Path pathOf(String id) {
    if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
      return null;
    }
    Path p = dir.resolve(id + ".yaml");
    return Files.isRegularFile(p) ? p : null;
  }

  /**
   * {@code --layout}: a known id, or a path to a layout file. A path wins when both could apply (a
   * string with a '/' or ending in .yaml/.yml is always a path).
   */
  public Layout resolve(String idOrPath) {
    String lower = idOrPath.toLowerCase(Locale.ROOT);
    boolean looksLikePath =
        idOrPath.contains("/")
            || idOrPath.contains("\\")
            || lower.endsWith(".yaml")
            || lower.endsWith(".yml");
    if (looksLikePath || (pathOf(idOrPath) == null && Files.isRegularFile(Path.of(idOrPath)))) {
      Path p = Path.of(idOrPath);
      if (!Files.isRegularFile(p)) {
        throw RollAuditException.usage("Cannot read layout file " + idOrPath + ": no such file.");
      }
      return LayoutLoader.load(p, this::pathOf);
    }
    return byId(idOrPath);
  }

  /** {@link #resolve}, refusing abstract bases: those need a mapping file that extends them. */
  public Layout resolveForIngest(String idOrPath) {
    Layout l = resolve(idOrPath);
    if (l.isAbstract()) {
      throw RollAuditException.usage(
          "Cannot ingest with layout '"
              + l.id()
              + "': it is a base for mapping files. Write a"
              + " YAML file with 'extends: "
              + l.id()
              + "', the key and the column mapping, and"
              + " pass its path to --layout (see rules/layouts/README.md).");
    }
    return l;
  }
}
