package io.cinemaabyss.cinema.oci;

import io.cinemaabyss.cinema.CinemaException;

/** A platform string that is not one this tool can build or label. */
public final class UnknownPlatformException extends CinemaException {

  public UnknownPlatformException(String input, String reason) {
    super(
        "Unknown platform '"
            + input
            + "': "
            + reason
            + ". Use os/architecture[/variant], one of: "
            + String.join(", ", Platform.KNOWN));
  }
}
