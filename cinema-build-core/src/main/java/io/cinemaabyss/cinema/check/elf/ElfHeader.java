package io.cinemaabyss.cinema.check.elf;

import io.cinemaabyss.cinema.oci.Architecture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The identifying part of an ELF header: class (32/64-bit), byte order and machine. Enough to tell
 * which platform a binary runs on, read from the first 20 bytes.
 */
public record ElfHeader(int bits, ByteOrder byteOrder, int machineCode) {

  /** Bytes needed to identify a binary. */
  public static final int IDENT_LENGTH = 20;

  /** Reads the header from a stream positioned at the start of a file; empty when not ELF. */
  public static Optional<ElfHeader> read(InputStream in) throws IOException {
    byte[] head = in.readNBytes(IDENT_LENGTH);
    return parse(head);
  }

  public static Optional<ElfHeader> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /** Parses the first bytes of a file; empty when they are not an ELF header. */
  public static Optional<ElfHeader> parse(byte[] head) {
    if (head.length < IDENT_LENGTH
        || head[0] != 0x7f
        || head[1] != 'E'
        || head[2] != 'L'
        || head[3] != 'F') {
      return Optional.empty();
    }
    int bits =
        switch (head[4]) {
          case 1 -> 32;
          case 2 -> 64;
          default -> 0;
        };
    ByteOrder order =
        switch (head[5]) {
          case 1 -> ByteOrder.LITTLE_ENDIAN;
          case 2 -> ByteOrder.BIG_ENDIAN;
          default -> null;
        };
    if (bits == 0 || order == null) {
      return Optional.empty();
    }
    int lo = head[18] & 0xff;
    int hi = head[19] & 0xff;
    int machine = order == ByteOrder.LITTLE_ENDIAN ? (hi << 8) | lo : (lo << 8) | hi;
    return Optional.of(new ElfHeader(bits, order, machine));
  }

  /** The architecture of the one table ({@link Architecture}) whose binaries look like this. */
  public Optional<Architecture> machine() {
    return Architecture.ofElf(machineCode, bits, byteOrder);
  }

  /**
   * The OCI architecture name of this binary ({@code amd64}, {@code arm64}, {@code ppc64le},
   * {@code ppc64}, {@code mips64}...), or {@code unknown(N)} for a machine this tool does not know.
   */
  public String architecture() {
    return machine().map(Architecture::ociName).orElseGet(() -> {
      boolean little = byteOrder == ByteOrder.LITTLE_ENDIAN;
      return switch (machineCode) {
        case 8 -> little ? "mipsle" : "mips";
        case 62 -> "amd64p32";
        default -> "unknown(e_machine=" + machineCode + ")";
      };
    });
  }

  @Override
  public String toString() {
    return "ELF " + bits + "-bit " + (byteOrder == ByteOrder.LITTLE_ENDIAN ? "LSB" : "MSB") + " " + architecture();
  }
}
