package io.cinemaabyss.cinema.build.go;

import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.oci.Platform;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A binary built for one platform, with the ELF header that proves its architecture, and the
 * SHA-256 of its bytes when the build already knows it (hex).
 */
public record GoBinary(Platform platform, Path path, ElfHeader elf, Optional<String> sha256) {

  public GoBinary(Platform platform, Path path, ElfHeader elf) {
    this(platform, path, elf, Optional.empty());
  }
}
