package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.oci.InvalidContentException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Streams the entries of a layer blob, gzip-compressed or plain tar (told apart by the first
 * bytes, not by a media type that may lie). Only each file's first bytes are kept.
 */
public final class LayerReader {

  private LayerReader() {}

  /**
   * Hands every entry of the layer to {@code sink}, in tar order.
   *
   * @param layer how to name the layer in errors, such as its digest
   */
  public static void read(InputStream blob, String layer, Consumer<LayerEntry> sink) {
    try (TarArchiveInputStream tar = open(blob, layer)) {
      TarArchiveEntry entry;
      while ((entry = next(tar, layer)) != null) {
        sink.accept(toEntry(tar, entry));
      }
    } catch (IOException e) {
      throw new InvalidContentException("Layer " + layer + " cannot be read as a tar archive: " + e.getMessage(), e);
    }
  }

  /**
   * Copies the content of the regular file {@code entryName} (as written in the tar) to
   * {@code target}, and stops reading the layer there.
   *
   * @return false when the layer has no such file
   */
  public static boolean extract(InputStream blob, String layer, String entryName, Path target) {
    String wanted = ImagePath.normalise(entryName, layer);
    try (TarArchiveInputStream tar = open(blob, layer)) {
      TarArchiveEntry entry;
      while ((entry = next(tar, layer)) != null) {
        if (entry.isFile() && ImagePath.normalise(entry.getName(), layer).equals(wanted)) {
          try (OutputStream out = Files.newOutputStream(target)) {
            tar.transferTo(out);
          }
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot extract " + entryName + " from layer " + layer + ": " + e.getMessage(), e);
    }
  }

  /**
   * Hands {@code sink} each entry's name (as written in the tar) and a line with all the tar records
   * of it, fields separated by "; ": type, mode, owner, modification time, size, link target and,
   * for a regular file, the SHA-256 of its content. Two layers with the same lines for a name hold the same file.
   */
  public static void describe(InputStream blob, String layer, java.util.function.BiConsumer<String, String> sink) {
    try (TarArchiveInputStream tar = open(blob, layer)) {
      TarArchiveEntry entry;
      while ((entry = next(tar, layer)) != null) {
        String type = entry.isDirectory() ? "directory" : entry.isSymbolicLink() ? "symlink" : entry.isLink() ? "hardlink"
            : entry.isFile() ? "file" : "type " + (char) entry.getLinkFlag();
        String link = entry.getLinkName() == null || entry.getLinkName().isEmpty() ? "" : "; link " + entry.getLinkName();
        String content = entry.isFile() ? "; content " + io.cinemaabyss.cinema.oci.Digest.of(tar).digest() : "";
        sink.accept(entry.getName(), type + "; mode " + Integer.toOctalString(entry.getMode() & 07777) + "; owner " + entry.getLongUserId()
            + ":" + entry.getLongGroupId() + "; mtime " + entry.getModTime().toInstant() + "; size " + entry.getSize() + link + content);
      }
    } catch (IOException e) {
      throw new InvalidContentException("Layer " + layer + " cannot be read as a tar archive: " + e.getMessage(), e);
    }
  }

  private static TarArchiveInputStream open(InputStream blob, String layer) throws IOException {
    BufferedInputStream in = new BufferedInputStream(blob, 64 * 1024);
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new TarArchiveInputStream(new OwnBuffer(new GZIPInputStream(in, 64 * 1024)));
    }
    if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
      in.close();
      throw new InvalidContentException(
          "Layer " + layer + " is zstd-compressed, which this tool does not read yet: inspect a gzip image, or re-push it with gzip layers.");
    }
    return new TarArchiveInputStream(new OwnBuffer(in));
  }

  /**
   * Reads into a buffer of its own and copies out. commons-compress skips entry content and
   * record padding by reading into one static buffer that every thread shares (commons-io
   * IOUtils.skip); GZIPInputStream then computes its CRC over that buffer after inflating into
   * it, so two layers read at once (verify under mvn -T 2) failed with "Corrupt GZIP trailer" or
   * a corrupted tar. Whatever reads through this never sees the caller's buffer.
   */
  private static final class OwnBuffer extends FilterInputStream {
    private final byte[] buffer = new byte[64 * 1024];

    OwnBuffer(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      int n = in.read(buffer, 0, Math.min(len, buffer.length));
      if (n > 0) {
        System.arraycopy(buffer, 0, b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = 0;
      while (skipped < n) {
        int r = in.read(buffer, 0, (int) Math.min(n - skipped, buffer.length));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }
  }

  private static TarArchiveEntry next(TarArchiveInputStream tar, String layer) throws IOException {
    try {
      return tar.getNextTarEntry();
    } catch (IllegalArgumentException e) {
      throw new InvalidContentException("Layer " + layer + " has a malformed tar header: " + e.getMessage(), e);
    }
  }

  private static LayerEntry toEntry(TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
    LayerEntry.Kind kind;
    byte[] head = null;
    if (entry.isDirectory()) {
      kind = LayerEntry.Kind.DIRECTORY;
    } else if (entry.isSymbolicLink()) {
      kind = LayerEntry.Kind.SYMLINK;
    } else if (entry.isLink()) {
      kind = LayerEntry.Kind.HARDLINK;
    } else if (entry.isFile()) {
      kind = LayerEntry.Kind.FILE;
      head = tar.readNBytes(LayerEntry.HEAD_BYTES);
      if (head.length == LayerEntry.HEAD_BYTES && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
        byte[] more = tar.readNBytes(LayerEntry.ELF_HEAD_BYTES - LayerEntry.HEAD_BYTES);
        byte[] all = java.util.Arrays.copyOf(head, head.length + more.length);
        System.arraycopy(more, 0, all, head.length, more.length);
        head = all;
      }
    } else {
      kind = LayerEntry.Kind.OTHER;
    }
    return new LayerEntry(entry.getName(), kind, entry.getMode(), entry.getLinkName(), head, entry.getSize());
  }
}
