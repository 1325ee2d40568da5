package org.rollaudit.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.spark.TestSpark;

/**
 * The compare trusts the store's files to be one per bucket and sorted by voter_id (Sparks sets
 * {@code bucketedTableScan.outputOrdering}), so the join sorts nothing. A write that broke either
 * would give a wrong join, not an error: check both on the files themselves, and that every row of
 * bucket k's file hashes to k as Spark's bucketing computes it (a file named after the wrong bucket
 * would pair voters with the wrong bucket of the other snapshot).
 */
class StoreLayoutTest {
  private static final Pattern BUCKET = Pattern.compile(".*_(\\d+)\\.c000.*\\.parquet$");

  @TempDir Path dir;

  @Test
  void eachBucketIsOneFileSortedByVoterId() throws IOException {
    SnapshotFixtures f = new SnapshotFixtures();
    // Keys in scrambled order, so that files written in input order would be unsorted.
    for (int i = 600; i > 0; i--) {
      f.voter(String.format("BX%05d", i * 7919 % 100_000), "1", "A", "AV", "W", "DEM", 1970, i);
    }
    int bucketCount = f.store(dir, LocalDate.of(2024, 1, 6)).store().buckets();
    for (String part : List.of("data", "pii")) {
      Path folder = dir.resolve("snapshots/2024-01-06/" + part);
      List<Path> files;
      try (Stream<Path> s = Files.list(folder)) {
        files = s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
      }
      Set<String> buckets = new HashSet<>();
      long rows = 0;
      for (Path p : files) {
        Matcher m = BUCKET.matcher(p.getFileName().toString());
        assertTrue(m.matches(), "not a bucket file name: " + p);
        assertTrue(buckets.add(m.group(1)), "two files for bucket " + m.group(1) + " in " + part);
        List<String> ids = new ArrayList<>();
        Set<Integer> hashedTo = new HashSet<>();
        for (Row r :
            TestSpark.session()
                .read()
                .parquet(p.toString())
                .selectExpr("voter_id", "pmod(hash(voter_id), " + bucketCount + ")")
                .collectAsList()) {
          ids.add(r.getString(0));
          hashedTo.add(r.getInt(1));
        }
        assertEquals(Set.of(Integer.parseInt(m.group(1))), hashedTo, p.getFileName().toString());
        for (int i = 1; i < ids.size(); i++) {
          assertTrue(
              ids.get(i - 1).compareTo(ids.get(i)) < 0,
              p.getFileName()
                  + ": "
                  + ids.get(i - 1)
                  + " before "
                  + ids.get(i)
                  + " (row "
                  + i
                  + ")");
        }
        rows += ids.size();
      }
      assertEquals(600, rows, part + " lost or added rows");
      assertTrue(files.size() > 1, "600 voters should fill several buckets");
    }
  }
}
