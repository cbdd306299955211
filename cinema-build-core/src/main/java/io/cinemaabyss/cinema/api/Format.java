package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.IndexFormat;
import java.util.Locale;

/** The media types of what a build writes. */
public enum Format {
  /** An OCI image index over OCI manifests (the default). */
  OCI,
  /** A Docker manifest list over Docker v2.2 manifests, for registries and runtimes that need it. */
  DOCKER;

  /** {@code OCI} or {@code DOCKER}, any case; anything else is an error naming {@code what} and the choices. */
  public static Format parse(String value, String what) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CinemaException(
          "Unknown " + what + " '" + value + "': use OCI (an OCI image index) or DOCKER (a Docker manifest list).");
    }
  }

  IndexFormat core() {
    return this == OCI ? IndexFormat.OCI : IndexFormat.DOCKER;
  }
}
