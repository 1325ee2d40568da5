package org.rollaudit.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.layout.Layout;

/**
 * A zip archive read from its central directory, never trusting it: every entry is checked before
 * any byte is inflated (absolute names, {@code ..} components, symlinks, encrypted entries,
 * duplicate names, nested archives, unsupported methods, entry count, declared sizes and ratios,
 * overlapping entries, local header names), and {@link #open} counts bytes while inflating and
 * checks size and CRC at the end. {@code java.util.zip.ZipFile} is not used: it hides symlink
 * attributes and silently picks one of two entries with the same name.
 */
final class ZipArchive implements Closeable {
  /** One file entry (directories are skipped after their checks). */
  record Entry(
      String name, int method, long compressedSize, long size, long crc, long dataOffset) {}

  private static final Set<String> NESTED =
      Set.of(
          ".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz", ".zst", ".jar", ".xlsx",
          ".xls");

  private final FileChannel ch;
  private final String name;
  private final List<Entry> entries;

  private ZipArchive(FileChannel ch, String name, List<Entry> entries) {
    this.ch = ch;
    this.name = name;
    this.entries = entries;
  }

  /** Reads and checks the central directory of a local zip file. */
  static ZipArchive open(Path file, String name, Layout.Limits limits) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new ZipArchive(ch, name, new Directory(ch, name, limits).read());
    } catch (RuntimeException | IOException e) {
      ch.close();
      throw e;
    }
  }

  List<Entry> entries() {
    return entries;
  }

  static RollAuditException fail(String name, String what) {
    return RollAuditException.input(
        "Cannot read "
            + name
            + ": "
            + what
            + ". Refusing the archive; unpack it yourself and check its contents if it is genuine.");
  }

  /** The inflated bytes of an entry, checked against its declared size and CRC. */
  InputStream open(Entry e, long maxInflated) {
    return new ZipEntryInputStream(ch, e, name, maxInflated);
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }

  /** Central-directory parser (ZIP64 aware). */
  private static final class Directory {
    private final FileChannel ch;
    private final String name;
    private final Layout.Limits limits;

    Directory(FileChannel ch, String name, Layout.Limits limits) {
      this.ch = ch;
      this.name = name;
      this.limits = limits;
    }

    private ByteBuffer read(long at, int n) throws IOException {
      if (at < 0 || at + n > ch.size()) {
        throw fail(name, "structure points outside the file (offset " + at + ")");
      }
      ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
      while (b.hasRemaining()) {
        if (ch.read(b, at + b.position()) < 0) {
          throw fail(name, "unexpected end of file");
        }
      }
      return b.flip();
    }

    List<Entry> read() throws IOException {
      long size = ch.size();
      int tail = (int) Math.min(size, 22 + 65535);
      ByteBuffer t = read(size - tail, tail);
      int eocd = -1;
      for (int i = tail - 22; i >= 0; i--) {
        if (t.getInt(i) == 0x06054b50 && i + 22 + (t.getShort(i + 20) & 0xFFFF) == tail) {
          eocd = i;
          break;
        }
      }
      if (eocd < 0) {
        throw fail(name, "not a zip archive (no end-of-central-directory record)");
      }
      long eocdPos = size - tail + eocd;
      if ((t.getShort(eocd + 4) & 0xFFFF) != 0 || (t.getShort(eocd + 6) & 0xFFFF) != 0) {
        throw fail(name, "multi-volume archives are not supported");
      }
      long count = t.getShort(eocd + 10) & 0xFFFF;
      long cdSize = t.getInt(eocd + 12) & 0xFFFFFFFFL;
      long cdOffset = t.getInt(eocd + 16) & 0xFFFFFFFFL;
      if (count == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) {
        ByteBuffer loc = read(eocdPos - 20, 20);
        if (loc.getInt(0) != 0x07064b50) {
          throw fail(name, "ZIP64 locator missing");
        }
        ByteBuffer z = read(loc.getLong(8), 56);
        if (z.getInt(0) != 0x06064b50) {
          throw fail(name, "ZIP64 end record missing");
        }
        count = z.getLong(32);
        cdSize = z.getLong(40);
        cdOffset = z.getLong(48);
      }
      if (count > limits.maxZipEntries()) {
        throw fail(
            name,
            String.format(
                Locale.ROOT,
                "%d entries, more than the limit of %d",
                count,
                limits.maxZipEntries()));
      }
      if (cdOffset + cdSize > eocdPos || cdSize > (64L << 20)) {
        throw fail(name, "central directory is inconsistent");
      }
      return entries(read(cdOffset, (int) cdSize), count);
    }

    private List<Entry> entries(ByteBuffer cd, long count) throws IOException {
      List<Entry> out = new ArrayList<>();
      List<long[]> spans = new ArrayList<>();
      Set<String> names = new HashSet<>();
      long declaredTotal = 0;
      int p = 0;
      for (long i = 0; i < count; i++) {
        if (p + 46 > cd.limit() || cd.getInt(p) != 0x02014b50) {
          throw fail(name, "central directory entry " + (i + 1) + " is corrupt");
        }
        int madeBy = cd.getShort(p + 4) & 0xFFFF;
        int flags = cd.getShort(p + 8) & 0xFFFF;
        int method = cd.getShort(p + 10) & 0xFFFF;
        long crc = cd.getInt(p + 16) & 0xFFFFFFFFL;
        long csize = cd.getInt(p + 20) & 0xFFFFFFFFL;
        long usize = cd.getInt(p + 24) & 0xFFFFFFFFL;
        int nlen = cd.getShort(p + 28) & 0xFFFF;
        int xlen = cd.getShort(p + 30) & 0xFFFF;
        int clen = cd.getShort(p + 32) & 0xFFFF;
        long ext = cd.getInt(p + 38) & 0xFFFFFFFFL;
        long local = cd.getInt(p + 42) & 0xFFFFFFFFL;
        if (p + 46 + nlen + xlen + clen > cd.limit()) {
          throw fail(name, "central directory entry " + (i + 1) + " is truncated");
        }
        byte[] raw = new byte[nlen];
        cd.get(p + 46, raw);
        // ZIP64 extra field: the 0xFFFFFFFF fields, in this order.
        for (int x = p + 46 + nlen; x + 4 <= p + 46 + nlen + xlen; ) {
          int id = cd.getShort(x) & 0xFFFF;
          int sz = cd.getShort(x + 2) & 0xFFFF;
          if (id == 0x0001) {
            int q = x + 4;
            if (usize == 0xFFFFFFFFL) {
              usize = cd.getLong(q);
              q += 8;
            }
            if (csize == 0xFFFFFFFFL) {
              csize = cd.getLong(q);
              q += 8;
            }
            if (local == 0xFFFFFFFFL) {
              local = cd.getLong(q);
            }
          }
          x += 4 + sz;
        }
        p += 46 + nlen + xlen + clen;
        String entry = decodeName(raw, (flags & 0x800) != 0);
        check(entry, flags, method, madeBy, ext);
        if (!names.add(entry)) {
          throw fail(name, "entry name '" + entry + "' appears twice");
        }
        if (entry.endsWith("/")) {
          if (usize != 0) {
            throw fail(name, "directory entry '" + entry + "' has content");
          }
          continue;
        }
        if (usize > limits.maxInflatedBytes()
            || (declaredTotal += usize) > limits.maxInflatedBytes()) {
          throw fail(
              name,
              "entries declare more than the limit of "
                  + limits.maxInflatedBytes()
                  + " inflated bytes");
        }
        if (usize > StrictGzipInputStream.RATIO_FLOOR
            && usize > (long) limits.maxInflateRatio() * Math.max(1, csize)) {
          throw fail(
              name,
              "entry '"
                  + entry
                  + "' declares an inflate ratio above "
                  + limits.maxInflateRatio()
                  + ":1");
        }
        long data = dataOffset(local, raw, entry);
        spans.add(new long[] {local, data + csize});
        out.add(new Entry(entry, method, csize, usize, crc, data));
      }
      spans.sort(Comparator.comparingLong(s -> s[0]));
      for (int i = 1; i < spans.size(); i++) {
        if (spans.get(i)[0] < spans.get(i - 1)[1]) {
          throw fail(name, "entries overlap (a known decompression-bomb construction)");
        }
      }
      return out;
    }

    private long dataOffset(long local, byte[] centralName, String entry) throws IOException {
      ByteBuffer h = read(local, 30);
      if (h.getInt(0) != 0x04034b50) {
        throw fail(name, "local header of '" + entry + "' is missing");
      }
      int nlen = h.getShort(26) & 0xFFFF;
      int xlen = h.getShort(28) & 0xFFFF;
      ByteBuffer n = read(local + 30, nlen);
      byte[] ln = new byte[nlen];
      n.get(ln);
      if (!java.util.Arrays.equals(ln, centralName)) {
        throw fail(name, "local and central names of '" + entry + "' differ");
      }
      return local + 30 + nlen + xlen;
    }

    private String decodeName(byte[] raw, boolean utf8) {
      try {
        Charset cs = utf8 ? StandardCharsets.UTF_8 : Charset.forName("IBM437");
        return cs.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(raw))
            .toString();
      } catch (CharacterCodingException e) {
        throw fail(name, "an entry name is not valid " + (utf8 ? "UTF-8" : "CP437"));
      }
    }

    private void check(String entry, int flags, int method, int madeBy, long ext) {
      String shown = entry.replaceAll("[\\p{Cntrl}]", "?");
      if ((flags & 0x41) != 0 || method == 99) {
        throw fail(name, "entry '" + shown + "' is encrypted");
      }
      if (entry.isEmpty() || entry.indexOf('\0') >= 0 || !shown.equals(entry)) {
        throw fail(name, "entry name '" + shown + "' is empty or holds control characters");
      }
      String unified = entry.replace('\\', '/');
      if (unified.startsWith("/") || unified.matches("^[A-Za-z]:.*")) {
        throw fail(name, "entry '" + shown + "' has an absolute path");
      }
      for (String part : unified.split("/")) {
        if (part.equals("..")) {
          throw fail(name, "entry '" + shown + "' escapes the archive root ('..')");
        }
      }
      Path root = Path.of("/zip-root");
      if (!root.resolve(unified).normalize().startsWith(root)) {
        throw fail(name, "entry '" + shown + "' escapes the archive root");
      }
      if ((madeBy >> 8) == 3 && ((ext >>> 16) & 0xF000) == 0xA000) {
        throw fail(name, "entry '" + shown + "' is a symbolic link");
      }
      String lower = unified.toLowerCase(Locale.ROOT);
      for (String suffix : NESTED) {
        if (lower.endsWith(suffix)) {
          throw fail(
              name, "entry '" + shown + "' is itself an archive (nested archives are refused)");
        }
      }
      if (!unified.endsWith("/") && method != 0 && method != 8) {
        throw fail(name, "entry '" + shown + "' uses unsupported compression method " + method);
      }
    }
  }
}
