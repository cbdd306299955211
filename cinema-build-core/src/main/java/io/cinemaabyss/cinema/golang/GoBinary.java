package io.cinemaabyss.cinema.golang;

import io.cinemaabyss.cinema.elf.ElfHeader;
import io.cinemaabyss.cinema.oci.Platform;
import java.nio.file.Path;

/** A binary built for one platform, with the ELF header that proves its architecture. */
public record GoBinary(Platform platform, Path path, ElfHeader elf) {}
