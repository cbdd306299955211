package io.cinemaabyss.cinema.store;

import io.cinemaabyss.cinema.CinemaException;

/** A blob whose bytes are not the digest (or size) it was asked for. */
public final class BlobDigestMismatchException extends CinemaException {

  public BlobDigestMismatchException(String message) {
    super(message);
  }
}
