/**
 * The audit policy: rule files ({@code rules/*.yaml}), their JSON Schema validation with file and
 * line in every message, and one {@link org.rollaudit.rules.Detector} per rule type. Detectors read
 * only the driver-side {@link org.rollaudit.audit.Metrics} (no Spark) and return {@link
 * org.rollaudit.audit.Finding}s whose evidence query selects exactly {@code affected} voters. Entry
 * point: {@link org.rollaudit.rules.RuleSet}.
 */
package org.rollaudit.rules;
