package io.cinemaabyss.cinema.build.go;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;

/** {@code go build} failed for a platform; the message carries the compiler's own output. */
public final class GoCompileException extends CinemaException {

  private final Platform platform;
  private final String compilerOutput;

  public GoCompileException(Platform platform, String command, int exitCode, String compilerOutput) {
    super(
        "go build for "
            + platform
            + " failed (exit "
            + exitCode
            + "): "
            + command
            + System.lineSeparator()
            + compilerOutput.strip());
    this.platform = platform;
    this.compilerOutput = compilerOutput;
  }

  public Platform platform() {
    return platform;
  }

  public String compilerOutput() {
    return compilerOutput;
  }
}
