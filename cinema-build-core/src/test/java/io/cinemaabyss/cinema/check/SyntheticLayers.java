package io.cinemaabyss.cinema.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Small hand-made layers and ELF headers for tests of the file system model. */
final class SyntheticLayers {

  private SyntheticLayers() {}

  /** The first 20 bytes of a 64-bit little-endian ELF executable for {@code machine} (62 = x86-64, 183 = AArch64). */
  static byte[] elf(int machine) {
    byte[] head = new byte[64];
    head[0] = 0x7f;
    head[1] = 'E';
    head[2] = 'L';
    head[3] = 'F';
    head[4] = 2;
    head[5] = 1;
    head[6] = 1;
    head[16] = 2;
    head[18] = (byte) (machine & 0xff);
    head[19] = (byte) (machine >> 8);
    return head;
  }

  static final byte[] AMD64 = elf(62);
  static final byte[] ARM64 = elf(183);

  /** A tar layer written entry by entry, gzip-compressed or not. */
  static final class Tar {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream out;
    private final GZIPOutputStream gzip;

    Tar(boolean gzipped) {
      try {
        gzip = gzipped ? new GZIPOutputStream(bytes) : null;
        out = new TarArchiveOutputStream(gzipped ? gzip : bytes);
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Tar dir(String name) {
      TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
      e.setMode(040755);
      return put(e, null);
    }

    Tar file(String name, byte[] content) {
      return file(name, content, 0100755);
    }

    Tar file(String name, byte[] content, int mode) {
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setMode(mode);
      e.setSize(content.length);
      return put(e, content);
    }

    Tar text(String name, String content) {
      return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    Tar symlink(String name, String target) {
      TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
      e.setLinkName(target);
      return put(e, null);
    }

    Tar hardlink(String name, String target) {
      TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
      e.setLinkName(target);
      return put(e, null);
    }

    private Tar put(TarArchiveEntry e, byte[] content) {
      try {
        out.putArchiveEntry(e);
        if (content != null) {
          out.write(content);
        }
        out.closeArchiveEntry();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      return this;
    }

    byte[] bytes() {
      try {
        out.finish();
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }
  }
}
