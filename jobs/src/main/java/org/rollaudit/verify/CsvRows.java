package org.rollaudit.verify;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict streaming reader for the bundle's CSV dialect: RFC 4180 fields ({@code "} quotes, {@code
 * ""} inside), comma, LF record ends, a final LF, UTF-8 without BOM. Anything else (CR line ends, a
 * quote in an unquoted field, bad UTF-8, missing final newline) is an error with the record number,
 * because the writer never produces it.
 */
final class CsvRows implements Closeable {

  private final BufferedReader in;
  private long record;

  CsvRows(InputStream raw) {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    this.in = new BufferedReader(new InputStreamReader(raw, utf8), 1 << 16);
  }

  /** The next record, or null at the end of the file. */
  List<String> next() throws IOException {
    int c = in.read();
    if (c < 0) {
      return null;
    }
    record++;
    if (record == 1 && c == 0xFEFF) {
      throw new IOException("starts with a byte-order mark");
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean afterQuote = false;
    boolean fieldStart = true;
    while (true) {
      if (c < 0) {
        throw new IOException(
            "record "
                + record
                + ": file ends without a final newline"
                + (quoted ? " (inside quotes)" : ""));
      }
      char ch = (char) c;
      if (quoted) {
        if (ch == '"') {
          int d = in.read();
          if (d == '"') {
            field.append('"');
          } else {
            quoted = false;
            afterQuote = true;
            c = d;
            continue;
          }
        } else {
          field.append(ch);
        }
      } else if (ch == ',') {
        fields.add(field.toString());
        field.setLength(0);
        afterQuote = false;
        fieldStart = true;
        c = in.read();
        continue;
      } else if (ch == '\n') {
        fields.add(field.toString());
        return fields;
      } else if (ch == '\r') {
        throw new IOException("record " + record + ": CR outside quotes (line ends must be LF)");
      } else if (afterQuote) {
        throw new IOException("record " + record + ": text after a closing quote");
      } else if (ch == '"') {
        if (!fieldStart) {
          throw new IOException("record " + record + ": quote inside an unquoted field");
        }
        quoted = true;
      } else {
        field.append(ch);
      }
      fieldStart = false;
      c = in.read();
    }
  }

  long records() {
    return record;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
