package io.cinemaabyss.cinema.cli;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.api.Credentials;
import io.cinemaabyss.cinema.api.Location;
import io.cinemaabyss.cinema.api.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command: parses, runs once, and turns what went wrong into an exit code and one clear line. */
abstract class CinemaCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  Output output;

  @Mixin
  RegistryOptions registry;

  private Credentials credentials;

  /** Does the work; returns {@link CinemaCli#OK} or {@link CinemaCli#CHECK_FAILED}. */
  abstract int execute() throws IOException;

  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (CommandLine.ParameterException e) {
      throw e; // picocli prints it with the usage: exit 2
    } catch (CinemaException | UncheckedIOException | IOException e) {
      return output.error(e, CinemaCli.FAILED);
    } catch (RuntimeException e) {
      return output.error(new RuntimeException("unexpected " + e + " (run with --verbose for the stack trace)", e), CinemaCli.FAILED);
    }
  }

  /** The credentials the options and the environment give (stdin is read once). */
  Credentials credentials() throws IOException {
    if (credentials == null) {
      credentials = registry.credentials(System.getenv(), System.in, this::usage);
    }
    return credentials;
  }

  /** {@code text} as an image location; a reference that is not one is a usage error naming it. */
  Location location(String text, String what) throws IOException {
    try {
      return registry.location(text.trim(), credentials());
    } catch (CinemaException | IllegalArgumentException e) {
      throw usage(what + ": " + e.getMessage());
    }
  }

  /** {@code text} as a registry image; an OCI layout is a usage error saying what is expected. */
  Registry registryImage(String text, String what) throws IOException {
    if (location(text, what) instanceof Registry image) {
      return image;
    }
    throw usage(what + " must be a registry image (docker://REF or REF), not the OCI layout " + text + ".");
  }

  /** A usage error about {@code option}: exit 2, with the command's usage. */
  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
