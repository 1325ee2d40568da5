package org.rollaudit.rules;

import java.util.List;
import java.util.stream.Collectors;
import org.rollaudit.audit.RollAuditException;

/**
 * Invalid rule files (exit code 2, interface.md §1). The message lists every problem found, one per
 * line, each naming file, line and key; {@link #problems()} gives them one by one.
 */
public class RuleFileException extends RollAuditException {
  private final List<RuleProblem> problems;

  public RuleFileException(List<RuleProblem> problems) {
    super(USAGE, problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<RuleProblem> problems() {
    return problems;
  }
}
