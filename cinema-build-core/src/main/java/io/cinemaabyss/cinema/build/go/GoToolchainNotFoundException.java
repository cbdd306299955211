package io.cinemaabyss.cinema.build.go;

import io.cinemaabyss.cinema.CinemaException;

/** No usable Go toolchain where one was looked for. */
public final class GoToolchainNotFoundException extends CinemaException {

  public GoToolchainNotFoundException(String message) {
    super(message);
  }
}
