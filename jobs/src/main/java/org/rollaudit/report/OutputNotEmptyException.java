package org.rollaudit.report;

import org.rollaudit.audit.RollAuditException;

/**
 * The output folder holds something other than a complete bundle of this very run: nothing was
 * written (interface.md §1: exit 2, usage error).
 */
public final class OutputNotEmptyException extends RollAuditException {
  public OutputNotEmptyException(String message) {
    super(USAGE, message);
  }
}
