package io.cinemaabyss.cinema.build.go;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;
import java.time.Duration;

/** {@code go build} for a platform ran longer than its timeout and was killed. */
public final class GoCompileTimeoutException extends CinemaException {

  private final Platform platform;
  private final Duration timeout;

  public GoCompileTimeoutException(Platform platform, Duration timeout, String command, String output) {
    super("go build for " + platform + " did not finish within " + timeout.toSeconds() + " s and was killed: " + command
        + ". If it is only slow (a cold cache, a large module, a loaded machine), raise the limit with -Dcinema.goTimeout="
        + timeout.multipliedBy(2).toSeconds() + " (seconds; <goTimeout> in the plugin configuration)."
        + (output.isBlank() ? "" : " Its last output:" + System.lineSeparator() + output.strip()));
    this.platform = platform;
    this.timeout = timeout;
  }

  public Platform platform() {
    return platform;
  }

  public Duration timeout() {
    return timeout;
  }
}
