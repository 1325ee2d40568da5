/**
 * The snapshot store: canonical Parquet snapshots keyed by as-of date, bucketed by voter key so
 * that comparing two snapshots needs no shuffle, each published atomically with its receipt.
 */
package org.rollaudit.store;
