package org.rollaudit.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** A tiny zip writer for hostile-archive tests: every header field can be set or forged. */
final class ZipBytes {
  /** One entry; the fields after {@code data} forge what a normal writer would not write. */
  static final class E {
    String name;
    byte[] data;
    boolean deflate = true;
    int flags = 0x800;
    int madeBy = (3 << 8) | 20;
    long extAttr = 0100644L << 16;
    Long crc;
    Long size;
    String localName;

    E(String name, byte[] data) {
      this.name = name;
      this.data = data;
    }
  }

  private final List<E> entries = new ArrayList<>();

  ZipBytes add(E e) {
    entries.add(e);
    return this;
  }

  ZipBytes add(String name, byte[] data) {
    return add(new E(name, data));
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream cd = new ByteArrayOutputStream();
    for (E e : entries) {
      byte[] comp = e.data;
      if (e.deflate) {
        Deflater d = new Deflater(9, true);
        d.setInput(e.data);
        d.finish();
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) {
          c.write(buf, 0, d.deflate(buf));
        }
        d.end();
        comp = c.toByteArray();
      }
      CRC32 crc = new CRC32();
      crc.update(e.data);
      long crcV = e.crc != null ? e.crc : crc.getValue();
      long size = e.size != null ? e.size : e.data.length;
      byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
      byte[] lname = (e.localName != null ? e.localName : e.name).getBytes(StandardCharsets.UTF_8);
      int offset = out.size();
      ByteBuffer lh = le(30);
      lh.putInt(0x04034b50)
          .putShort((short) 20)
          .putShort((short) e.flags)
          .putShort((short) (e.deflate ? 8 : 0))
          .putShort((short) 0)
          .putShort((short) 0)
          .putInt((int) crcV)
          .putInt(comp.length)
          .putInt((int) size)
          .putShort((short) lname.length)
          .putShort((short) 0);
      out.writeBytes(lh.array());
      out.writeBytes(lname);
      out.writeBytes(comp);
      ByteBuffer ch = le(46);
      ch.putInt(0x02014b50)
          .putShort((short) e.madeBy)
          .putShort((short) 20)
          .putShort((short) e.flags)
          .putShort((short) (e.deflate ? 8 : 0))
          .putShort((short) 0)
          .putShort((short) 0)
          .putInt((int) crcV)
          .putInt(comp.length)
          .putInt((int) size)
          .putShort((short) name.length)
          .putShort((short) 0)
          .putShort((short) 0)
          .putShort((short) 0)
          .putShort((short) 0)
          .putInt((int) e.extAttr)
          .putInt(offset);
      cd.writeBytes(ch.array());
      cd.writeBytes(name);
    }
    int cdOffset = out.size();
    byte[] cdb = cd.toByteArray();
    out.writeBytes(cdb);
    ByteBuffer eocd = le(22);
    eocd.putInt(0x06054b50)
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) entries.size())
        .putShort((short) entries.size())
        .putInt(cdb.length)
        .putInt(cdOffset)
        .putShort((short) 0);
    out.writeBytes(eocd.array());
    return out.toByteArray();
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
