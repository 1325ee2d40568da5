package org.rollaudit.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Software and Spark versions, from the build (they enter the run id and method.json). */
public final class Version {
  private static final Properties P = load();

  private Version() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/org/rollaudit/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** e.g. "0.1.0". */
  public static String version() {
    return P.getProperty("version", "0.0.0-dev");
  }

  /** e.g. "rollaudit 0.1.0", as findings.json's "software". */
  public static String software() {
    return "rollaudit " + version();
  }

  public static String sparkVersion() {
    return P.getProperty("spark.version", "unknown");
  }
}
