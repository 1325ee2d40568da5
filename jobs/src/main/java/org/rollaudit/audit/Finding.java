package org.rollaudit.audit;

import java.util.LinkedHashMap;
import java.util.SortedMap;

/**
 * One detector result before ids are assigned. Driver-side only: detectors build these from
 * metrics; the audit step attaches evidence rows and numbers them F-0001... in the order fixed by
 * interface.md (severity, rule, unit, group).
 *
 * @param rule stable rule id from interface.md (e.g. {@code mass-deletion})
 * @param ruleName the name of the rule entry in the rule file that fired (a rule family may hold
 *     several entries of one type)
 * @param unit geography, canonical keys {@code county_id}, {@code precinct}; empty = jurisdiction
 * @param group demographic cell, canonical keys (race, ethnicity, gender, age_band, party)
 * @param affected number of voters in the evidence set; must equal the evidence row count
 * @param statistic named figures in a fixed order (observed_rate, expected_rate, rate_ratio, ...)
 * @param explanation one plain-language sentence for a non-specialist
 * @param evidence which change-set rows are the evidence
 * @param comparison what the unit was compared with ("rest of state", "own history", ...)
 */
public record Finding(
    String rule,
    String ruleName,
    Severity severity,
    SortedMap<String, String> unit,
    SortedMap<String, String> group,
    long affected,
    LinkedHashMap<String, Double> statistic,
    String explanation,
    EvidenceQuery evidence,
    String comparison) {}
