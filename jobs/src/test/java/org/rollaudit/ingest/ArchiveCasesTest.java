package org.rollaudit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rollaudit.ingest.NcText.NC;
import static org.rollaudit.ingest.NcText.file2022;
import static org.rollaudit.ingest.NcText.latin1;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compressed inputs: good .gz and .zip, and hostile or broken ones (refused, exit 3). */
class ArchiveCasesTest {
  @TempDir Path dir;

  static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(o)) {
      g.write(b);
    }
    return o.toByteArray();
  }

  private void zipRefused(ZipBytes z, String... words) throws Exception {
    Ingests.refused(NC, dir, "nc.zip", z.bytes(), words);
    assertStagingEmpty();
  }

  /** Nothing of a refused archive was written outside the staging folder (nor inside it). */
  private void assertStagingEmpty() throws Exception {
    try (var s = Files.walk(dir)) {
      assertEquals(
          0, s.filter(p -> p.toString().contains("staging")).filter(Files::isRegularFile).count());
    }
  }

  @Test
  void gzipIsReadAndHashedAsReceived() throws Exception {
    byte[] gz = gzip(latin1(file2022(5)));
    LocalIngest.Result r = Ingests.run(NC, dir, "nc.txt.gz", gz);
    assertEquals(5, r.accepted().size());
    CheckedFile f = r.files().get(0);
    assertEquals("gzip", f.compression());
    assertEquals(gz.length, f.bytes());
    assertTrue(f.staged());
    assertEquals(Hex.of(java.security.MessageDigest.getInstance("SHA-256").digest(gz)), f.sha256());
  }

  @Test
  void concatenatedGzipMembersAreOneStream() throws Exception {
    byte[] a = gzip(latin1(file2022(2)));
    byte[] b = gzip(latin1(NcText.goodLine(3) + "\r\n"));
    LocalIngest.Result r = Ingests.run(NC, dir, "nc.txt.gz", EncodingCasesTest.concat(a, b));
    assertEquals(3, r.accepted().size());
  }

  @Test
  void gzipWithTrailingBytesIsRefused() throws Exception {
    // GZIPInputStream would read this silently; gzip -t says "trailing garbage ignored".
    byte[] gz = EncodingCasesTest.concat(gzip(latin1(file2022(2))), new byte[] {0, 0, 0, 0});
    Ingests.refused(NC, dir, "nc.txt.gz", gz, "trailing bytes after the last gzip member");
  }

  @Test
  void truncatedGzipIsRefused() throws Exception {
    byte[] gz = gzip(latin1(file2022(50)));
    byte[] cut = java.util.Arrays.copyOf(gz, gz.length - 20);
    Ingests.refused(NC, dir, "nc.txt.gz", cut, "truncated gzip");
  }

  @Test
  void gzipWithBadCrcIsRefused() throws Exception {
    byte[] gz = gzip(latin1(file2022(2)));
    gz[gz.length - 8] ^= 1;
    Ingests.refused(NC, dir, "nc.txt.gz", gz, "CRC mismatch");
  }

  @Test
  void gzNameButNotGzip() throws Exception {
    Ingests.refused(NC, dir, "nc.txt.gz", latin1(file2022(1)), "not a gzip file");
  }

  @Test
  void gzipBombIsStoppedByTheRatio() throws Exception {
    // A valid header, then 20 million blank lines: compresses about 1000:1.
    byte[] gz = gzip(latin1(NcText.line(NcText.cols2022()) + "\r\n" + "\n".repeat(20 << 20)));
    long t = System.nanoTime();
    Ingests.refused(NC, dir, "bomb.txt.gz", gz, "inflate ratio above 100:1");
    assertTrue(System.nanoTime() - t < 5_000_000_000L);
  }

  @Test
  void zipWithTwoEntriesIsTwoInputs() throws Exception {
    byte[] z =
        new ZipBytes()
            .add("ncvoter1.txt", latin1(file2022(3)))
            .add(
                "ncvoter2.txt",
                latin1(NcText.line(NcText.cols2022()) + "\r\n" + NcText.goodLine(9) + "\r\n"))
            .bytes();
    LocalIngest.Result r = Ingests.run(NC, dir, "nc.zip", z);
    assertEquals(2, r.files().size());
    assertEquals(4, r.accepted().size());
    assertEquals("ncvoter1.txt", r.files().get(0).entry());
    assertEquals(r.files().get(0).sha256(), r.files().get(1).sha256());
    assertTrue(r.files().get(0).entrySha256() != null);
  }

  @Test
  void storedEntryWorks() throws Exception {
    ZipBytes.E e = new ZipBytes.E("a.txt", latin1(file2022(2)));
    e.deflate = false;
    assertEquals(
        2, Ingests.run(NC, dir, "nc.zip", new ZipBytes().add(e).bytes()).accepted().size());
  }

  @Test
  void dotDotEntryIsRefused() throws Exception {
    zipRefused(new ZipBytes().add("../evil.txt", latin1(file2022(1))), "escapes the archive root");
  }

  @Test
  void absoluteEntryIsRefused() throws Exception {
    zipRefused(new ZipBytes().add("/etc/evil.txt", latin1(file2022(1))), "absolute path");
    zipRefused(new ZipBytes().add("C:\\evil.txt", latin1(file2022(1))), "absolute path");
  }

  @Test
  void nestedArchiveIsRefused() throws Exception {
    byte[] inner = new ZipBytes().add("a.txt", latin1(file2022(1))).bytes();
    zipRefused(new ZipBytes().add("inner.zip", inner), "nested archives");
  }

  @Test
  void nestedArchiveUnderATextNameIsRefusedByItsBytes() throws Exception {
    byte[] inner = new ZipBytes().add("a.txt", latin1(file2022(1))).bytes();
    zipRefused(new ZipBytes().add("looks.txt", inner), "a ZIP archive");
  }

  @Test
  void ratioOver100IsRefused() throws Exception {
    zipRefused(new ZipBytes().add("zeros.txt", new byte[10 << 20]), "inflate ratio above 100:1");
  }

  @Test
  void tooManyEntriesAreRefused() throws Exception {
    ZipBytes z = new ZipBytes();
    for (int i = 0; i < 1001; i++) {
      z.add("f" + i + ".txt", new byte[] {'x'});
    }
    zipRefused(z, "1001 entries, more than the limit of 1000");
  }

  @Test
  void duplicateNamesAreRefused() throws Exception {
    zipRefused(
        new ZipBytes().add("a.txt", latin1(file2022(1))).add("a.txt", latin1(file2022(2))),
        "appears twice");
  }

  @Test
  void encryptedEntryIsRefused() throws Exception {
    ZipBytes.E e = new ZipBytes.E("a.txt", latin1(file2022(1)));
    e.flags |= 1;
    zipRefused(new ZipBytes().add(e), "is encrypted");
  }

  @Test
  void symlinkEntryIsRefused() throws Exception {
    ZipBytes.E e = new ZipBytes.E("link.txt", "/etc/passwd".getBytes());
    e.extAttr = 0120777L << 16;
    zipRefused(new ZipBytes().add(e), "symbolic link");
  }

  @Test
  void crcMismatchIsRefused() throws Exception {
    ZipBytes.E e = new ZipBytes.E("a.txt", latin1(file2022(1)));
    e.crc = 12345L;
    zipRefused(new ZipBytes().add(e), "CRC mismatch");
  }

  @Test
  void entryInflatingBeyondItsDeclaredSizeIsRefused() throws Exception {
    ZipBytes.E e = new ZipBytes.E("a.txt", latin1(file2022(20)));
    e.size = 100L;
    zipRefused(new ZipBytes().add(e), "beyond its declared size");
  }

  @Test
  void localNameDifferentFromCentralNameIsRefused() throws Exception {
    ZipBytes.E e = new ZipBytes.E("a.txt", latin1(file2022(1)));
    e.localName = "../b.txt";
    zipRefused(new ZipBytes().add(e), "local and central names");
  }

  @Test
  void zipNameButNotZip() throws Exception {
    Ingests.refused(NC, dir, "nc.zip", latin1(file2022(1)), "not a zip archive");
  }

  @Test
  void emptyArchiveIsRefused() throws Exception {
    zipRefused(new ZipBytes(), "holds no files");
  }
}
