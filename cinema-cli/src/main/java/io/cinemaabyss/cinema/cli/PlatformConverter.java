package io.cinemaabyss.cinema.cli;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;
import picocli.CommandLine;

/** {@code os/arch[/variant]} to a platform; a bad one is a usage error naming it. */
enum PlatformConverter implements CommandLine.ITypeConverter<Platform> {
  INSTANCE;

  @Override
  public Platform convert(String value) {
    try {
      return Platform.parse(value);
    } catch (CinemaException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
