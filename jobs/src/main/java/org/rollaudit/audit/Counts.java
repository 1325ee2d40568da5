package org.rollaudit.audit;

/**
 * Change-set counts for one cell (a unit, a demographic group, or the whole jurisdiction). All
 * counts are longs summed by Spark; rates are computed once on the driver (reliability.md §4).
 *
 * @param baselineTotal records of the cell in the baseline (all statuses)
 * @param currentTotal records of the cell in the current snapshot (all statuses)
 * @param atRisk baseline records with status A or I: the denominator of every removal rate
 * @param removed REMOVED voters (removedPresent + removedAbsent)
 * @param removedPresent status became R
 * @param removedAbsent an A/I record missing from the current snapshot
 * @param added ADDED
 * @param reactivated REACTIVATED
 * @param changed CHANGED
 * @param unchanged UNCHANGED
 * @param agedOut AGED_OUT (publisher's retention rule, not a removal)
 * @param otherAbsent OTHER_ABSENT (baseline D or S missing)
 */
public record Counts(
    long baselineTotal,
    long currentTotal,
    long atRisk,
    long removed,
    long removedPresent,
    long removedAbsent,
    long added,
    long reactivated,
    long changed,
    long unchanged,
    long agedOut,
    long otherAbsent) {

  public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Cell-wise sum, used to build marginals from finer cells on the driver. */
  public Counts plus(Counts o) {
    return new Counts(
        baselineTotal + o.baselineTotal,
        currentTotal + o.currentTotal,
        atRisk + o.atRisk,
        removed + o.removed,
        removedPresent + o.removedPresent,
        removedAbsent + o.removedAbsent,
        added + o.added,
        reactivated + o.reactivated,
        changed + o.changed,
        unchanged + o.unchanged,
        agedOut + o.agedOut,
        otherAbsent + o.otherAbsent);
  }

  /** Records present in both snapshots: the denominator for field-change rates. */
  public long presentInBoth() {
    return unchanged + changed + reactivated + removedPresent;
  }
}
