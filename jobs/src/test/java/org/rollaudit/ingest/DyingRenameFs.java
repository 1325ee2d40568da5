package org.rollaudit.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The local file system, except that renaming one of the stores' staging folders ({@code
 * .staging-...}: a snapshot's commit, a kept pair's metrics) copies it file by file in name order,
 * as S3A's rename does on an object store, and dies before the last file. Installed as {@code
 * fs.file.impl}, uncached, for one test at a time ({@link #install}).
 */
public final class DyingRenameFs extends LocalFileSystem {
  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    if (!src.getName().startsWith(".staging-") || !getFileStatus(src).isDirectory()) {
      return super.rename(src, dst);
    }
    List<Path> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = listFiles(src, true);
    while (it.hasNext()) {
      files.add(it.next().getPath());
    }
    files.sort(null);
    String from = src.toUri().getPath();
    for (Path f : files.subList(0, files.size() - 1)) {
      Path to = new Path(dst, f.toUri().getPath().substring(from.length() + 1));
      FileUtil.copy(this, f, this, to, false, getConf());
    }
    throw new IOException("died while copying " + files.get(files.size() - 1) + " into " + dst);
  }

  /** Dates every file under {@code folder} two days back: remains a day past their last write. */
  public static void ageTwoDays(java.nio.file.Path folder) throws IOException {
    java.nio.file.attribute.FileTime twoDaysAgo =
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 48L * 3600 * 1000);
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(folder)) {
      for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        java.nio.file.Files.setLastModifiedTime(f, twoDaysAgo);
      }
    }
  }

  /**
   * Makes every file system that {@code conf} opens from now on a dying one, until the returned
   * handle is closed (which puts the settings back).
   */
  public static AutoCloseable install(Configuration conf) {
    String impl = conf.get("fs.file.impl");
    String cache = conf.get("fs.file.impl.disable.cache");
    conf.set("fs.file.impl", DyingRenameFs.class.getName());
    conf.set("fs.file.impl.disable.cache", "true");
    return () -> {
      restore(conf, "fs.file.impl", impl);
      restore(conf, "fs.file.impl.disable.cache", cache);
    };
  }

  private static void restore(Configuration conf, String key, String value) {
    if (value == null) {
      conf.unset(key);
    } else {
      conf.set(key, value);
    }
  }
}
