package io.cinemaabyss.cinema.inspect;

import io.cinemaabyss.cinema.CinemaException;

/**
 * An image whose content is broken or hostile: malformed JSON, an oversized manifest, a layer
 * that is not a tar, a tar path escaping the image root, a symlink loop.
 */
public class InvalidImageException extends CinemaException {

  public InvalidImageException(String message) {
    super(message);
  }

  public InvalidImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
