package io.cinemaabyss.cinema.host;

import io.cinemaabyss.cinema.elf.ElfMachine;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QEMU's names for the architectures containers run on, and the ELF header a binfmt_misc handler
 * matches for each (class, byte order, executable or shared object, machine).
 */
public final class QemuArchitectures {

  public static final List<String> ARCHITECTURES =
      List.of("amd64", "386", "arm64", "arm", "riscv64", "s390x", "ppc64le", "ppc64", "mips64le", "mips64", "loong64");

  private static final Map<String, String> QEMU_NAMES =
      Map.ofEntries(
          Map.entry("amd64", "x86_64"), Map.entry("386", "i386"), Map.entry("arm64", "aarch64"), Map.entry("arm", "arm"),
          Map.entry("riscv64", "riscv64"), Map.entry("s390x", "s390x"), Map.entry("ppc64le", "ppc64le"), Map.entry("ppc64", "ppc64"),
          Map.entry("mips64le", "mips64el"), Map.entry("mips64", "mips64"), Map.entry("loong64", "loongarch64"));

  /** e_machine, bits and byte order of each architecture's binaries. */
  private record Elf(ElfMachine machine, int bits, ByteOrder order) {}

  private static final Map<String, Elf> ELF =
      Map.ofEntries(
          Map.entry("amd64", new Elf(ElfMachine.X86_64, 64, ByteOrder.LITTLE_ENDIAN)),
          Map.entry("386", new Elf(ElfMachine.X86, 32, ByteOrder.LITTLE_ENDIAN)),
          Map.entry("arm64", new Elf(ElfMachine.AARCH64, 64, ByteOrder.LITTLE_ENDIAN)),
          Map.entry("arm", new Elf(ElfMachine.ARM, 32, ByteOrder.LITTLE_ENDIAN)),
          Map.entry("riscv64", new Elf(ElfMachine.RISCV, 64, ByteOrder.LITTLE_ENDIAN)),
          Map.entry("s390x", new Elf(ElfMachine.S390, 64, ByteOrder.BIG_ENDIAN)),
          Map.entry("ppc64le", new Elf(ElfMachine.PPC64, 64, ByteOrder.LITTLE_ENDIAN)),
          Map.entry("ppc64", new Elf(ElfMachine.PPC64, 64, ByteOrder.BIG_ENDIAN)),
          Map.entry("mips64le", new Elf(ElfMachine.MIPS, 64, ByteOrder.LITTLE_ENDIAN)),
          Map.entry("mips64", new Elf(ElfMachine.MIPS, 64, ByteOrder.BIG_ENDIAN)),
          Map.entry("loong64", new Elf(ElfMachine.LOONGARCH, 64, ByteOrder.LITTLE_ENDIAN)));

  private QemuArchitectures() {}

  /** {@code aarch64} for {@code arm64}; the architecture itself when QEMU has no other name. */
  public static String qemuName(String architecture) {
    return QEMU_NAMES.getOrDefault(architecture, architecture);
  }

  /**
   * The name of {@code architecture}'s QEMU user emulator and of its binfmt_misc handler, such as
   * {@code qemu-aarch64} (the emulator may carry a {@code -static} suffix).
   */
  public static String emulatorName(String architecture) {
    return "qemu-" + qemuName(architecture);
  }

  /**
   * The 20-byte magic and mask that match {@code architecture}'s ELF executables and
   * position-independent executables, ignoring the OS ABI byte.
   */
  public static Optional<byte[][]> magicAndMask(String architecture) {
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
