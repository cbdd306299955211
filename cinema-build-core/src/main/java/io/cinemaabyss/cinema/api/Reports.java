package io.cinemaabyss.cinema.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a JSON report, creating its directory. */
final class Reports {

  private Reports() {}

  static Path write(JsonNode json, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, Json.pretty(json));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the report " + file, e);
    }
  }
}
