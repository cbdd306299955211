package io.cinemaabyss.cinema.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a binary of one architecture runs on this machine: natively, through a QEMU user-mode
 * emulator on the PATH, or through a binfmt_misc handler the kernel dispatches to.
 */
public record Emulation(Kind kind, String architecture, Optional<Path> emulator, String description) {

  public enum Kind {
    NATIVE,
    QEMU_USER,
    BINFMT
  }

  /** The command line that runs {@code binary} with {@code args} this way. */
  public List<String> command(Path binary, List<String> args) {
    List<String> command = new ArrayList<>();
    if (kind == Kind.QEMU_USER) {
      command.add(emulator.orElseThrow().toString());
    }
    command.add(binary.toString());
    command.addAll(args);
    return command;
  }
}
