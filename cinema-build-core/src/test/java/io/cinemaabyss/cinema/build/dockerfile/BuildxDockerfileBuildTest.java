package io.cinemaabyss.cinema.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.host.DockerHost;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.DockerTestImages;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buildx path: one {@code docker buildx build} for amd64 + arm64 with an OCI output, through a
 * docker-container builder reused by name. Runs wherever the buildx plugin is installed; skipped,
 * visibly, where it is not (Debian bookworm's docker.io has none).
 */
class BuildxDockerfileBuildTest {

  static final String BUILDER = "cinema-build-test";

  @TempDir Path tmp;

  @Test
  void buildsBothPlatformsInOneBuildxInvocation() throws IOException {
    String dockerHost = TestServices.dockerHost();
    if (!BuildxBuilder.available(new DockerHost(dockerHost))) {
      String reason = "docker buildx is not installed here ('docker buildx version' fails): the buildx path is not tested on this host;"
          + " the Docker Engine API path is (DockerfileImageBuildTest)";
      System.err.println("SKIPPED BuildxDockerfileBuildTest: " + reason);
      Assumptions.abort(reason);
    }
    String registry = TestServices.registry();
    String baseImage = TestServices.baseImage();
    Map<String, String> env = Map.of("DOCKER_HOST", dockerHost);
    // The builder runs in a container: it pulls from the local registry (host network, plain HTTP), not from the daemon.
    String goImage = registry + "/docker-it/go:1.19";
    Commands.run(List.of("docker", "tag", DockerTestImages.goBuilder(), goImage), null, env, 60).requireSuccess();
    Commands.run(List.of("docker", "push", goImage), null, env, 600).requireSuccess();
    Path config = tmp.resolve("buildkitd.toml");
    Files.writeString(config, "[registry.\"" + registry + "\"]\n  http = true\n  insecure = true\n");
    if (Commands.run(List.of("docker", "buildx", "inspect", BUILDER), null, env, 60).exitCode() != 0) {
      Commands.run(
              List.of("docker", "buildx", "create", "--name", BUILDER, "--driver", "docker-container", "--driver-opt", "network=host",
                  "--config", config.toString()),
              null, env, 300)
          .requireSuccess();
    }

    List<String> log = new ArrayList<>();
    Path example = DockerTestImages.repositoryRoot().resolve("examples/events-service");
    BuildResult result =
        DockerfileImageBuild.of(DockerfileImageBuildTest.options(example.resolve("Dockerfile"), Platform.parseAll(List.of("linux/amd64", "linux/arm64")),
                Map.of("GO_IMAGE", goImage, "BASE_IMAGE", baseImage, "VERSION", "2.0.0"), dockerHost))
            .builder(DockerfileImageBuild.Builder.BUILDX)
            .buildxBuilderName(BUILDER)
            .log(DockerfileImageBuildTest.collect(log))
            .buildTo(tmp.resolve("oci"), "2.0.0");

    assertThat(log).contains("Using buildx builder '" + BUILDER + "'");
    assertThat(log).anyMatch(l -> l.startsWith("[buildx] #"));
    assertThat(result.images()).extracting(i -> i.platform().toString()).containsExactly("linux/amd64", "linux/arm64");
    Path arm64 = DockerfileImageBuildTest.extract(result.layout(), Platform.parse("linux/arm64"), "usr/local/bin/events-service", tmp.resolve("arm64"));
    assertThat(ElfHeader.read(arm64).orElseThrow().architecture()).isEqualTo("arm64");
    assertThat(Commands.run("qemu-aarch64-static", arm64.toString(), "--version").requireSuccess().output().strip())
        .isEqualTo("events-service 2.0.0 linux/arm64");
  }
}
