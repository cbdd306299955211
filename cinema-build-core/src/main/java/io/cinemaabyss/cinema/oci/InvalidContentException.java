package io.cinemaabyss.cinema.oci;

import io.cinemaabyss.cinema.CinemaException;

/**
 * Bytes or text that are not what the OCI image and distribution specs allow: a digest that is not
 * one, a manifest without a config, a reference with capitals. The message names the input and
 * what is wrong with it.
 */
public class InvalidContentException extends CinemaException {

  public InvalidContentException(String message) {
    super(message);
  }

  public InvalidContentException(String message, Throwable cause) {
    super(message, cause);
  }
}
