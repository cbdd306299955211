package io.cinemaabyss.cinema.check.elf;

import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/** Checks that a binary really is built for the platform it is meant for. */
public final class ElfCheck {

  private ElfCheck() {}

  /** True when an ELF header of this architecture runs on {@code platform}'s architecture. */
  public static boolean matches(ElfHeader header, Platform platform) {
    return header.architecture().equals(platform.architecture());
  }

  /**
   * Reads {@code binary} and fails unless it is an ELF file of {@code platform}'s architecture.
   *
   * @param what how to name the binary in an error, such as "the Go binary for linux/arm64"
   */
  public static ElfHeader require(Path binary, Platform platform, String what) {
    Optional<ElfHeader> header;
    try {
      header = ElfHeader.read(binary);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + what + " at " + binary, e);
    }
    if (header.isEmpty()) {
      throw new ElfArchitectureMismatchException(
          what + " at " + binary + " is not an ELF binary, so it cannot run on " + platform);
    }
    if (!matches(header.get(), platform)) {
      throw new ElfArchitectureMismatchException(
          what
              + " at "
              + binary
              + " is "
              + header.get()
              + ", not "
              + platform.architecture()
              + ": it would fail with 'exec format error' on "
              + platform
              + " nodes");
    }
    return header.get();
  }
}
