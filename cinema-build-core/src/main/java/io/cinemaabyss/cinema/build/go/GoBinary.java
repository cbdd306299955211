package io.cinemaabyss.cinema.build.go;

import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.oci.Platform;
import java.nio.file.Path;

/** A binary built for one platform, with the ELF header that proves its architecture. */
public record GoBinary(Platform platform, Path path, ElfHeader elf) {}
