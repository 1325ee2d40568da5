package org.rollaudit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.pipeline.Home;
import org.rollaudit.rules.RuleProblem;
import org.rollaudit.rules.RuleSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rollaudit rules check [DIR]}: validates rule files without starting Spark. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Works with rule files.",
    subcommands = {RulesCommand.Check.class})
public final class RulesCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw RollAuditException.usage("Cannot run 'rules' alone: say 'rollaudit rules check [DIR]'.");
  }

  /** Validates every rule file of a folder; one line per problem, file:line first. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Checks rule files of DIR (default: the bundled rules/) against the rule schema.",
        "Prints one line per problem as FILE:LINE: KEY: message. Exit 0 valid, 2 invalid."
      })
  public static final class Check implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Rules folder.")
    String dir;

    @Override
    public Integer call() {
      Path rules = Home.rules(dir);
      List<RuleProblem> problems = RuleSet.check(rules);
      if (problems.isEmpty()) {
        RuleSet set = RuleSet.load(rules);
        System.out.println(
            "rules OK: "
                + set.rules().size()
                + " rule(s) in "
                + rules
                + " (digest "
                + set.digest().substring(0, 16)
                + "...)");
        return 0;
      }
      for (RuleProblem p : problems) {
        System.err.println(p);
      }
      System.err.println(problems.size() + " problem(s); nothing was run.");
      return RollAuditException.USAGE;
    }
  }
}
