package org.rollaudit.ingest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.layout.HeaderBinding;
import org.rollaudit.layout.HeaderMatcher;
import org.rollaudit.layout.Layout;

/**
 * The strict pre-pass over one input (plain Java, no Spark): one read of the bytes computes the
 * SHA-256 as received, unpacks {@code .gz} / {@code .zip} under the layout's caps, decides the
 * encoding, checks the header, counts records independently ({@link RecordCounter}), notes split
 * points, and writes a staged copy when the parser cannot read the original in place (compressed,
 * or UTF-16 transcoded to UTF-8). A large plain file of a layout where a newline always ends a
 * record is counted on two threads ({@link SecondHalf}): the part after {@link
 * #FIRST_COUNTER_SHARE} of it is read once more, by the second counter, while the hash still reads
 * every byte in order on this thread. Which of plain / gzip / zip is decided by the file name's
 * extension and confirmed by the bytes; a mismatch is refused, never guessed around.
 *
 * <p>Anything that makes the whole file unreadable (empty, binary, wrong encoding, bad header,
 * hostile archive, over a limit) is a {@link RollAuditException} with exit code 3.
 *
 * <p>Thread-safe: {@link IngestJob} runs one {@link #check} per input file in parallel.
 */
public final class PrePass {
  /** Reports progress (text bytes and records so far) every {@link #PROGRESS_EVERY} bytes. */
  public interface Listener {
    void progress(String file, long textBytes, long records);
  }

  static final long PROGRESS_EVERY = 256L << 20;

  /**
   * Plain files from this size on are counted on two threads (the pre-pass of a 5M-voter file
   * otherwise keeps one core busy for 11 s while the other waits).
   */
  static final long PARALLEL_FROM = 64L << 20;

  /**
   * Where the second counter starts, as a fraction of the file. This thread also hashes every byte,
   * so on paper it should count less than half (counting takes about 4.3 s of CPU per 2.3 GB,
   * SHA-256 about 2.0 s); starting the second counter at 30% and hashing the rest before the join
   * was measured and gave no gain (docs/performance.md): at this point of an ingest the JIT
   * compilers keep the other core busy anyway. Where counting starts never changes the result.
   */
  static final double FIRST_COUNTER_SHARE = 0.5;

  private static final int HEAD = 1 << 16;
  private static final int CHUNK = 1 << 20;

  private final Layout layout;
  private final Storage storage;
  private final String stagingUri;
  private final long splitBytes;
  private final Listener listener;
  private final AtomicInteger staged = new AtomicInteger();
  private long parallelFrom = PARALLEL_FROM;
  private double firstCounterShare = FIRST_COUNTER_SHARE;

  /** How many files were counted on two threads (tests check that the path ran). */
  static final AtomicLong PARALLEL_COUNTS = new AtomicLong();

  /**
   * @param stagingUri folder for staged copies (created on demand; the caller deletes it)
   * @param splitBytes target split size (about 64 MiB in production)
   */
  public PrePass(
      Layout layout, Storage storage, String stagingUri, long splitBytes, Listener listener) {
    this.layout = layout;
    this.storage = storage;
    this.stagingUri = stagingUri;
    this.splitBytes = splitBytes;
    this.listener = listener == null ? (f, b, r) -> {} : listener;
  }

  /** Counts plain files of {@code bytes} or more on two threads (tests use small files). */
  PrePass parallelFrom(long bytes) {
    this.parallelFrom = bytes;
    return this;
  }

  /** Where the second counter starts, as a fraction of the file (tests sweep it). */
  PrePass firstCounterShare(double share) {
    this.firstCounterShare = share;
    return this;
  }

  /**
   * Checks one input given as a URI (see {@link Storage#uriOf}); an archive gives one per entry.
   */
  public List<CheckedFile> check(String uri) throws IOException {
    String name = Storage.fileName(uri);
    if (!storage.exists(uri)) {
      throw RollAuditException.input("Cannot read " + name + ": no such file (" + uri + ").");
    }
    long size = storage.size(uri);
    if (size > layout.limits().maxInputBytes()) {
      throw RollAuditException.input(
          String.format(
              Locale.ROOT,
              "Cannot read %s: %d bytes, more than the layout's limit of %d.",
              name,
              size,
              layout.limits().maxInputBytes()));
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".zip")) {
      return zip(uri, name, size);
    }
    try (HashingInputStream raw = new HashingInputStream(storage.open(uri, 0))) {
      Scan s;
      String compression;
      if (lower.endsWith(".gz")) {
        compression = "gzip";
        s =
            scan(
                new StrictGzipInputStream(
                    raw,
                    name,
                    layout.limits().maxInflatedBytes(),
                    layout.limits().maxInflateRatio()),
                name,
                null,
                true,
                uri,
                0);
      } else {
        compression = "none";
        s = scan(raw, name, null, false, uri, size);
      }
      raw.drain();
      if (raw.count() != size) {
        throw sizeChanged(name, size, raw.count());
      }
      return List.of(s.toChecked(name, null, size, raw.hex(), null, compression));
    }
  }

  /** The refusal of a file whose size changed while the pre-pass read it. */
  static RollAuditException sizeChanged(String display, long size, long read) {
    return RollAuditException.input(
        "Cannot read "
            + display
            + ": its size changed while it was read ("
            + size
            + " then "
            + read
            + " bytes). Ingest a file that is not being written.");
  }

  /**
   * The result of a pre-pass task on another thread, with its own exception: a refusal stays a
   * refusal (exit 3), an I/O error stays one.
   */
  static <T> T await(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  private List<CheckedFile> zip(String uri, String name, long size) throws IOException {
    Path local;
    Path temp = null;
    String sha;
    if (Storage.isLocal(uri)) {
      local = Storage.localPath(uri);
      try (HashingInputStream h = new HashingInputStream(Files.newInputStream(local))) {
        h.drain();
        sha = h.hex();
      }
    } else {
      // ZipArchive needs random access: copy the archive here, hashing as it comes.
      temp = Files.createTempFile("rollaudit-", ".zip");
      local = temp;
      try (HashingInputStream h = new HashingInputStream(storage.open(uri, 0));
          OutputStream out = Files.newOutputStream(temp)) {
        h.transferTo(out);
        sha = h.hex();
      }
    }
    try (ZipArchive za = ZipArchive.open(local, name, layout.limits())) {
      if (za.entries().isEmpty()) {
        throw ZipArchive.fail(name, "the archive holds no files");
      }
      List<CheckedFile> out = new ArrayList<>();
      long inflated = 0;
      for (ZipArchive.Entry e : za.entries()) {
        long left = layout.limits().maxInflatedBytes() - inflated;
        try (HashingInputStream eh = new HashingInputStream(za.open(e, left))) {
          Scan s = scan(eh, name, e.name(), true, uri, 0);
          eh.drain();
          inflated += eh.count();
          out.add(s.toChecked(name, e.name(), size, sha, eh.hex(), "zip"));
        }
      }
      return out;
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** The text-level result, before custody fields are known. */
  private record Scan(
      TextSniffer.Encoding enc,
      String textUri,
      boolean staged,
      boolean utf8,
      int bomLength,
      HeaderBinding binding,
      RecordCounter counter,
      long malformed16) {

    CheckedFile toChecked(
        String name, String entry, long bytes, String sha, String entrySha, String compression) {
      RecordCounter c = counter;
      java.util.TreeMap<String, Long> byReason = new java.util.TreeMap<>();
      for (int i = 0; i < RecordCounter.KINDS.length; i++) {
        if (c.flaggedByKind[i] > 0) {
          byReason.put(RecordCounter.KINDS[i].name(), c.flaggedByKind[i]);
        }
      }
      return new CheckedFile(
          name,
          entry,
          bytes,
          sha,
          entrySha,
          compression,
          enc.name(),
          enc.bom(),
          textUri,
          staged,
          utf8,
          bomLength,
          c.bytes(),
          binding,
          c.records,
          c.blank,
          c.flagged,
          byReason,
          Warnings.of(c, binding, malformed16, utf8, enc),
          c.splits);
    }
  }

  /**
   * @param size the file's size when {@code text} is the file itself (plain, not an archive
   *     member), else 0; a large plain file of a layout where a newline always ends a record has
   *     the part after {@link #FIRST_COUNTER_SHARE} counted on another thread
   */
  private Scan scan(
      InputStream text, String name, String entry, boolean compressed, String uri, long size)
      throws IOException {
    String display = entry == null ? name : name + "!" + entry;
    byte[] head = new byte[HEAD];
    int n = text.readNBytes(head, 0, HEAD);
    if (n == 0) {
      throw RollAuditException.input(
          "Cannot read "
              + display
              + ": the file is empty (0 bytes),"
              + " so it has no header. Check that the right file was passed.");
    }
    TextSniffer.refuseBinary(head, n, display);
    TextSniffer.Encoding enc = TextSniffer.encoding(head, n, layout, display);
    InputStream stream = new HeadThenRest(head, n, text);
    boolean utf8;
    int bomLength;
    boolean stage = compressed;
    Utf16Transcoder t16 = null;
    if (enc.utf16()) {
      stream.skipNBytes(enc.bomLength());
      Charset cs = Charset.forName(enc.name());
      stream = t16 = new Utf16Transcoder(stream, cs);
      utf8 = true;
      bomLength = 0;
      stage = true;
    } else {
      utf8 = "UTF-8".equals(enc.name());
      bomLength = enc.bomLength();
    }
    // max_record_bytes is at most 16 MiB (LayoutValidator), so this fits.
    byte[] buf = new byte[(int) (CHUNK + layout.limits().maxRecordBytes() + 16)];
    int have = readHeaderBytes(stream, buf, bomLength, display);
    HeaderBinding binding =
        HeaderMatcher.bind(layout, headerNames(buf, have, bomLength, utf8, display), display);
    RecordCounter counter = new RecordCounter(layout, utf8, bomLength, splitBytes, display);
    counter.width(binding.width());
    String textUri = uri;
    OutputStream out = null;
    if (stage) {
      if (stagingUri == null) {
        throw new IllegalStateException("a staging folder is needed for " + display);
      }
      textUri =
          stagingUri
              + "/"
              + String.format(Locale.ROOT, "%04d", staged.incrementAndGet())
              + "-"
              + display.replaceAll("[^A-Za-z0-9._-]", "_")
              + ".txt";
      out = new BufferedOutputStream(storage.create(textUri), 1 << 20);
    }
    boolean isUtf8 = utf8;
    SecondHalf second =
        stage || size <= 0 || size < parallelFrom || layout.format().multiline()
            ? null
            : SecondHalf.start(
                storage,
                uri,
                size,
                Math.max((long) (size * firstCounterShare), headerEnd(buf, bomLength, have) + 1),
                from ->
                    new RecordCounter(layout, isUtf8, from, splitBytes, display, binding.width()),
                CHUNK);
    if (second != null) {
      PARALLEL_COUNTS.incrementAndGet();
    }
    // This thread counts up to where the second counter starts (the caller still hashes the rest).
    long stopAt = second == null ? Long.MAX_VALUE : second.from();
    try {
      long nextReport = PROGRESS_EVERY;
      int len = have;
      while (len > 0) {
        int take = (int) Math.min(len, stopAt - counter.bytes());
        counter.feed(buf, 0, take);
        if (out != null) {
          out.write(buf, 0, take);
        }
        if (counter.bytes() >= nextReport) {
          listener.progress(display, counter.bytes(), counter.records);
          nextReport += PROGRESS_EVERY;
        }
        if (take < len || counter.bytes() == stopAt) {
          break;
        }
        len = stream.readNBytes(buf, 0, CHUNK);
      }
      if (second == null) {
        counter.finish();
      } else {
        counter.merge(second.join(display));
      }
    } finally {
      if (second != null) {
        second.cancel();
      }
      if (out != null) {
        out.close();
      }
    }
    listener.progress(display, counter.bytes(), counter.records);
    return new Scan(
        enc, textUri, stage, utf8, bomLength, binding, counter, t16 == null ? 0 : t16.malformed);
  }

  /**
   * Reads until {@code buf} holds the whole first record (the header) or the stream ends; returns
   * the bytes read. Refuses a header longer than {@code max_record_bytes}.
   */
  private int readHeaderBytes(InputStream in, byte[] buf, int bomLength, String display)
      throws IOException {
    int have = 0;
    long max = layout.limits().maxRecordBytes() + bomLength + 2;
    while (true) {
      if (headerEnd(buf, bomLength, have) >= 0) {
        return have;
      }
      if (have >= max || have == buf.length) {
        throw RollAuditException.input(
            String.format(
                Locale.ROOT,
                "Cannot read %s: no line break within the first %d bytes, so no header line."
                    + " Check the file and the layout's line endings and limits.",
                display,
                have));
      }
      int r = in.read(buf, have, buf.length - have);
      if (r < 0) {
        return have;
      }
      have += r;
    }
  }

  /** Index of the LF ending the header in {@code buf[from, to)}, or -1. */
  private int headerEnd(byte[] buf, int from, int to) {
    boolean inQuote = false;
    int q = layout.format().quote();
    for (int i = from; i < to; i++) {
      if (buf[i] == q && layout.format().multiline()) {
        inQuote = !inQuote;
      } else if (buf[i] == '\n' && !inQuote) {
        return i;
      }
    }
    return -1;
  }

  private List<String> headerNames(
      byte[] buf, int have, int bomLength, boolean utf8, String display) {
    int end = headerEnd(buf, bomLength, have);
    if (end < 0) {
      end = have;
    }
    if (end > bomLength && buf[end - 1] == '\r') {
      end--;
    }
    if (end == bomLength) {
      throw RollAuditException.input(
          "Cannot read " + display + ": line 1 is empty; the header" + " must be the first line.");
    }
    if (utf8 && Utf8.firstInvalid(buf, bomLength, end) >= 0) {
      throw RollAuditException.input(
          "Cannot read "
              + display
              + ": the header (line 1) is not"
              + " valid UTF-8. Check the file's encoding against the layout.");
    }
    Tokenizer t = new Tokenizer(layout);
    t.tokenize(buf, bomLength, end);
    String problem =
        t.tooMany
            ? "more than " + layout.limits().maxColumns() + " columns"
            : t.quoteError >= 0
                ? t.quoteMessage + " (column " + (t.quoteError + 1) + ")"
                : t.controlError >= 0
                    ? String.format(
                        Locale.ROOT,
                        "control byte 0x%02X (column %d)",
                        t.controlByte,
                        t.controlError + 1)
                    : null;
    if (problem != null) {
      throw RollAuditException.input(
          "Cannot read " + display + ": the header (line 1) is" + " malformed: " + problem + ".");
    }
    Charset cs = utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    List<String> names = new ArrayList<>(t.count);
    for (int i = 0; i < t.count; i++) {
      names.add(new String(t.buf(i), t.start[i], t.end[i] - t.start[i], cs));
    }
    return names;
  }

  /**
   * Bytes already read, then the rest of the stream. Unlike {@code SequenceInputStream} it never
   * closes the underlying stream at its end: the caller still drains it into the hash.
   */
  private static final class HeadThenRest extends InputStream {
    private final byte[] head;
    private final int n;
    private final InputStream rest;
    private int pos;

    HeadThenRest(byte[] head, int n, InputStream rest) {
      this.head = head;
      this.n = n;
      this.rest = rest;
    }

    @Override
    public int read() throws IOException {
      return pos < n ? head[pos++] & 0xFF : rest.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos < n) {
        int k = Math.min(len, n - pos);
        System.arraycopy(head, pos, b, off, k);
        pos += k;
        return k;
      }
      return rest.read(b, off, len);
    }
  }
}
