package io.cinemaabyss.cinema.oci;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one table of CPU architectures: the OCI/Go name, QEMU's name, and the ELF machine, word size
 * and byte order of the architecture's binaries. Platforms, ELF checks and QEMU set-up all read it.
 */
public enum Architecture {
  AMD64("amd64", "x86_64", 62, 64, ByteOrder.LITTLE_ENDIAN, true),
  I386("386", "i386", 3, 32, ByteOrder.LITTLE_ENDIAN, true),
  ARM64("arm64", "aarch64", 183, 64, ByteOrder.LITTLE_ENDIAN, true),
  ARM("arm", "arm", 40, 32, ByteOrder.LITTLE_ENDIAN, true),
  RISCV64("riscv64", "riscv64", 243, 64, ByteOrder.LITTLE_ENDIAN, true),
  S390X("s390x", "s390x", 22, 64, ByteOrder.BIG_ENDIAN, true),
  PPC64LE("ppc64le", "ppc64le", 21, 64, ByteOrder.LITTLE_ENDIAN, true),
  PPC64("ppc64", "ppc64", 21, 64, ByteOrder.BIG_ENDIAN, true),
  MIPS64LE("mips64le", "mips64el", 8, 64, ByteOrder.LITTLE_ENDIAN, true),
  MIPS64("mips64", "mips64", 8, 64, ByteOrder.BIG_ENDIAN, false),
  LOONG64("loong64", "loongarch64", 258, 64, ByteOrder.LITTLE_ENDIAN, true);

  private final String ociName;
  private final String qemuName;
  private final int elfMachine;
  private final int bits;
  private final ByteOrder byteOrder;
  private final boolean target;

  Architecture(String ociName, String qemuName, int elfMachine, int bits, ByteOrder byteOrder, boolean target) {
    this.ociName = ociName;
    this.qemuName = qemuName;
    this.elfMachine = elfMachine;
    this.bits = bits;
    this.byteOrder = byteOrder;
    this.target = target;
  }

  /** The architecture of the OCI/Go name {@code name} ({@code arm64}), if this table has it. */
  public static Optional<Architecture> of(String name) {
    return Arrays.stream(values()).filter(a -> a.ociName.equals(name)).findFirst();
  }

  /** The architecture whose binaries carry ELF machine {@code machine} at this word size and byte order. */
  public static Optional<Architecture> ofElf(int machine, int bits, ByteOrder order) {
    return Arrays.stream(values())
        .filter(a -> a.elfMachine == machine && a.bits == bits && a.byteOrder.equals(order))
        .findFirst();
  }

  /** The name in OCI platforms and GOARCH: {@code amd64}. */
  public String ociName() {
    return ociName;
  }

  /** The name QEMU gives it, as in {@code qemu-aarch64}. */
  public String qemuName() {
    return qemuName;
  }

  /** The {@code e_machine} of its ELF binaries. */
  public int elfMachine() {
    return elfMachine;
  }

  public int bits() {
    return bits;
  }

  public ByteOrder byteOrder() {
    return byteOrder;
  }

  /** Whether a build may target it (a {@link Platform#parse} accepts it). */
  public boolean isTarget() {
    return target;
  }

  @Override
  public String toString() {
    return ociName;
  }
}
