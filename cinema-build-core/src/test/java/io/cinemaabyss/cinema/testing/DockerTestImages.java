package io.cinemaabyss.cinema.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The local Docker images Dockerfile-build tests need, made by scripts/make-docker-images.sh
 * (idempotent: a second call only checks the image's recipe label).
 */
public final class DockerTestImages {

  private static String goImage;
  private static String multiArchGoImage;

  private DockerTestImages() {}

  /** A linux/amd64 Go builder image in the test dockerd, made from Debian's Go toolchain by docker import. */
  public static synchronized String goBuilder() {
    String dockerHost = TestServices.dockerHost();
    if (goImage == null) {
      Path script = repositoryRoot().resolve("scripts/make-docker-images.sh");
      Commands.Result result = Commands.run(List.of("bash", script.toString()), null, Map.of("DOCKER_HOST", dockerHost), 600).requireSuccess();
      List<String> lines = result.output().strip().lines().toList();
      goImage = lines.stream().filter(l -> l.matches("[^\\s\\[]\\S*/\\S+:\\S+")).reduce((a, b) -> b)
          .orElseThrow(() -> new AssertionError("make-docker-images.sh named no image:\n" + result.output()));
    }
    return goImage;
  }

  /**
   * A linux/amd64 + linux/arm64 Go builder image in the plain test registry (made by
   * scripts/make-go-multiarch-image.sh), for Dockerfiles whose Go stage runs on the target platform.
   */
  public static synchronized String multiArchGoBuilder() {
    String dockerHost = TestServices.dockerHost();
    String registry = TestServices.registry();
    if (multiArchGoImage == null) {
      Path script = repositoryRoot().resolve("scripts/make-go-multiarch-image.sh");
      Commands.Result result = Commands.run(List.of("bash", script.toString()), null,
          Map.of("DOCKER_HOST", dockerHost, "CINEMA_TEST_REGISTRY", registry), 900).requireSuccess();
      List<String> lines = result.output().strip().lines().toList();
      multiArchGoImage = lines.get(lines.size() - 1).strip();
      if (!multiArchGoImage.startsWith(registry + "/")) {
        throw new AssertionError("make-go-multiarch-image.sh named no image in " + registry + ":\n" + result.output());
      }
    }
    return multiArchGoImage;
  }

  /** The repository's root, found from the module directory the tests run in. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("scripts/make-docker-images.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new AssertionError("Cannot find the repository root (scripts/make-docker-images.sh) above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
