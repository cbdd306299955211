package io.cinemaabyss.cinema.check.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * The program interpreter ({@code PT_INTERP}) of an ELF executable: the dynamic loader a
 * dynamically linked binary needs, such as {@code /lib/ld-musl-aarch64.so.1}. Static binaries (Go
 * with CGO off) have none, and run outside their image.
 */
public final class ElfInterpreter {

  private static final int PT_INTERP = 3;
  private static final int MAX_PROGRAM_HEADERS = 4096;

  private ElfInterpreter() {}

  /**
   * The interpreter path from the first bytes of a file, when its PT_INTERP lies within them; empty
   * for a static binary, a file that is not ELF, or headers past {@code head}.
   */
  public static Optional<String> ofHead(byte[] head) {
    try (SeekableByteChannel channel = new SeekableInMemoryByteChannel(head)) {
      return interpreter(channel);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The interpreter path, or empty for a static binary (or a file that is not ELF). */
  public static Optional<String> of(Path binary) throws IOException {
    try (FileChannel channel = FileChannel.open(binary, StandardOpenOption.READ)) {
      return interpreter(channel);
    }
  }

  private static Optional<String> interpreter(SeekableByteChannel channel) throws IOException {
    ByteBuffer ident = read(channel, 0, 64, ByteOrder.LITTLE_ENDIAN);
    byte[] head = new byte[ident.remaining()];
    ident.get(head);
    Optional<ElfHeader> header = ElfHeader.parse(head);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    ByteBuffer h = ByteBuffer.wrap(head).order(header.get().byteOrder());
    boolean wide = header.get().bits() == 64;
    long phoff = wide ? h.getLong(0x20) : Integer.toUnsignedLong(h.getInt(0x1c));
    int phentsize = Short.toUnsignedInt(h.getShort(wide ? 0x36 : 0x2a));
    int phnum = Math.min(Short.toUnsignedInt(h.getShort(wide ? 0x38 : 0x2c)), MAX_PROGRAM_HEADERS);
    for (int i = 0; i < phnum; i++) {
      ByteBuffer ph = read(channel, phoff + (long) i * phentsize, phentsize, header.get().byteOrder());
      if (ph.remaining() < (wide ? 40 : 20) || ph.getInt(0) != PT_INTERP) {
        continue;
      }
      long offset = wide ? ph.getLong(8) : Integer.toUnsignedLong(ph.getInt(4));
      long size = wide ? ph.getLong(32) : Integer.toUnsignedLong(ph.getInt(16));
      ByteBuffer text = read(channel, offset, (int) Math.min(size, 4096), ByteOrder.LITTLE_ENDIAN);
      byte[] bytes = new byte[text.remaining()];
      text.get(bytes);
      String path = new String(bytes, StandardCharsets.UTF_8);
      int nul = path.indexOf('\0');
      return Optional.of(nul >= 0 ? path.substring(0, nul) : path);
    }
    return Optional.empty();
  }

  private static ByteBuffer read(SeekableByteChannel channel, long position, int length, ByteOrder order) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(0, length)).order(order);
    if (position >= channel.size()) {
      buffer.flip();
      return buffer;
    }
    channel.position(position);
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer);
      if (n < 0) {
        break;
      }
    }
    buffer.flip();
    return buffer;
  }
}
