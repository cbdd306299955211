package io.cinemaabyss.cinema;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A PATH value, searched for a program the way a shell searches it. */
public record SearchPath(String value) {

  public SearchPath {
    value = value == null ? "" : value;
  }

  /** The PATH of {@code environment}; empty when it has none. */
  public static SearchPath of(Map<String, String> environment) {
    return new SearchPath(environment.getOrDefault("PATH", ""));
  }

  /** The first executable regular file named {@code program} in the PATH's directories, in order. */
  public Optional<Path> find(String program) {
    for (String dir : value.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
