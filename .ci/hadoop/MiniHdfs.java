import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * An HDFS for .ci/cluster-test.sh: a namenode and a datanode on 127.0.0.1 in one JVM (Hadoop's own
 * test cluster), so that the cluster test can put its store and inputs on hdfs:// as the README's
 * cluster section does. Copies the given files to /in/, writes the file system's URI to URI_FILE
 * once it is ready, and serves until it is killed.
 *
 * <p>java -cp CLASSPATH .ci/hadoop/MiniHdfs.java BASE_DIR URI_FILE [FILE...]
 */
public class MiniHdfs {
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: MiniHdfs BASE_DIR URI_FILE [FILE...]");
      System.exit(2);
    }
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, args[0]);
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    Runtime.getRuntime().addShutdownHook(new Thread(hdfs::shutdown));
    hdfs.waitActive();
    String root = hdfs.getURI().toString();
    FileSystem fs = hdfs.getFileSystem();
    for (int i = 2; i < args.length; i++) {
      Path f = Path.of(args[i]).toAbsolutePath();
      fs.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(f.toUri()),
          new org.apache.hadoop.fs.Path(root + "/in/" + f.getFileName()));
    }
    // Written whole, then renamed: the script reads it as soon as it exists.
    Path uri = Path.of(args[1]);
    Path part = Path.of(args[1] + ".part");
    Files.writeString(part, root + "\n");
    Files.move(part, uri, StandardCopyOption.ATOMIC_MOVE);
    Thread.currentThread().join();
  }
}
