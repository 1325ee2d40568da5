package org.rollaudit.audit;

/**
 * An error the user can act on, carrying the exit code of interface.md §1. Messages follow one
 * style: "Cannot &lt;do x&gt;: &lt;reason&gt; (&lt;file:line or value&gt;). &lt;What to do&gt;."
 * and never contain row content (reliability.md §7).
 */
public class RollAuditException extends RuntimeException {
  /** Finished with findings at or above --fail-on; verify: bundle altered. */
  public static final int FINDINGS = 1;

  /** Usage error or invalid rule file; nothing was read. */
  public static final int USAGE = 2;

  /** Input rejected: unreadable, header mismatch, or rejects above the tolerance. */
  public static final int INPUT = 3;

  /** Internal error. */
  public static final int INTERNAL = 4;

  private final int exitCode;

  public RollAuditException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public RollAuditException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  public static RollAuditException usage(String message) {
    return new RollAuditException(USAGE, message);
  }

  public static RollAuditException input(String message) {
    return new RollAuditException(INPUT, message);
  }
}
