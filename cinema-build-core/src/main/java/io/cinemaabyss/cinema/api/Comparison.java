package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.check.ImageComparison;
import java.util.List;

/**
 * What {@link Cinema#compare} found between an expected image (such as a rebuild from the
 * checked-out sources) and an actual one (such as the image in the registry): nothing when they are
 * the same, else where they part, platform by platform: the config fields, the first layer and the
 * first file in it that differ.
 */
public final class Comparison {

  private final ImageComparison.Result result;

  Comparison(ImageComparison.Result result) {
    this.result = result;
  }

  public boolean same() {
    return result.same();
  }

  public String expectedDigest() {
    return result.expectedDigest();
  }

  public String actualDigest() {
    return result.actualDigest();
  }

  /** A line per difference, such as {@code linux/arm64: layer 2 of 2 differs (...): usr/local/bin/movies: ...}. */
  public List<String> differences() {
    return result.differences();
  }

  /** One line, and a line per difference. */
  public String summary() {
    if (same()) {
      return result.actualName() + " is " + result.expectedName() + ": the same image, " + result.actualDigest();
    }
    return result.actualName() + " (" + result.actualDigest() + ") is not " + result.expectedName() + " (" + result.expectedDigest() + "):\n  "
        + String.join("\n  ", result.differences());
  }

  /** Fails with the summary when the two differ. */
  public Comparison requireSame() {
    if (!same()) {
      throw new CinemaException(summary());
    }
    return this;
  }

  @Override
  public String toString() {
    return summary();
  }
}
