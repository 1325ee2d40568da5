package org.rollaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's description is written in paragraphs, each one string that picocli wraps at the
 * help width. A sentence broken by hand over two strings is wrapped twice when its first part is
 * longer than the width: that part's last word ("fly", "whole,") is left on a line of its own and
 * the sentence goes on from the start of the next.
 */
class HelpTextTest {
  @Test
  void everyDescriptionStringEndsASentence() {
    List<String> commands = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    for (CommandLine cl : all()) {
      String name = cl.getCommandSpec().qualifiedName();
      commands.add(name);
      for (String line : cl.getCommandSpec().usageMessage().description()) {
        // "%n" is a line break in picocli's format (its own help command ends one with it).
        String t = line.replace("%n", "").strip();
        if (!t.isEmpty() && !t.endsWith(".") && !t.endsWith(":")) {
          broken.add(name + ": " + line);
        }
      }
    }
    assertTrue(
        commands.containsAll(
            List.of(
                "rollaudit audit",
                "rollaudit timeline",
                "rollaudit verify",
                "rollaudit keygen",
                "rollaudit rules check")),
        commands.toString());
    assertEquals(List.of(), broken);
  }

  /**
   * Picocli may wrap a line after the dot of a file name ("OUT/latest." then "json." on the next
   * line), which reads as a sentence end and leaves a stray word; no help screen, at picocli's
   * default width of 80, may break a file name before its extension.
   */
  @Test
  void noFileNameIsBrokenBeforeItsExtension() {
    List<String> broken = new ArrayList<>();
    List<CommandLine> all = all();
    for (CommandLine cl : all) {
      String[] lines = cl.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\\R");
      for (int i = 1; i < lines.length; i++) {
        String next = lines[i].strip();
        if (lines[i - 1].strip().endsWith(".") && EXTENSION.matcher(next).lookingAt()) {
          broken.add(cl.getCommandSpec().qualifiedName() + ": " + lines[i - 1] + " / " + next);
        }
      }
    }
    assertTrue(all.size() > 10, "commands found: " + all.size());
    assertEquals(List.of(), broken);
  }

  private static final Pattern EXTENSION =
      Pattern.compile("(json|jsonl|html|pdf|txt|yaml|yml|csv|gz|zip|parquet|sig|pem|md)\\b");

  /** The root command and every subcommand, depth first. */
  private static List<CommandLine> all() {
    List<CommandLine> out = new ArrayList<>();
    collect(RollAudit.commandLine(), out);
    return out;
  }

  private static void collect(CommandLine cl, List<CommandLine> out) {
    out.add(cl);
    cl.getSubcommands().values().forEach(sub -> collect(sub, out));
  }
}
