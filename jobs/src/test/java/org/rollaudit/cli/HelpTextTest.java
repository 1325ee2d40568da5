package org.rollaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
    walk(RollAudit.commandLine(), commands, broken);
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

  private static void walk(CommandLine cl, List<String> commands, List<String> broken) {
    String name = cl.getCommandSpec().qualifiedName();
    commands.add(name);
    for (String line : cl.getCommandSpec().usageMessage().description()) {
      // "%n" is a line break in picocli's format (its own help command ends one with it).
      String t = line.replace("%n", "").strip();
      if (!t.isEmpty() && !t.endsWith(".") && !t.endsWith(":")) {
        broken.add(name + ": " + line);
      }
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      walk(sub, commands, broken);
    }
  }
}
