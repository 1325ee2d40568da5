package org.rollaudit.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.rollaudit.layout.Layout;
import org.rollaudit.layout.LayoutRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rollaudit layouts}: lists the known input layouts and the columns each requires. A file's
 * header must hold every column of one vintage (by name; extra columns are ignored).
 */
@Command(
    name = "layouts",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the known input layouts (rules/layouts/*.yaml) and their required columns.",
      "Pass a layout id or a mapping file to see one layout in full; the file is validated."
    })
public final class LayoutsCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "ID|FILE", description = "Show only this layout.")
  String which;

  @Option(names = "--stacktrace", hidden = true)
  boolean stacktrace;

  PrintStream out = System.out;

  @Override
  public Integer call() {
    LayoutRegistry reg = LayoutRegistry.standard();
    List<Layout> layouts = which == null ? reg.all() : List.of(reg.resolve(which));
    for (Layout l : layouts) {
      print(l, which != null);
    }
    return 0;
  }

  private void print(Layout l, boolean full) {
    Layout.Format f = l.format();
    out.printf(
        java.util.Locale.ROOT,
        "%s (version %d)%s%n  %s%n",
        l.id(),
        l.version(),
        l.isAbstract() ? " [base for mapping files: extends: " + l.id() + "]" : "",
        l.description());
    out.printf(
        java.util.Locale.ROOT,
        "  format: delimiter %s, quote %s, encoding %s (accepts %s), %s%n",
        f.delimiter() == '\t' ? "TAB" : "'" + f.delimiter() + "'",
        f.quote() < 0 ? "none" : "'" + (char) f.quote() + "'",
        f.encoding(),
        String.join(", ", f.acceptEncodings()),
        f.multiline() ? "multiline" : "one record per line");
    if (l.isAbstract()) {
      return;
    }
    out.println("  key: " + l.key() + (l.keyPublic() ? " (public)" : " (pseudonymised)"));
    if (l.vintages().isEmpty()) {
      out.println("  required columns: " + String.join(" ", l.mappedSources()));
    }
    for (Layout.Vintage v : l.vintages()) {
      out.printf(
          java.util.Locale.ROOT,
          "  vintage %s: %d columns%s%n",
          v.name(),
          v.columns().size(),
          full ? "" : " (rollaudit layouts " + l.id() + " lists them)");
      if (full) {
        out.println("    " + String.join(" ", v.columns()));
      }
    }
    if (full) {
      for (Layout.Column c : l.columns()) {
        String src = c.join().isEmpty() ? String.join("|", c.from()) : "join " + c.join();
        out.printf(
            java.util.Locale.ROOT,
            "  %-19s <- %s%s%n",
            c.canonical(),
            src,
            c.codes().isEmpty()
                ? ""
                : " codes "
                    + c.codes().stream().sorted().toList()
                    + (c.rejectUnknown() ? " (unknown: reject)" : " (unknown: warn)"));
      }
      out.println(
          "  sensitive: restricted "
              + l.sensitive().restricted().stream().sorted().toList()
              + ", never exported "
              + l.sensitive().neverExport().stream().sorted().toList());
      if (l.retention() != null) {
        out.println(
            "  retention: status "
                + l.retention().status()
                + " leaves after "
                + l.retention().years()
                + " years");
      }
    }
  }
}
