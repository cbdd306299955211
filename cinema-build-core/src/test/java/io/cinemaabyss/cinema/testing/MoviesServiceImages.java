package io.cinemaabyss.cinema.testing;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.assemble.ContainerSpec;
import io.cinemaabyss.cinema.assemble.GoImageBuild;
import io.cinemaabyss.cinema.build.go.GoBuildOptions;
import io.cinemaabyss.cinema.oci.ImageAnnotations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * examples/movies-service built for linux/amd64 and linux/arm64 once per test JVM, by the real
 * build (go + jib), into temporary OCI layouts that tests share read-only (they may add tags).
 */
public final class MoviesServiceImages {

  /** The tag of the index in each layout. */
  public static final String TAG = "1.0";

  private static BuildResult scratch;
  private static BuildResult onBase;

  private MoviesServiceImages() {}

  /** The service on {@code scratch}. */
  public static synchronized BuildResult scratch() {
    if (scratch == null) {
      scratch = build("scratch", "scratch");
    }
    return scratch;
  }

  /** The service on the multi-arch busybox base of the plain test registry. */
  public static synchronized BuildResult onBase() {
    if (onBase == null) {
      onBase = build("on-base", TestServices.baseImage());
    }
    return onBase;
  }

  /** The Go module of examples/movies-service, found from the module or repository directory. */
  public static Path moduleDir() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("examples").resolve("movies-service");
      if (Files.isRegularFile(candidate.resolve("go.mod"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("examples/movies-service not found above " + dir);
  }

  private static BuildResult build(String name, String from) {
    try {
      Path root = Files.createTempDirectory("cinema-movies-" + name + "-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
      return GoImageBuild.module(moduleDir())
          .platforms("linux/amd64", "linux/arm64")
          .from(from)
          .allowInsecureRegistries(true)
          .go(GoBuildOptions.defaults().withLdflags("-s -w -X main.version=" + TAG))
          .container(ContainerSpec.forBinary("movies-service").withPorts(8080))
          .annotations(Map.of(ImageAnnotations.TITLE, "movies-service", ImageAnnotations.LICENSES, "Apache-2.0"))
          .log(BuildLog.of(line -> System.out.println("[movies-service " + name + "] " + line)))
          .buildTo(root.resolve("oci"), TAG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory the OS cleans up anyway
    }
  }
}
