package io.cinemaabyss.cinema.registry;

import io.cinemaabyss.cinema.CinemaException;

/** A registry refused the credential offered, or asked for one when none was found. */
public final class RegistryAuthenticationException extends CinemaException {

  public RegistryAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
