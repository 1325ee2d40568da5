package org.rollaudit.audit;

/**
 * The one class every voter key gets when two snapshots are compared.
 *
 * <pre>
 * baseline            current                class
 * ------------------  ---------------------  -------------------------------
 * absent              present (any status)   ADDED
 * A or I              R                      REMOVED  (removed_present)
 * A or I              absent                 REMOVED  (removed_absent)
 * R                   absent                 AGED_OUT (publisher's retention rule)
 * D or S              absent                 OTHER_ABSENT
 * R                   A, I or S              REACTIVATED
 * any other pair      same tracked fields    UNCHANGED
 * any other pair      a tracked field differs CHANGED
 * </pre>
 *
 * <p>The ledger equations of reliability.md hold by construction: |A| = UNCHANGED + CHANGED +
 * REACTIVATED + REMOVED + AGED_OUT + OTHER_ABSENT and |B| = UNCHANGED + CHANGED + REACTIVATED +
 * removed_present + ADDED.
 */
public enum ChangeClass {
  REMOVED,
  ADDED,
  REACTIVATED,
  CHANGED,
  UNCHANGED,
  AGED_OUT,
  OTHER_ABSENT
}
