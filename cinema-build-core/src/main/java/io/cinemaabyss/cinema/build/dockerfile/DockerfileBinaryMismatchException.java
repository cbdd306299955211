package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;
import java.util.List;

/**
 * A Dockerfile built an image whose entrypoint binary (or config) is of another architecture than
 * the platform it was built for; the message names the Dockerfile's likely mistake.
 */
public final class DockerfileBinaryMismatchException extends CinemaException {

  private final Platform platform;
  private final List<LintFinding> causes;

  public DockerfileBinaryMismatchException(String message, Platform platform, List<LintFinding> causes) {
    super(message);
    this.platform = platform;
    this.causes = List.copyOf(causes);
  }

  public Platform platform() {
    return platform;
  }

  /** The lint findings that explain the mismatch, when there are any. */
  public List<LintFinding> causes() {
    return causes;
  }
}
