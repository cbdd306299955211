package io.cinemaabyss.cinema.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.assemble.DockerSinks;
import io.cinemaabyss.cinema.assemble.PlatformImage;
import io.cinemaabyss.cinema.host.DockerHost;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/movies-service loaded into the real dockerd through the Engine API, and run there. */
class DockerDaemonSinkTest {

  @TempDir Path dir;

  @Test
  void theDaemonsPlatformIsLoadedUnderTheImagesNameAndRuns() throws Exception {
    DockerHost host = DockerHost.resolve(Optional.of(TestServices.dockerHost()), Map.of());
    BuildResult built = MoviesServiceImages.onBase();
    String name = "cinema-load-test.local/movies-" + UUID.randomUUID().toString().substring(0, 8) + ":1.0";
    String container = "cinema-load-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      DockerSinks.Loaded loaded = DockerSinks.load(built, name, host, dir);
      assertThat(loaded.platform()).isEqualTo(Platform.parse("linux/amd64"));
      PlatformImage amd64 = built.images().stream().filter(i -> i.platform().equals(loaded.platform())).findFirst().orElseThrow();
      assertThat(loaded.imageId()).isEqualTo(amd64.configDigest().toString());
      assertThat(Commands.run("docker", "-H", host.uri(), "image", "inspect", "--format", "{{.Id}}", name).requireSuccess().output().trim())
          .isEqualTo(amd64.configDigest().toString());
      assertThat(Commands.run(List.of("docker", "-H", host.uri(), "run", "--rm", "--name", container, name, "--version"), null, Map.of(), 120)
              .requireSuccess().output().trim())
          .endsWith("movies-service 1.0 linux/amd64");
      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left).as("the archive sent is not left behind").isEmpty();
      }
    } finally {
      Commands.run("docker", "-H", host.uri(), "rm", "-f", container);
      Commands.run("docker", "-H", host.uri(), "rmi", "-f", name);
    }
  }

  @Test
  void aPlatformTheBuildDidNotMakeIsAnErrorNamingThePlatformsBuilt() {
    DockerHost host = DockerHost.resolve(Optional.of(TestServices.dockerHost()), Map.of());
    BuildResult built = MoviesServiceImages.onBase();
    BuildResult arm64Only = new BuildResult(built.layout(), built.tag(), built.index(),
        built.images().stream().filter(i -> i.platform().architecture().equals("arm64")).toList(), built.binaries(), built.base());
    assertThatThrownBy(() -> DockerSinks.load(arm64Only, "cinema-load-test.local/none:1", host, dir))
        .isInstanceOfSatisfying(HostPlatformNotBuiltException.class, e -> {
          assertThat(e.host()).isEqualTo(Platform.parse("linux/amd64"));
          assertThat(e.built()).containsExactly(Platform.parse("linux/arm64"));
        })
        .hasMessageContaining("runs linux/amd64, but this build made images only for linux/arm64")
        .hasMessageContaining("add linux/amd64 to cinema.platforms");
  }

  @Test
  void anUnreachableDaemonIsAClearError() {
    DockerHost host = new DockerHost("unix://" + dir.resolve("no-such.sock"));
    assertThatThrownBy(() -> DockerSinks.load(MoviesServiceImages.scratch(), "cinema-load-test.local/x:1", host, dir))
        .isInstanceOf(DockerDaemonSink.DaemonLoadException.class)
        .hasMessageContaining("Cannot reach the Docker daemon at unix://")
        .hasMessageContaining("DOCKER_HOST");
  }
}
