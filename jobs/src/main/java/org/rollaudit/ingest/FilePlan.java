package org.rollaudit.ingest;

import java.io.Serializable;
import org.rollaudit.layout.HeaderBinding;

/**
 * What the parser needs to know about one checked text file.
 *
 * @param index logical input index
 * @param name display name (file name, plus {@code !entry} for an archive entry)
 * @param textUri URI of the text to parse: the original file, or its staged copy
 * @param utf8 the text is UTF-8 (else ISO-8859-1)
 * @param bomLength bytes of byte-order mark at offset 0 to skip
 * @param textBytes length of the text in bytes
 * @param binding the header binding
 */
public record FilePlan(
    int index,
    String name,
    String textUri,
    boolean utf8,
    int bomLength,
    long textBytes,
    HeaderBinding binding)
    implements Serializable {}
