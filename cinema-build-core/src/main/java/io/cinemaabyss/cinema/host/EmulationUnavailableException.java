package io.cinemaabyss.cinema.host;

import io.cinemaabyss.cinema.CinemaException;

/** A build must run RUN steps on a platform this host cannot emulate. */
public final class EmulationUnavailableException extends CinemaException {

  public EmulationUnavailableException(String message) {
    super(message);
  }
}
