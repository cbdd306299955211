package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.CinemaException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Reads SOURCE_DATE_EPOCH (reproducible-builds.org), the creation time reproducible builds agree on. */
public final class SourceDateEpoch {

  private SourceDateEpoch() {}

  /**
   * The creation time of an image built from {@code sources}: SOURCE_DATE_EPOCH, else the time of
   * the git commit the sources are checked out at, else the epoch. Each is the same on every machine
   * for the same sources, so the image stays reproducible.
   */
  public static Instant creationTime(Map<String, String> environment, Path sources) {
    String value = environment.get("SOURCE_DATE_EPOCH");
    if (value != null && !value.isBlank()) {
      return from(environment);
    }
    return GitRevision.commitTime(sources).orElse(Instant.EPOCH);
  }

  /** The time SOURCE_DATE_EPOCH names, or the epoch when it is unset. */
  public static Instant from(Map<String, String> environment) {
    String value = environment.get("SOURCE_DATE_EPOCH");
    if (value == null || value.isBlank()) {
      return Instant.EPOCH;
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new CinemaException(
          "SOURCE_DATE_EPOCH='" + value + "' is not a number of seconds since 1970: set it to e.g. $(git log -1 --format=%ct) or unset it.");
    }
  }
}
