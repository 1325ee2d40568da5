package org.rollaudit.bench;

import org.apache.spark.sql.SparkSession;

/**
 * Spark start-up on its own: a local session set up like the product's (driver on 127.0.0.1, no
 * UI), one trivial job, stop. Subtracted mentally from every rollaudit row that starts Spark.
 */
public final class SparkStart {
  private SparkStart() {}

  public static void main(String[] args) {
    int cores = Runtime.getRuntime().availableProcessors();
    SparkSession spark =
        SparkSession.builder()
            .master("local[" + cores + "]")
            .appName("rollaudit-bench-start")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    System.out.println("rows " + spark.range(1000).count());
    spark.stop();
  }
}
