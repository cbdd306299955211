package io.cinemaabyss.cinema.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The goals are thin: they reach cinema-build-core only through its front door (the {@code api}
 * package, the {@code oci} model and the root package's CinemaException and BuildLog), as the
 * command line and an embedding program do, and never through jib or docker-java. A goal that
 * reaches an internal package fails here, naming the file and the line.
 */
class FrontDoorOnlyTest {

  private static final Path SOURCES = Path.of("src/main/java");
  private static final Set<String> DOOR = Set.of("api", "oci", "maven");
  private static final Pattern CORE = Pattern.compile("io\\.cinemaabyss\\.cinema\\.([a-z][a-z0-9_]*)\\.");
  private static final Pattern FOREIGN = Pattern.compile("com\\.google\\.cloud\\.tools\\.jib|com\\.github\\.dockerjava");

  @Test
  void thePluginUsesOnlyTheCoresFrontDoor() throws IOException {
    List<String> problems = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(files).as("the plugin's sources under " + SOURCES.toAbsolutePath()).hasSizeGreaterThan(10);
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher core = CORE.matcher(line);
        while (core.find()) {
          if (!DOOR.contains(core.group(1))) {
            problems.add(SOURCES.relativize(file) + ":" + (i + 1) + " uses the internal package " + core.group(1) + ": " + line.strip());
          }
        }
        if (FOREIGN.matcher(line).find()) {
          problems.add(SOURCES.relativize(file) + ":" + (i + 1) + " uses jib or docker-java: " + line.strip());
        }
      }
    }
    assertThat(problems).as("plugin sources reaching past the front door").isEmpty();
  }
}
