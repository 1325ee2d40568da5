package org.rollaudit.ingest;

import java.util.List;
import java.util.Locale;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.layout.Layout;

/**
 * Looks at the first bytes of a text stream: refuses known binary formats (a PDF or an Excel
 * workbook renamed to .txt, a nested archive), and decides the encoding from the byte-order mark
 * (or the NUL pattern of BOM-less UTF-16) against what the layout accepts. The layout's stated
 * encoding is used only when the bytes say nothing.
 */
final class TextSniffer {
  /** The decision: the effective encoding and the BOM (if any) at offset 0. */
  record Encoding(String name, String bom, int bomLength) {
    boolean utf16() {
      return name.startsWith("UTF-16");
    }
  }

  private TextSniffer() {}

  private static boolean starts(byte[] h, int n, int... magic) {
    if (n < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((h[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** Refuses binary content. {@code h[0, n)} are the first bytes. */
  static void refuseBinary(byte[] h, int n, String name) {
    String kind = null;
    if (starts(h, n, '%', 'P', 'D', 'F', '-')) {
      kind = "a PDF document";
    } else if (starts(h, n, 'P', 'K', 3, 4) || starts(h, n, 'P', 'K', 5, 6)) {
      kind = "a ZIP archive (or an XLSX/DOCX file, which are ZIP archives)";
    } else if (starts(h, n, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) {
      kind = "an OLE2 document (e.g. an old .xls workbook)";
    } else if (starts(h, n, 0x1F, 0x8B)) {
      kind = "gzip-compressed data";
    } else if (starts(h, n, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)) {
      kind = "a 7-Zip archive";
    } else if (starts(h, n, 'R', 'a', 'r', '!')) {
      kind = "a RAR archive";
    } else if (starts(h, n, 'B', 'Z', 'h')) {
      kind = "bzip2-compressed data";
    } else if (starts(h, n, 0xFD, '7', 'z', 'X', 'Z', 0)) {
      kind = "xz-compressed data";
    } else if (starts(h, n, 0x28, 0xB5, 0x2F, 0xFD)) {
      kind = "zstd-compressed data";
    } else if (starts(h, n, 0x89, 'P', 'N', 'G')) {
      kind = "a PNG image";
    }
    if (kind != null) {
      throw RollAuditException.input(
          "Cannot read "
              + name
              + ": it is "
              + kind
              + ", not a delimited text export. Pass the text file (rollaudit reads .gz and .zip"
              + " itself, by file name extension).");
    }
  }

  /** Chooses the encoding; refuses one the layout does not accept. */
  static Encoding encoding(byte[] h, int n, Layout layout, String name) {
    Layout.Format f = layout.format();
    List<String> accept = f.acceptEncodings();
    String found;
    String bom;
    int bomLen;
    if (starts(h, n, 0xEF, 0xBB, 0xBF)) {
      found = "UTF-8";
      bom = "UTF-8";
      bomLen = 3;
    } else if (starts(h, n, 0xFF, 0xFE, 0, 0) || starts(h, n, 0, 0, 0xFE, 0xFF)) {
      throw refuse(name, "a UTF-32 byte-order mark", layout);
    } else if (starts(h, n, 0xFF, 0xFE)) {
      found = "UTF-16LE";
      bom = found;
      bomLen = 2;
    } else if (starts(h, n, 0xFE, 0xFF)) {
      found = "UTF-16BE";
      bom = found;
      bomLen = 2;
    } else if (n >= 4 && h[0] != 0 && h[1] == 0 && h[2] != 0 && h[3] == 0) {
      found = "UTF-16LE";
      bom = "none";
      bomLen = 0;
    } else if (n >= 4 && h[0] == 0 && h[1] != 0 && h[2] == 0 && h[3] != 0) {
      found = "UTF-16BE";
      bom = "none";
      bomLen = 0;
    } else {
      bom = "none";
      bomLen = 0;
      found = null;
      if (f.encoding().startsWith("UTF-16")) {
        // Stated UTF-16 but nothing says so: the first single-byte encoding the layout accepts.
        for (String a : accept) {
          if (!a.startsWith("UTF-16")) {
            found = a;
            break;
          }
        }
        if (found == null) {
          throw refuse(name, "no UTF-16 byte-order mark and no UTF-16 byte pattern", layout);
        }
      } else {
        found = f.encoding();
      }
    }
    if (!accept.contains(found)) {
      throw refuse(
          name,
          String.format(
              Locale.ROOT, "%s text%s", found, "none".equals(bom) ? "" : " (byte-order mark)"),
          layout);
    }
    return new Encoding(found, bom, bomLen);
  }

  private static RollAuditException refuse(String name, String what, Layout layout) {
    return RollAuditException.input(
        String.format(
            Locale.ROOT,
            "Cannot read %s: it holds %s, but layout %s accepts only %s. A re-encoded copy is not"
                + " the original: obtain the file as published, or use a layout for this encoding.",
            name,
            what,
            layout.label(),
            layout.format().acceptEncodings()));
  }
}
