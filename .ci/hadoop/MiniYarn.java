import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A YARN for .ci/cluster-test.sh: a resource manager and one node manager on 127.0.0.1 in one JVM
 * (Hadoop's own test cluster), whose containers are separate JVMs as on a real cluster. Writes
 * CONF_DIR/yarn-site.xml (what spark-submit --master yarn reads through HADOOP_CONF_DIR) once the
 * resource manager listens, and serves until it is killed. Its working files go to ./target/ of the
 * folder it is started in.
 *
 * <p>java -cp CLASSPATH .ci/hadoop/MiniYarn.java CONF_DIR
 */
public class MiniYarn {
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: MiniYarn CONF_DIR");
      System.exit(2);
    }
    YarnConfiguration conf = new YarnConfiguration();
    conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
    conf.set("yarn.nodemanager.hostname", "127.0.0.1");
    // The capacity scheduler needs a queue file; one application at a time needs none.
    conf.set(
        "yarn.resourcemanager.scheduler.class",
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
    // Room for the application master and two small executors.
    conf.setInt("yarn.nodemanager.resource.memory-mb", 4096);
    conf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
    conf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
    // A shared build machine's disk may be fuller than the 90% a node manager accepts.
    conf.set(
        "yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "99.0");
    conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    MiniYARNCluster yarn = new MiniYARNCluster("rollaudit", 1, 1, 1);
    yarn.init(conf);
    yarn.start();
    Runtime.getRuntime().addShutdownHook(new Thread(yarn::stop));
    Configuration ready = yarn.getConfig();
    for (int i = 0; i < 360 && ready.get(YarnConfiguration.RM_ADDRESS, ":0").endsWith(":0"); i++) {
      Thread.sleep(500);
    }
    // Written whole, then renamed: the script reads it as soon as it exists.
    Path dir = Files.createDirectories(Path.of(args[0]));
    Path part = dir.resolve("yarn-site.xml.part");
    try (OutputStream o = Files.newOutputStream(part)) {
      ready.writeXml(o);
    }
    Files.move(part, dir.resolve("yarn-site.xml"), StandardCopyOption.ATOMIC_MOVE);
    Thread.currentThread().join();
  }
}
