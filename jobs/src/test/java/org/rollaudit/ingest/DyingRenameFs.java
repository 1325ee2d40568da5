package org.rollaudit.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The local file system, except that renaming a folder into {@code snapshots/YYYY-MM-DD} copies it
 * file by file in name order, as S3A's rename does on an object store, and dies before the last
 * file: the store's commit interrupted part-way. Installed as {@code fs.file.impl} (uncached) for
 * one test only.
 */
public final class DyingRenameFs extends LocalFileSystem {
  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    if (dst.getParent() == null
        || !dst.getParent().getName().equals("snapshots")
        || !dst.getName().matches("\\d{4}-\\d{2}-\\d{2}")) {
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
}
