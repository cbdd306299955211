package io.cinemaabyss.cinema.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The platforms a cluster needs, from the output of kubectl get nodes -o json. */
class ClusterNodesTest {

  static Path nodesFile() {
    try {
      return Path.of(ClusterNodesTest.class.getResource("nodes-amd64-arm64.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aFileWithAmd64AndArm64NodesRequiresBothPlatformsNamingTheNodes() {
    ClusterNodes nodes = ClusterNodes.fromFile(nodesFile());

    assertThat(nodes.nodes()).hasSize(3);
    assertThat(nodes.requiredPlatforms()).extracting(RequiredPlatform::platform)
        .containsExactly(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"));
    assertThat(nodes.requiredPlatforms().get(1).reason()).contains("pool-graviton-1, pool-graviton-2");
  }

  @Test
  void theOutputOfACommandIsReadTheSameWay() {
    ClusterNodes nodes = ClusterNodes.fromCommand("cat '" + nodesFile() + "'", Duration.ofSeconds(30));
    assertThat(nodes.requiredPlatforms()).hasSize(2);
    assertThat(nodes.origin()).contains("cat");
  }

  @Test
  void aFailingCommandReportsItsExitAndError() {
    assertThatThrownBy(() -> ClusterNodes.fromCommand("echo 'no context prod' >&2; exit 4", Duration.ofSeconds(30)))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("exited with 4")
        .hasMessageContaining("no context prod")
        .hasMessageContaining("cinema.nodesCommand");
  }

  @Test
  void somethingElseThanANodeListIsAClearError() {
    assertThatThrownBy(() -> ClusterNodes.parse("{\"kind\":\"PodList\",\"metadata\":{}}".getBytes(StandardCharsets.UTF_8), "pods.json"))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("not the output of 'kubectl get nodes -o json'");
    assertThatThrownBy(() -> ClusterNodes.parse("not json".getBytes(StandardCharsets.UTF_8), "garbage.json"))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("garbage.json");
  }

  @Test
  void anArmNodeIsServedByAnyArmVariant() {
    ClusterNodes nodes = ClusterNodes.parse(
        "{\"kind\":\"Node\",\"metadata\":{\"name\":\"pi\"},\"status\":{\"nodeInfo\":{\"architecture\":\"arm\",\"operatingSystem\":\"linux\"}}}"
            .getBytes(StandardCharsets.UTF_8), "pi.json");
    RequiredPlatform arm = nodes.requiredPlatforms().get(0);
    assertThat(arm.satisfiedBy(Platform.parse("linux/arm/v6"))).isTrue();
    assertThat(arm.satisfiedBy(Platform.parse("linux/arm64"))).isFalse();
    assertThat(arm.shown()).isEqualTo("linux/arm");
  }
}
