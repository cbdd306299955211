package io.cinemaabyss.cinema.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input stops a Dockerfile build early, with a message naming the thing and the fix, and writes nothing. */
class DockerfileImageBuildFailuresTest {

  @TempDir Path tmp;

  @Test
  void failOnLintStopsBeforeAnyBuildAndWritesNoLayout() throws IOException {
    Path dockerfile = tmp.resolve("Dockerfile");
    Files.writeString(dockerfile, DockerfileLintTest.FIXED.replace("GOARCH=$TARGETARCH", "GOARCH=arm64"));
    List<String> log = new ArrayList<>();
    assertThatThrownBy(
            () -> DockerfileImageBuild.of(new DockerfileBuildOptions(dockerfile, Optional.empty(), Platform.DEFAULTS, Map.of(), Optional.empty(),
                    Optional.of("unix://" + tmp.resolve("no-docker.sock")), true, DockerfileCross.Mode.AUTO, Map.of(), IndexFormat.OCI, System.getenv()))
                .log(DockerfileImageBuildTest.collect(log))
                .buildTo(tmp.resolve("oci"), "1"))
        .isInstanceOf(DockerfileLintException.class)
        .hasMessageStartingWith(dockerfile + " has 1 multi-architecture problem:")
        .hasMessageContaining(dockerfile + ":5: [hardcoded-goos-goarch]");
    assertThat(log).singleElement().satisfies(l -> assertThat(l).startsWith("WARN " + dockerfile + ":5:"));
    assertThat(tmp.resolve("oci")).doesNotExist();
  }

  @Test
  void anUnreachableDaemonIsNamedWithTheFix() throws IOException {
    Path dockerfile = tmp.resolve("Dockerfile");
    Files.writeString(dockerfile, DockerfileLintTest.FIXED);
    String host = "unix://" + tmp.resolve("no-docker.sock");
    java.util.List<String> log = new java.util.ArrayList<>();
    assertThatThrownBy(
            () -> DockerfileImageBuild.of(DockerfileImageBuildTest.options(dockerfile, Platform.DEFAULTS, Map.of(), host))
                .builder(DockerfileImageBuild.Builder.ENGINE_API)
                .log(DockerfileImageBuildTest.collect(log))
                .buildTo(tmp.resolve("oci"), "1"))
        .isInstanceOf(DockerfileBuildException.class)
        .hasMessageStartingWith("Cannot reach the Docker daemon at " + host)
        .hasMessageContaining("DOCKER_HOST (or cinema.dockerHost)");
    // the cause comes first: nothing said the build had started
    org.assertj.core.api.Assertions.assertThat(log).noneMatch(l -> l.startsWith("Building"));
  }

  @Test
  void aMissingDockerfileOrTargetIsNamed() throws IOException {
    assertThatThrownBy(() -> DockerfileImageBuild.of(DockerfileBuildOptions.of(tmp.resolve("nope/Dockerfile"))).buildTo(tmp.resolve("oci"), "1"))
        .hasMessageContaining("nope/Dockerfile does not exist")
        .hasMessageContaining("cinema.dockerfile");
    Path dockerfile = tmp.resolve("Dockerfile");
    Files.writeString(dockerfile, DockerfileLintTest.FIXED);
    assertThatThrownBy(() -> DockerfileImageBuild.of(new DockerfileBuildOptions(dockerfile, Optional.empty(), Platform.DEFAULTS, Map.of(),
            Optional.of("release"), Optional.empty(), false, DockerfileCross.Mode.AUTO, Map.of(), IndexFormat.OCI, System.getenv()))
        .buildTo(tmp.resolve("oci"), "1"))
        .hasMessageContaining("Target stage 'release' is not in")
        .hasMessageContaining("'build', #1");
  }
}
