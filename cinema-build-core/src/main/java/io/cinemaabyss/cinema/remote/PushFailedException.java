package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.CinemaException;

/**
 * A push stopped part way. The message says which step failed and why, what is in the registry
 * now and what is not, and that the tags were not moved (or which were).
 */
public final class PushFailedException extends CinemaException {

  public PushFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
