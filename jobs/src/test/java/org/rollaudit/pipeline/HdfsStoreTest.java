package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's cluster section says the store and the inputs may be {@code hdfs://} URIs. This runs
 * the commands that read or write a store (ingest, audit, audit again from the kept metrics, the
 * scheduled run, timeline) against a real HDFS, a namenode and a datanode in this JVM on 127.0.0.1,
 * and requires the bundles the same commands give on a local store. (The standalone cluster with
 * its executors writing to HDFS is .ci/cluster-test.sh.)
 */
class HdfsStoreTest {
  private static final String BASELINE = "ncvoter_20240106.txt";
  private static final String CURRENT = "ncvoter_20240203.txt";

  @TempDir Path dir;

  @Test
  void aStoreAndInputsOnHdfsGiveTheBundleOfALocalStore() throws Exception {
    Path files = dir.resolve("pair");
    run("generate", "--voters", "2000", "--seed", "5", "--out", files.toString(), "--quiet");
    Path local = audit(files.toString(), dir.resolve("store").toString(), "local");

    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      hdfs.waitActive();
      String root = hdfs.getURI().toString();
      FileSystem fs = hdfs.getFileSystem();
      for (String f : List.of(BASELINE, CURRENT)) {
        fs.copyFromLocalFile(
            new org.apache.hadoop.fs.Path(files.resolve(f).toUri()),
            new org.apache.hadoop.fs.Path(root + "/in/" + f));
      }
      Path remote = audit(root + "/in", root + "/store", "hdfs");
      assertSameBundle(local, remote, "an audit of the store on HDFS");
      assertEquals(
          2,
          fs.listStatus(new org.apache.hadoop.fs.Path(root + "/store/snapshots")).length,
          "both snapshots are stored on HDFS");

      // Run again, it reads the pair's metrics kept in the store on HDFS.
      Path again = dir.resolve("bundle-hdfs-again");
      run(
          "audit",
          "--store",
          root + "/store",
          "--baseline",
          "2024-01-06",
          "--current",
          "2024-02-03",
          "--fail-on",
          "never",
          "--out",
          again.toString());
      assertSameBundle(local, again, "an audit again from the kept metrics on HDFS");

      // The scheduled run: both dates are stored, so it audits the newer one; its lock is a
      // file beside the bundles, as an HDFS store has no OS lock.
      Path inbox = dir.resolve("inbox");
      java.nio.file.Files.createDirectories(inbox);
      Path bundles = dir.resolve("bundles");
      run(
          "run",
          "--store",
          root + "/store",
          "--inbox",
          inbox.toString(),
          "--out",
          bundles.toString(),
          "--layout",
          "nc-ncvoter",
          "--fail-on",
          "never");
      assertSameBundle(local, bundles.resolve("2024-02-03"), "the scheduled run on HDFS");

      Path localTimeline = dir.resolve("timeline-local");
      run(
          "timeline",
          "--store",
          dir.resolve("store").toString(),
          "--fail-on",
          "never",
          "--out",
          localTimeline.toString());
      Path remoteTimeline = dir.resolve("timeline-hdfs");
      run(
          "timeline",
          "--store",
          root + "/store",
          "--fail-on",
          "never",
          "--out",
          remoteTimeline.toString());
      assertSameBundle(localTimeline, remoteTimeline, "a timeline of the store on HDFS");
    } finally {
      hdfs.shutdown();
    }
  }

  /** Ingests both files of {@code in} into {@code store} and audits them; the bundle's folder. */
  private Path audit(String in, String store, String name) {
    run(
        "ingest",
        "--layout",
        "nc-ncvoter",
        "--as-of",
        "2024-01-06",
        "--store",
        store,
        in + "/" + BASELINE);
    run(
        "ingest",
        "--layout",
        "nc-ncvoter",
        "--as-of",
        "2024-02-03",
        "--store",
        store,
        in + "/" + CURRENT);
    Path out = dir.resolve("bundle-" + name);
    run(
        "audit",
        "--store",
        store,
        "--baseline",
        "2024-01-06",
        "--current",
        "2024-02-03",
        "--fail-on",
        "never",
        "--out",
        out.toString());
    return out;
  }

  private static void assertSameBundle(Path expected, Path actual, String what)
      throws java.io.IOException {
    var want = Launch.sums(expected.resolve("SHA256SUMS"));
    var got = Launch.sums(actual.resolve("SHA256SUMS"));
    assertEquals(want, got, what + ": " + Launch.sumsDiff(want, got));
  }

  private static void run(String... args) {
    assertEquals(0, Launch.inJvm(args).exit(), "exit code of rollaudit " + String.join(" ", args));
  }
}
