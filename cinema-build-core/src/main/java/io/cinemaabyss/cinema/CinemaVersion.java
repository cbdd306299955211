package io.cinemaabyss.cinema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of cinema-build itself, as images name their builder ({@code cinema-build:0.1.0}). */
public final class CinemaVersion {

  private static final String VERSION = load();

  private CinemaVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = CinemaVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("cinema-build's version.properties is missing from its jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
