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
