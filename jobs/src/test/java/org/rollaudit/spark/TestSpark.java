package org.rollaudit.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: {@code local[2]} with few shuffle partitions, so the whole
 * suite fits a 2-core CI machine. Never stop it in a test; the JVM's exit does.
 */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = Sparks.session("local[2]", 4);
    }
    return session;
  }
}
