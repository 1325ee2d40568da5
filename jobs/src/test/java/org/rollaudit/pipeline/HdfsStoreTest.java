package org.rollaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's cluster section says the store, the inputs and the bundle may be {@code hdfs://}
 * URIs. This runs the commands that read or write them (ingest, audit, audit again from the kept
 * metrics with its bundle uploaded, verify, the scheduled run, timeline) against a real HDFS, a
 * namenode and a datanode in this JVM on 127.0.0.1, and requires the bundles the same commands give
 * on a local store. (The standalone cluster, its executors writing to HDFS, is
 * .ci/cluster-test.sh.)
 */
class HdfsStoreTest {
  private static final String BASELINE = "ncvoter_20240106.txt";
  private static final String CURRENT = "ncvoter_20240203.txt";

  @TempDir Path dir;

  @Test
  void storeInputsAndBundleOnHdfsGiveTheBundlesOfALocalStore() throws Exception {
    Path files = dir.resolve("pair");
    run("generate", "--voters", "2000", "--seed", "5", "--out", files.toString(), "--quiet");
    String localStore = dir.resolve("store").toString();
    ingestBoth(files.toString(), localStore);
    Path local = dir.resolve("bundle-local");
    run(audit(localStore, local.toUri().toString())); // a file: URI is a local folder
    Path localTimeline = dir.resolve("timeline-local");
    run(timeline(localStore, localTimeline.toString()));

    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      hdfs.waitActive();
      String root = hdfs.getURI().toString();
      FileSystem fs = hdfs.getFileSystem();
      for (String f : List.of(BASELINE, CURRENT)) {
        fs.copyFromLocalFile(
            hadoopPath(files.resolve(f)), new org.apache.hadoop.fs.Path(root + "/in/" + f));
      }
      String store = root + "/store";
      ingestBoth(root + "/in", store);
      assertEquals(2, fs.listStatus(new org.apache.hadoop.fs.Path(store + "/snapshots")).length);
      Path remote = dir.resolve("bundle-hdfs");
      run(audit(store, remote.toString()));
      assertSameBundle(local, remote, "an audit of the store on HDFS");

      // Again: it reads the pair's metrics kept on HDFS, and its bundle goes to HDFS too (built
      // locally, then uploaded); verify reads it from there.
      String uploaded = root + "/bundles/2024-02-03";
      // As a killed upload leaves it: removed by the next upload to the same folder.
      fs.mkdirs(new org.apache.hadoop.fs.Path(root + "/bundles/.2024-02-03.rollaudit-staging-x"));
      run(audit(store, uploaded));
      Path fetched = dir.resolve("fetched");
      fs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(uploaded), hadoopPath(fetched), true);
      assertSameBundle(local, fetched, "an audit again from the kept metrics, uploaded to HDFS");
      assertEquals(
          1,
          fs.listStatus(new org.apache.hadoop.fs.Path(root + "/bundles")).length,
          "the upload's staging folder and the stale one are gone");
      Launch.Run verify = Launch.inJvm("verify", uploaded);
      assertEquals(0, verify.exit(), "verify of the bundle on HDFS: " + verify.stdout());
      Launch.Run third = Launch.inJvm(audit(store, uploaded));
      assertEquals(0, third.exit(), "the same audit a third time");
      assertTrue(third.stdout().contains("already complete"), "found complete: " + third.stdout());

      // An upload that died part-way (on S3 the rename copies file by file) left part of the
      // bundle and no SHA256SUMS, its last file: the same audit again completes it.
      String died = root + "/bundles/died";
      putSome(fs, local, died, "findings.json", "method.json", "report.pdf");
      Launch.Run part = Launch.inJvm("verify", died);
      assertEquals(1, part.exit(), "verify of part of a bundle: " + part.stdout());
      assertTrue(part.stdout().contains("The same audit run again completes it"), part.stdout());
      Launch.Run completing = Launch.inJvm(audit(store, died));
      assertEquals(0, completing.exit(), "the audit completing a dead upload");
      assertTrue(
          completing.stderr().contains("Completing the upload an earlier run left at " + died),
          completing.stderr());
      Path completed = dir.resolve("completed");
      fs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(died), hadoopPath(completed), true);
      assertSameBundle(local, completed, "a dead upload completed");
      assertEquals(0, Launch.inJvm("verify", died).exit(), "verify of the completed bundle");
      // Part of another run's bundle (a findings.json that is not this run's) is left as it is.
      String other = root + "/bundles/other";
      putSome(fs, local, other, "method.json");
      Path otherFindings = Files.writeString(dir.resolve("findings.json"), "{}\n");
      fs.copyFromLocalFile(
          hadoopPath(otherFindings), new org.apache.hadoop.fs.Path(other + "/findings.json"));
      Launch.Run refused = Launch.inJvm(audit(store, other));
      assertEquals(3, refused.exit(), "another run's part of a bundle: " + refused.stderr());
      assertTrue(
          refused.stderr().contains("its findings.json is not this run's"), refused.stderr());
      assertEquals(
          2, fs.listStatus(new org.apache.hadoop.fs.Path(other)).length, "nothing was added");

      // A folder of other files (the inputs) is refused, not copied to the driver's disk.
      assertEquals(2, Launch.inJvm(audit(store, root + "/in")).exit(), "--out a non-bundle");
      assertEquals(2, Launch.inJvm("verify", root + "/in").exit(), "verify of a non-bundle");
      assertEquals(2, Launch.inJvm(audit(store, root + "/")).exit(), "--out the root");
      assertEquals(
          2,
          Launch.inJvm("run", "--store", store, "--inbox", dir.toString(), "--out", uploaded)
              .exit(),
          "run refuses a URI for its bundles' folder, where it keeps its lock");

      // The scheduled run: both dates are stored, so it audits the newer one; its lock is a
      // file beside the bundles, as an HDFS store has no OS lock.
      Path inbox = Files.createDirectories(dir.resolve("inbox"));
      Path bundles = dir.resolve("bundles");
      run(
          "run",
          "--store",
          store,
          "--inbox",
          inbox.toString(),
          "--out",
          bundles.toString(),
          "--layout",
          "nc-ncvoter",
          "--fail-on",
          "never");
      assertSameBundle(local, bundles.resolve("2024-02-03"), "the scheduled run on HDFS");

      Path remoteTimeline = dir.resolve("timeline-hdfs");
      run(timeline(store, remoteTimeline.toString()));
      assertSameBundle(localTimeline, remoteTimeline, "a timeline of the store on HDFS");
    } finally {
      hdfs.shutdown();
    }
  }

  private static void ingestBoth(String in, String store) {
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
  }

  private static String[] audit(String store, String out) {
    return new String[] {
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
      out
    };
  }

  private static String[] timeline(String store, String out) {
    return new String[] {"timeline", "--store", store, "--fail-on", "never", "--out", out};
  }

  /** Some files of a local bundle put in a folder, as an upload that died leaves them. */
  private static void putSome(FileSystem fs, Path bundle, String folder, String... names)
      throws IOException {
    for (String n : names) {
      fs.copyFromLocalFile(
          hadoopPath(bundle.resolve(n)), new org.apache.hadoop.fs.Path(folder + "/" + n));
    }
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path local) {
    return new org.apache.hadoop.fs.Path(local.toUri());
  }

  private static void assertSameBundle(Path expected, Path actual, String what) throws IOException {
    Map<String, String> want = Launch.sums(expected.resolve("SHA256SUMS"));
    Map<String, String> got = Launch.sums(actual.resolve("SHA256SUMS"));
    assertEquals(want, got, what + ": " + Launch.sumsDiff(want, got));
  }

  private static void run(String... args) {
    assertEquals(0, Launch.inJvm(args).exit(), "exit code of rollaudit " + String.join(" ", args));
  }
}
