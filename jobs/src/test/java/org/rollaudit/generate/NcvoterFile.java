package org.rollaudit.generate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A strict test reader for generated ncvoter files: checks the byte-level format (ISO-8859-1, CRLF
 * only, every field quoted, tab-separated, same field count on every line) while parsing.
 */
final class NcvoterFile {
  final List<String> header;
  final List<String[]> rows;
  final byte[] text;

  private NcvoterFile(List<String> header, List<String[]> rows, byte[] text) {
    this.header = header;
    this.rows = rows;
    this.text = text;
  }

  /** Uncompressed text bytes of a .txt, .txt.gz or .zip (one entry) file. */
  static byte[] textBytes(Path path) throws IOException {
    String name = path.getFileName().toString();
    try (InputStream in = Files.newInputStream(path)) {
      if (name.endsWith(".gz")) {
        try (GZIPInputStream gz = new GZIPInputStream(in)) {
          return gz.readAllBytes();
        }
      }
      if (name.endsWith(".zip")) {
        try (ZipInputStream zip = new ZipInputStream(in)) {
          ZipEntry e = zip.getNextEntry();
          if (e == null) {
            throw new IOException("empty zip " + path);
          }
          if (!e.getName().equals(name.replace(".zip", ".txt"))) {
            throw new IOException("unexpected zip entry " + e.getName());
          }
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          zip.transferTo(out);
          if (zip.getNextEntry() != null) {
            throw new IOException("more than one zip entry");
          }
          return out.toByteArray();
        }
      }
      return in.readAllBytes();
    }
  }

  static NcvoterFile read(Path path) throws IOException {
    byte[] text = textBytes(path);
    List<String[]> lines = new ArrayList<>();
    int start = 0;
    int width = -1;
    for (int i = 0; i < text.length; i++) {
      if (text[i] == '\n') {
        if (i == 0 || text[i - 1] != '\r') {
          throw new AssertionError("bare LF at byte " + i);
        }
        String line = new String(text, start, i - 1 - start, StandardCharsets.ISO_8859_1);
        String[] fields = split(line, lines.size() + 1);
        if (width < 0) {
          width = fields.length;
        } else if (fields.length != width) {
          throw new AssertionError(
              "line "
                  + (lines.size() + 1)
                  + " has "
                  + fields.length
                  + " fields, header has "
                  + width);
        }
        lines.add(fields);
        start = i + 1;
      } else if (text[i] == '\r' && (i + 1 >= text.length || text[i + 1] != '\n')) {
        throw new AssertionError("bare CR at byte " + i);
      }
    }
    if (start != text.length) {
      throw new AssertionError("last line not terminated by CRLF");
    }
    List<String> header = List.of(lines.get(0));
    return new NcvoterFile(header, lines.subList(1, lines.size()), text);
  }

  private static String[] split(String line, int lineNo) {
    String[] raw = line.split("\t", -1);
    String[] out = new String[raw.length];
    for (int k = 0; k < raw.length; k++) {
      String f = raw[k];
      if (f.length() < 2 || f.charAt(0) != '"' || f.charAt(f.length() - 1) != '"') {
        throw new AssertionError("line " + lineNo + " field " + (k + 1) + " not quoted: " + f);
      }
      String inner = f.substring(1, f.length() - 1);
      if (inner.replace("\"\"", "").contains("\"")) {
        throw new AssertionError("line " + lineNo + " field " + (k + 1) + " bad quote: " + f);
      }
      out[k] = inner.replace("\"\"", "\"");
    }
    return out;
  }

  int col(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new AssertionError("no column " + name);
    }
    return i;
  }

  /** Rows by ncid. */
  Map<String, String[]> byNcid() {
    Map<String, String[]> m = new HashMap<>();
    int k = col("ncid");
    for (String[] r : rows) {
      if (m.put(r[k], r) != null) {
        throw new AssertionError("duplicate ncid " + r[k]);
      }
    }
    return m;
  }
}
