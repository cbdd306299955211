package io.cinemaabyss.cinema.check.elf;

import io.cinemaabyss.cinema.CinemaException;

/** A binary whose ELF machine is not the architecture of the platform it was built or packed for. */
public final class ElfArchitectureMismatchException extends CinemaException {

  public ElfArchitectureMismatchException(String message) {
    super(message);
  }
}
