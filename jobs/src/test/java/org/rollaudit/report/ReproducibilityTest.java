package org.rollaudit.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.AuditResult;

/** P3: the same result gives byte-identical bundles, whatever the default time zone and locale. */
class ReproducibilityTest {

  @TempDir Path tmp;

  @Test
  void twoWritesUnderDifferentTimeZonesAndLocalesAreByteIdentical() throws Exception {
    AuditResult r = Fixtures.sample("public");
    Path a =
        under(
            "America/Los_Angeles",
            new Locale("tr", "TR"),
            () -> Bundles.write(r, tmp.resolve("a"), Optional.empty()));
    Path b =
        under(
            "Asia/Kathmandu",
            Locale.GERMANY,
            () -> Bundles.write(r, tmp.resolve("b"), Optional.empty()));
    Bundles.assertSameBytes(a, b);
  }

  @Test
  void signedRestrictedBundlesAreByteIdenticalToo() throws Exception {
    AuditResult r = Fixtures.sample("restricted");
    Optional<SigningKey> key = Optional.of(Bundles.key());
    Path a = under("UTC", Locale.US, () -> Bundles.write(r, tmp.resolve("a"), key));
    Path b =
        under(
            "Pacific/Chatham",
            new Locale("ar", "EG"),
            () -> Bundles.write(r, tmp.resolve("b"), key));
    Bundles.assertSameBytes(a, b);
    assertTrue(Bundles.files(a).contains("SHA256SUMS.sig"));
    assertTrue(Bundles.files(a).contains("rejects/input-01.csv"));
  }

  interface Write {
    Path run() throws Exception;
  }

  static Path under(String zone, Locale locale, Write w) throws Exception {
    TimeZone savedZone = TimeZone.getDefault();
    Locale savedLocale = Locale.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone(zone));
      Locale.setDefault(locale);
      return w.run();
    } finally {
      TimeZone.setDefault(savedZone);
      Locale.setDefault(savedLocale);
    }
  }
}
