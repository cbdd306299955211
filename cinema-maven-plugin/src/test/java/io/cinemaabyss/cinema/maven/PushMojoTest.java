package io.cinemaabyss.cinema.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The push goal as Maven configures it: a layout in, one library call, a report out; bad input named. */
@MojoTest
class PushMojoTest {

  static final String OUT = "target/mojo-test/push";

  @Test
  @InjectMojo(goal = "push")
  @MojoParameter(name = "image", value = "127.0.0.1:5000/push-it/mojo:1.0")
  @MojoParameter(name = "outputDirectory", value = OUT + "/nothing-built/oci")
  @MojoParameter(name = "pushReport", value = OUT + "/nothing-built/push.json")
  void withoutABuiltLayoutItSaysToRunPackageFirst(PushMojo mojo) {
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("No image to push")
        .hasMessageContaining("run mvn package first");
  }

  @Test
  @InjectMojo(goal = "push")
  @MojoParameter(name = "image", value = "movies-service:1.0")
  @MojoParameter(name = "outputDirectory", value = OUT + "/no-registry/oci")
  @MojoParameter(name = "pushReport", value = OUT + "/no-registry/push.json")
  void anImageWithoutRegistryOrOwnerIsNotPushedToDockerHub(PushMojo mojo) {
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("cinema.image 'movies-service:1.0' names no registry or owner")
        .hasMessageContaining("ghcr.io/<owner>/movies-service:1.0");
  }

  @Test
  @InjectMojo(goal = "push")
  @MojoParameter(name = "skipPush", value = "true")
  @MojoParameter(name = "image", value = "127.0.0.1:5000/push-it/mojo:1.0")
  @MojoParameter(name = "outputDirectory", value = OUT + "/skipped/oci")
  @MojoParameter(name = "pushReport", value = OUT + "/skipped/push.json")
  void skipPushPushesNothing(PushMojo mojo) throws Exception {
    mojo.execute();
    assertThat(new File(OUT, "skipped/push.json")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "push")
  @MojoParameter(name = "allowInsecureRegistries", value = "true")
  @MojoParameter(name = "tags", value = "latest")
  @MojoParameter(name = "pushReport", value = OUT + "/pushed/push.json")
  void pushesTheBuiltLayoutAndWritesThePinnedDigests(PushMojo mojo) throws Exception {
    BuildResult build = MoviesServiceImages.scratch();
    String repository = TestServices.registry() + "/push-it/mojo-" + UUID.randomUUID().toString().substring(0, 8);
    mojo.image = repository + ":" + MoviesServiceImages.TAG;
    mojo.outputDirectory = build.layout().root().toFile();

    mojo.execute();

    JsonNode report = Json.parse(Files.readAllBytes(new File(OUT, "pushed/push.json").toPath()), "push.json");
    assertThat(report.path("pinned").asText()).isEqualTo(repository + "@" + build.index().digest());
    assertThat(report.path("tags")).extracting(JsonNode::asText).containsExactly(MoviesServiceImages.TAG, "latest");
    assertThat(report.path("platforms")).extracting(p -> p.path("platform").asText()).isEqualTo(List.of("linux/amd64", "linux/arm64"));
  }
}
