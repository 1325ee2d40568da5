package org.rollaudit.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on stderr: one plain line per stage (scripts and logs can read them), with the elapsed
 * seconds; long stages report rows so far through {@link #count}. Never on stdout, never row
 * content.
 */
public final class Progress {
  private final PrintStream err;
  private final long start = System.nanoTime();
  private final boolean quiet;

  public Progress(PrintStream err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
  }

  public static Progress stderr() {
    return new Progress(System.err, false);
  }

  public void stage(String what) {
    if (!quiet) {
      err.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, what);
      err.flush();
    }
  }

  public void count(String what, long n) {
    stage(String.format(Locale.ROOT, "%s: %,d", what, n));
  }
}
