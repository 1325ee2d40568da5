package org.rollaudit.history;

import java.text.Normalizer;
import java.util.Locale;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/**
 * Name normalisation and similarity for record matching (reregistration-churn,
 * duplicate-match-removal). Names are compared after normalisation, never raw: accents stripped,
 * upper case, letters only ("O'Neil-Smith" and "ONEIL SMITH" are the same name). Similarity is
 * Jaro-Winkler (Apache commons-text), which forgives the one-letter typos and transpositions that
 * clerks and applicants make, and is rounded to six decimals so that a threshold written in a rule
 * file compares the same on every machine.
 */
public final class Names {
  private static final JaroWinklerSimilarity JW = new JaroWinklerSimilarity();

  private Names() {}

  /** Accents stripped, upper case, letters A-Z only; null becomes "". */
  public static String normalise(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    // Nearly every name is plain ASCII, for which NFD and the upper-casing below change nothing
    // but a-z: skipping them makes the matchers' pass over a whole roll several times cheaper.
    String d =
        isAscii(s) ? s : Normalizer.normalize(s, Normalizer.Form.NFD).toUpperCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        b.append(c);
      } else if (c >= 'a' && c <= 'z') {
        b.append((char) (c - ('a' - 'A')));
      }
    }
    return b.toString();
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Jaro-Winkler similarity of two normalised names, rounded to 6 decimals; two empties are 1. */
  public static double similarity(String a, String b) {
    String x = a == null ? "" : a;
    String y = b == null ? "" : b;
    if (x.equals(y)) {
      return 1.0;
    }
    if (x.isEmpty() || y.isEmpty()) {
      return 0.0;
    }
    return round(JW.apply(x, y));
  }

  /**
   * The match score of two people from their normalised last and first names: the mean of the two
   * similarities (a typo in either name lowers it; a different first name lowers it a lot).
   */
  public static double score(String last1, String first1, String last2, String first2) {
    return score(similarity(last1, last2), similarity(first1, first2));
  }

  /** {@link #score(String, String, String, String)} from the two names' similarities. */
  static double score(double lastSimilarity, double firstSimilarity) {
    return round((lastSimilarity + firstSimilarity) / 2);
  }

  /** True when either middle name is missing or both start with the same letter. */
  public static boolean middleAgrees(String m1, String m2) {
    return m1 == null || m2 == null || m1.isEmpty() || m2.isEmpty() || m1.charAt(0) == m2.charAt(0);
  }

  /** Rounded to 6 decimals (half up), as every score is compared with its threshold. */
  public static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  /** A score as written in evidence files: 4 decimals, locale-independent. */
  public static String format(double score) {
    return String.format(Locale.ROOT, "%.4f", score);
  }
}
