package io.cinemaabyss.cinema.store;

import io.cinemaabyss.cinema.CinemaException;

/** The source has no manifest or blob under the name asked for. */
public final class ImageNotFoundException extends CinemaException {

  public ImageNotFoundException(String message) {
    super(message);
  }
}
