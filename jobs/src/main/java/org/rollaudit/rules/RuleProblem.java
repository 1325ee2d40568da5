package org.rollaudit.rules;

/**
 * One problem in a rule file, printed as {@code <file>:<line>: <key>: <what is wrong>. <what to
 * do>}.
 *
 * @param file the file as the user named it (relative to the working folder when they gave a
 *     relative rules folder)
 * @param line 1-based line, 0 when the problem concerns the folder or the whole file
 * @param key the offending key as a path, e.g. {@code rules[2].severity.high.max_q}; empty when
 *     none
 * @param message what is wrong and what to do, both as full sentences
 */
public record RuleProblem(String file, int line, String key, String message) {
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(file);
    if (line > 0) {
      s.append(':').append(line);
    }
    s.append(": ");
    if (!key.isEmpty()) {
      s.append(key).append(": ");
    }
    return s.append(message).toString();
  }
}
