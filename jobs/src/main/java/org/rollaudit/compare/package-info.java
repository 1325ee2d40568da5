/**
 * The compare step: the change set of two snapshots (one class per voter), the metrics the
 * detectors read, and the evidence rows behind each finding. All Spark work after ingest is here.
 */
package org.rollaudit.compare;
