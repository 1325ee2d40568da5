package org.rollaudit.stats;

/**
 * The outcome of one hypothesis test.
 *
 * @param method the test that was run, in words for method.json (e.g. "Fisher exact, one-sided")
 * @param statistic the test statistic (odds ratio for Fisher, X² for chi-square and CMH, the count
 *     for the binomial test)
 * @param pValue the p-value of the alternative named in {@code method}
 */
public record TestResult(String method, double statistic, double pValue) {}
