package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.layout.LayoutStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a build into a sink. A layout is written in place; a registry gets the image through a
 * layout in a temporary directory, pushed, then deleted. Without a work directory, the binaries
 * and caches live in a temporary directory that is deleted at the end: nothing is written outside
 * the directories given.
 */
final class BuildTo {

  /** One build into a layout, with binaries and caches under {@code work}. */
  interface Step {
    BuildResult build(Path layoutDirectory, String tag, Path work);
  }

  private BuildTo() {}

  static Built run(Location sink, Optional<Path> workDirectory, Optional<String> image, int parallelism, BuildLog log, Step step) {
    Path temporary = null;
    try {
      if (workDirectory.isEmpty() || sink instanceof Registry) {
        temporary = Files.createTempDirectory("cinema-build-");
      }
      Path work = workDirectory.orElse(temporary == null ? null : temporary.resolve("work"));
      if (sink instanceof Layout layout) {
        String tag = layout.requireTag();
        BuildResult result = step.build(layout.directory(), tag, work);
        String shown = image.orElse(layout.name());
        return new Built(result, image, ImageSummaries.of(new LayoutStore(result.layout(), tag), shown), Optional.empty());
      }
      Registry registry = (Registry) sink;
      String tag = registry.parsed().tag().orElse("latest");
      Layout staged = Layout.at(temporary.resolve("oci")).tag(tag);
      BuildResult result = step.build(staged.directory(), tag, work);
      Copied pushed = Cinema.copy(staged, registry).parallelism(parallelism).log(log).run();
      return new Built(result, Optional.of(image.orElse(registry.reference())), pushed.summary(), Optional.of(pushed));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make a temporary directory for the build", e);
    } finally {
      delete(temporary);
    }
  }

  private static void delete(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new CinemaException("Cannot delete the temporary build directory " + directory + ": " + e.getMessage(), e);
    }
  }
}
