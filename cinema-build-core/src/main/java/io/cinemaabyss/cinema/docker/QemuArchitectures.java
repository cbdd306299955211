package io.cinemaabyss.cinema.docker;

import io.cinemaabyss.cinema.elf.ElfMachine;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QEMU's names for the architectures containers run on, and the ELF header a binfmt_misc handler
 * matches for each (class, byte order, executable or shared object, machine).
 */
final class QemuArchitectures {

  static final List<String> ARCHITECTURES =
      List.of("amd64", "386", "arm64", "arm", "riscv64", "s390x", "ppc64le", "ppc64", "mips64le", "loong64");

  private static final Map<String, String> QEMU_NAMES =
      Map.of(
          "amd64", "x86_64", "386", "i386", "arm64", "aarch64", "arm", "arm", "riscv64", "riscv64", "s390x", "s390x",
          "ppc64le", "ppc64le", "ppc64", "ppc64", "mips64le", "mips64el", "loong64", "loongarch64");

  /** e_machine, bits and byte order of each architecture's binaries. */
  private record Elf(ElfMachine machine, int bits, ByteOrder order) {}

  private static final Map<String, Elf> ELF =
      Map.of(
          "amd64", new Elf(ElfMachine.X86_64, 64, ByteOrder.LITTLE_ENDIAN),
          "386", new Elf(ElfMachine.X86, 32, ByteOrder.LITTLE_ENDIAN),
          "arm64", new Elf(ElfMachine.AARCH64, 64, ByteOrder.LITTLE_ENDIAN),
          "arm", new Elf(ElfMachine.ARM, 32, ByteOrder.LITTLE_ENDIAN),
          "riscv64", new Elf(ElfMachine.RISCV, 64, ByteOrder.LITTLE_ENDIAN),
          "s390x", new Elf(ElfMachine.S390, 64, ByteOrder.BIG_ENDIAN),
          "ppc64le", new Elf(ElfMachine.PPC64, 64, ByteOrder.LITTLE_ENDIAN),
          "ppc64", new Elf(ElfMachine.PPC64, 64, ByteOrder.BIG_ENDIAN),
          "mips64le", new Elf(ElfMachine.MIPS, 64, ByteOrder.LITTLE_ENDIAN),
          "loong64", new Elf(ElfMachine.LOONGARCH, 64, ByteOrder.LITTLE_ENDIAN));

  private QemuArchitectures() {}

  /** {@code aarch64} for {@code arm64}; the architecture itself when QEMU has no other name. */
  static String qemuName(String architecture) {
    return QEMU_NAMES.getOrDefault(architecture, architecture);
  }

  /**
   * The 20-byte magic and mask that match {@code architecture}'s ELF executables and
   * position-independent executables, ignoring the OS ABI byte.
   */
  static Optional<byte[][]> magicAndMask(String architecture) {
    Elf elf = ELF.get(architecture);
    if (elf == null) {
      return Optional.empty();
    }
    boolean little = elf.order() == ByteOrder.LITTLE_ENDIAN;
    byte[] magic = new byte[20];
    byte[] mask = new byte[20];
    magic[0] = 0x7f;
    magic[1] = 'E';
    magic[2] = 'L';
    magic[3] = 'F';
    magic[4] = (byte) (elf.bits() == 64 ? 2 : 1);
    magic[5] = (byte) (little ? 1 : 2);
    magic[6] = 1;
    // e_type 2 (executable); the mask's 0xfe also admits 3 (PIE / shared object).
    magic[little ? 16 : 17] = 2;
    int code = elf.machine().code();
    magic[little ? 18 : 19] = (byte) (code & 0xff);
    magic[little ? 19 : 18] = (byte) ((code >> 8) & 0xff);
    for (int i = 0; i < 20; i++) {
      mask[i] = (byte) 0xff;
    }
    mask[7] = 0; // OS ABI: Linux binaries say SYSV (0) or GNU (3)
    mask[little ? 16 : 17] = (byte) 0xfe;
    return Optional.of(new byte[][] {magic, mask});
  }
}
