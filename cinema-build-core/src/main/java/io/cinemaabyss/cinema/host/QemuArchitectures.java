package io.cinemaabyss.cinema.host;

import io.cinemaabyss.cinema.oci.Architecture;
import java.util.Arrays;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * QEMU's names for the architectures containers run on, and the ELF header a binfmt_misc handler
 * matches for each (class, byte order, executable or shared object, machine).
 */
public final class QemuArchitectures {

  public static final List<String> ARCHITECTURES =
      Arrays.stream(Architecture.values()).map(Architecture::ociName).toList();

  private QemuArchitectures() {}

  /** {@code aarch64} for {@code arm64}; the architecture itself when QEMU has no other name. */
  public static String qemuName(String architecture) {
    return Architecture.of(architecture).map(Architecture::qemuName).orElse(architecture);
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
    Optional<Architecture> known = Architecture.of(architecture);
    if (known.isEmpty()) {
      return Optional.empty();
    }
    Architecture elf = known.get();
    boolean little = elf.byteOrder() == ByteOrder.LITTLE_ENDIAN;
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
    int code = elf.elfMachine();
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
