package io.cinemaabyss.cinema.sink;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;
import java.util.List;
import java.util.stream.Collectors;

/** The daemon runs a platform the build did not make an image for. */
public final class HostPlatformNotBuiltException extends CinemaException {

  private final Platform host;
  private final List<Platform> built;

  public HostPlatformNotBuiltException(Platform host, List<Platform> built, String daemon) {
    super("The Docker daemon at " + daemon + " runs " + host + ", but this build made images only for "
        + built.stream().map(Platform::toString).collect(Collectors.joining(", "))
        + ": add " + host + " to cinema.platforms to load the image into it.");
    this.host = host;
    this.built = List.copyOf(built);
  }

  public Platform host() {
    return host;
  }

  public List<Platform> built() {
    return built;
  }
}
