/**
 * The audit pipeline shared by {@code audit}, {@code demo} and later {@code timeline}: change set,
 * metrics, detectors, evidence, bundle, in that order, with the ledger asserted on every run.
 */
package org.rollaudit.pipeline;
