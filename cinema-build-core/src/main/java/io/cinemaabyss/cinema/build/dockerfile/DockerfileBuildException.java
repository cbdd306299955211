package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.CinemaException;

/** A Dockerfile build failed in the builder (a step failed, the daemon was unreachable, buildx failed). */
public final class DockerfileBuildException extends CinemaException {

  public DockerfileBuildException(String message) {
    super(message);
  }

  public DockerfileBuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
