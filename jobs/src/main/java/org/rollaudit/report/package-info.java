/**
 * The audit bundle writer (interface.md §2): findings.json, evidence CSVs, inputs.json,
 * method.json, report.html and report.pdf from the same HTML, SHA256SUMS and an optional Ed25519
 * signature, built in a staging folder and published with one atomic move.
 *
 * <p>Everything here is byte-reproducible: no wall-clock time, host name or absolute path reaches a
 * file; every double goes through {@link org.rollaudit.report.NumberText}; every string that comes
 * from data is escaped ({@link org.rollaudit.report.Html}) or formula-guarded ({@link
 * org.rollaudit.report.FormulaGuard}). Public bundles show small cells as {@code <11} ({@link
 * org.rollaudit.report.Suppression}).
 */
package org.rollaudit.report;
