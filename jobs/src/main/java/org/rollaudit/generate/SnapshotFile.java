package org.rollaudit.generate;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * One written snapshot file.
 *
 * @param path where it was written
 * @param asOf the snapshot's as-of date (the date in its name)
 * @param rows data rows (header excluded)
 * @param textBytes bytes of the uncompressed text, header included
 * @param fileBytes bytes of the file on disk
 * @param sha256 lower-case hex SHA-256 of the file on disk
 */
public record SnapshotFile(
    Path path, LocalDate asOf, long rows, long textBytes, long fileBytes, String sha256) {}
