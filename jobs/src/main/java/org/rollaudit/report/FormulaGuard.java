package org.rollaudit.report;

/**
 * Neutralises spreadsheet formulas in every CSV cell the bundle writes (OWASP ASVS 5.0 1.2.10;
 * reliability.md §8). RFC 4180 quoting alone does not stop a spreadsheet from evaluating {@code
 * =HYPERLINK(...)}: a leading apostrophe does.
 *
 * <p>Rule {@value #VERSION}: a cell gets one leading {@code '} when its first character after any
 * leading whitespace is {@code = + - @}, TAB, CR, NUL, one of the full-width forms {@code ＝ ＋ － ＠},
 * or an apostrophe. The apostrophe is in the list so the rule can be undone without ambiguity: a
 * written cell starting with {@code '} always had one added, so a reader drops exactly one.
 * Examples: {@code =1+1 -> '=1+1}, {@code " @x" -> "' @x"}, {@code -5 -> '-5}, {@code 'a -> ''a},
 * {@code O'Brien -> O'Brien}.
 */
public final class FormulaGuard {

  /** Recorded in method.json so a reader knows how to undo the guard. */
  public static final String VERSION = "csv-formula-guard/1";

  /** The rule in words, for method.json and the report. */
  public static final String RULE =
      "A cell whose first character after leading whitespace is = + - @ TAB CR NUL, a full-width"
          + " \uFF1D \uFF0B \uFF0D \uFF20, or an apostrophe gets one leading apostrophe; to read the"
          + " original value, drop one leading apostrophe.";

  private FormulaGuard() {}

  /** The guarded cell; null becomes the empty string. */
  public static String guard(String cell) {
    if (cell == null) {
      return "";
    }
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (isTrigger(c)) {
        return "'" + cell;
      }
      if (!(Character.isWhitespace(c) || Character.isSpaceChar(c))) {
        return cell;
      }
    }
    return cell;
  }

  static boolean isTrigger(char c) {
    return switch (c) {
      case '=', '+', '-', '@', '\t', '\r', '\0', '\'', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20' ->
          true;
      default -> false;
    };
  }
}
