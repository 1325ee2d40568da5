/**
 * Rules and jobs that read more than one pair of snapshots: the history a pair audit can look back
 * on, the timeline of a whole store, and the metrics history kept in the store.
 */
package org.rollaudit.history;
