package org.rollaudit.audit;

import java.time.LocalDate;

/**
 * A snapshot as the audit sees it.
 *
 * @param asOf the publisher's as-of date (all report dates derive from these, never the clock)
 * @param voters accepted records in the snapshot (all statuses)
 * @param layout layout id, e.g. {@code nc-ncvoter}
 * @param vintage detected layout vintage, e.g. {@code 2022}
 */
public record SnapshotInfo(LocalDate asOf, long voters, String layout, String vintage) {}
