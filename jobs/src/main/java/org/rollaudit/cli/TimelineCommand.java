package org.rollaudit.cli;

import java.util.concurrent.Callable;
import org.rollaudit.audit.RollAuditException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollaudit timeline}: not built yet; says so plainly and exits 2 (issue 8). */
@Command(
    name = "timeline",
    mixinStandardHelpOptions = true,
    description = {
      "Audits every consecutive pair of snapshots in the store and the history as a whole.",
      "NOT BUILT YET in this version: exits 2 without reading anything."
    })
public final class TimelineCommand implements Callable<Integer> {
  @Option(names = "--store", required = true, description = "Snapshot store folder or URI.")
  String store;

  @Option(names = "--out", required = true, description = "New or empty folder for the bundle.")
  String out;

  @Option(names = "--rules", description = "Rules folder (default: the bundled rules/).")
  String rules;

  @Override
  public Integer call() {
    throw RollAuditException.usage(
        "Cannot run timeline: this command is not built yet in rollaudit 0.1.0. Audit consecutive"
            + " pairs with 'rollaudit audit --store DIR --baseline DATE --current DATE' meanwhile.");
  }
}
