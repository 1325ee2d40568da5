/**
 * Input layouts as data: {@code rules/layouts/*.yaml} describes each publisher's file (format,
 * limits, key, per-vintage header lists, canonical column mapping with aliases, code lists,
 * sensitive columns, confidential flag, retention rule). {@link
 * org.rollaudit.layout.LayoutRegistry} loads and validates them strictly (unknown keys are errors
 * naming file and line); {@link org.rollaudit.layout.HeaderMatcher} checks a file's header against
 * a layout and binds columns by name, never by position.
 */
package org.rollaudit.layout;
