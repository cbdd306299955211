package io.cinemaabyss.cinema.elf;

import java.util.Arrays;
import java.util.Optional;

/** The ELF {@code e_machine} values of the architectures containers run on. */
public enum ElfMachine {
  X86(3, "386", 32),
  X86_64(62, "amd64", 64),
  ARM(40, "arm", 32),
  AARCH64(183, "arm64", 64),
  RISCV(243, "riscv64", 64),
  S390(22, "s390x", 64),
  PPC64(21, "ppc64le", 64),
  MIPS(8, "mips64le", 64),
  LOONGARCH(258, "loong64", 64);

  private final int code;
  private final String goArch;
  private final int bits;

  ElfMachine(int code, String goArch, int bits) {
    this.code = code;
    this.goArch = goArch;
    this.bits = bits;
  }

  public int code() {
    return code;
  }

  /** The architecture name that OCI and Go use for this machine (64-bit little-endian form). */
  public String goArch() {
    return goArch;
  }

  public int bits() {
    return bits;
  }

  public static Optional<ElfMachine> of(int code) {
    return Arrays.stream(values()).filter(m -> m.code == code).findFirst();
  }
}
