/** Driver-side values shared by the jobs, the detectors and the report: small records, no Spark. */
package org.rollaudit.audit;
