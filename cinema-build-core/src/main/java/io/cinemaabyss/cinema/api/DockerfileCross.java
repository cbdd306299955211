package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.CinemaException;
import java.util.Locale;

/**
 * Whether a Dockerfile build cross-compiles the Go stages that would compile under emulation: a
 * stage without {@code FROM --platform=$BUILDPLATFORM} whose RUN is a {@code go build} or
 * {@code go install}.
 */
public enum DockerfileCross {
  /**
   * Build such a stage on the build platform with the target's GOOS/GOARCH/GOARM (and
   * CGO_ENABLED=0 unless the stage sets it), where that is safe; a stage that runs what it built,
   * uses cgo, or whose binary fails the ELF check is built as written, and the log says why. The
   * default.
   */
  AUTO,
  /** Build the Dockerfile as written: such a stage compiles under emulation on foreign platforms. */
  OFF;

  /** {@code auto} or {@code off}, any case; anything else is an error naming {@code what} and the choices. */
  public static DockerfileCross parse(String value, String what) {
    if (value == null || value.isBlank()) {
      return AUTO;
    }
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CinemaException("Unknown " + what + " '" + value + "': use auto (cross-compile the Go stages that would compile"
          + " under emulation, where safe) or off (build the Dockerfile as written).");
    }
  }

  io.cinemaabyss.cinema.build.dockerfile.DockerfileCross.Mode core() {
    return this == AUTO ? io.cinemaabyss.cinema.build.dockerfile.DockerfileCross.Mode.AUTO : io.cinemaabyss.cinema.build.dockerfile.DockerfileCross.Mode.OFF;
  }
}
