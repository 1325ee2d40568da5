package org.rollaudit.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.TimeZone;
import java.util.logging.Level;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * Renders report.html to report.pdf with openhtmltopdf, byte-reproducibly (reliability.md §4):
 *
 * <ul>
 *   <li>fonts: DejaVu Sans regular and bold from the jar, embedded and subset; no system font is
 *       ever consulted, so the glyphs and metrics are the same on every machine;
 *   <li>dates: openhtmltopdf sets Info CreationDate to "now" while rendering; we render with {@code
 *       createPDFKeepOpen()} and overwrite CreationDate and ModDate with the current snapshot's
 *       as-of date, 00:00 UTC, before saving;
 *   <li>trailer /ID: PDFBox derives one from the clock when none is set; we set both halves to the
 *       first 16 bytes of SHA-256("rollaudit-pdf-id:" + run id);
 *   <li>no resource is fetched: the HTML has none, and the URI resolver refuses every URI anyway.
 * </ul>
 *
 * <p>Charts are inline SVG drawn by {@link SvgSubsetDrawer}.
 */
public final class PdfRenderer {

  static final String FONT_DIR = "/org/rollaudit/report/fonts/";

  static {
    // openhtmltopdf logs every stage at INFO on stderr; keep warnings and errors only.
    for (String logger : XRLog.listRegisteredLoggers()) {
      XRLog.setLevel(logger, Level.WARNING);
    }
  }

  private PdfRenderer() {}

  /**
   * The PDF bytes.
   *
   * @param html the report (escaped HTML; named entities are turned into numeric ones here)
   * @param runId the run id (trailer /ID)
   * @param asOf the current snapshot's as-of date (Info dates)
   * @param producer Info Producer, fixed per software version
   */
  public static byte[] render(String html, String runId, LocalDate asOf, String producer)
      throws IOException {
    PdfRendererBuilder builder = new PdfRendererBuilder();
    builder.useFastMode();
    builder.withHtmlContent(Html.toXml(html), null);
    builder.useUriResolver((base, uri) -> null);
    builder.useSVGDrawer(new SvgSubsetDrawer());
    builder.useFont(
        () -> font("DejaVuSans.ttf"), SvgSubsetDrawer.FAMILY, 400, FontStyle.NORMAL, true);
    builder.useFont(
        () -> font("DejaVuSans-Bold.ttf"), SvgSubsetDrawer.FAMILY, 700, FontStyle.NORMAL, true);
    builder.withProducer(producer);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    builder.toStream(out);
    try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
      PDDocument doc = renderer.createPDFKeepOpen();
      PDDocumentInformation info = doc.getDocumentInformation();
      Calendar date = midnightUtc(asOf);
      info.setCreationDate(date);
      info.setModificationDate(date);
      info.setProducer(producer);
      info.setCreator(producer);
      COSArray id = new COSArray();
      byte[] idBytes = documentId(runId);
      id.add(new COSString(idBytes));
      id.add(new COSString(idBytes));
      doc.getDocument().getTrailer().setItem(COSName.ID, id);
      doc.save(out);
    }
    return out.toByteArray();
  }

  private static Calendar midnightUtc(LocalDate d) {
    // An explicit zone and locale: the default ones must not reach the file.
    GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
    c.clear();
    c.set(d.getYear(), d.getMonthValue() - 1, d.getDayOfMonth(), 0, 0, 0);
    return c;
  }

  private static byte[] documentId(String runId) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(("rollaudit-pdf-id:" + runId).getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(h, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static InputStream font(String file) {
    InputStream in = PdfRenderer.class.getResourceAsStream(FONT_DIR + file);
    if (in == null) {
      throw new UncheckedIOException(
          new IOException(
              "Cannot render PDF: font " + file + " missing from the jar (" + FONT_DIR + ")"));
    }
    return in;
  }
}
