/**
 * Rates, intervals, tests and false-discovery control for the detectors: thin wrappers over Apache
 * Commons Statistics (distributions, exact and chi-square tests, binomial intervals). The few
 * formulas Commons Statistics lacks (Katz and Woolf intervals, Mantel-Haenszel, Benjamini-Hochberg,
 * Holm, Pearson overdispersion, robust z, the random-effects log rate-ratio screen) are written
 * here on top of its distributions, with the textbook reference in each class. No Spark, no state:
 * every method is a pure function of its arguments.
 */
package org.rollaudit.stats;
