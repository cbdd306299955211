package io.cinemaabyss.cinema;

/**
 * The root of every error this library reports on purpose. Its message names the input that was
 * wrong and what to do about it; it never contains a password or token.
 */
public class CinemaException extends RuntimeException {

  public CinemaException(String message) {
    super(message);
  }

  public CinemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
