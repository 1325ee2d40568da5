package org.rollaudit.generate;

import java.util.Locale;

/** How each generated snapshot file is packed, as NCSBE publishes them (plain, gzip or zip). */
public enum Compression {
  /** Plain text: {@code ncvoter_YYYYMMDD.txt}. */
  NONE("none", ".txt"),
  /** Gzip stream: {@code ncvoter_YYYYMMDD.txt.gz}. */
  GZ("gz", ".txt.gz"),
  /** Zip archive {@code ncvoter_YYYYMMDD.zip} holding one entry {@code ncvoter_YYYYMMDD.txt}. */
  ZIP("zip", ".zip");

  private final String label;
  private final String suffix;

  Compression(String label, String suffix) {
    this.label = label;
    this.suffix = suffix;
  }

  /** Name used on the command line: none, gz, zip. */
  public String label() {
    return label;
  }

  /** File-name suffix including the {@code .txt} part where there is one. */
  public String suffix() {
    return suffix;
  }

  /** Parses {@code none|gz|zip} (case-insensitive). */
  public static Compression fromLabel(String label) {
    String l = label.trim().toLowerCase(Locale.ROOT);
    for (Compression c : values()) {
      if (c.label.equals(l)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown compression '" + label + "'; expected none, gz or zip");
  }

  @Override
  public String toString() {
    return label;
  }
}
