package io.cinemaabyss.cinema.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.check.ClusterNodes;
import io.cinemaabyss.cinema.check.DeploymentTestImages;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import io.cinemaabyss.cinema.remote.RegistryCredentials;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given real manifests whose images are in the real registry (multi-arch, amd64 only, a lying
 * config) and an amd64 + arm64 cluster, when checked, then each workload gets the verdict its
 * nodes would give it.
 */
class DeploymentCheckTest {

  static final byte[] NODES = """
      {"apiVersion": "v1", "kind": "List", "items": [
        {"kind": "Node", "metadata": {"name": "x86-1"}, "status": {"nodeInfo": {"architecture": "amd64", "operatingSystem": "linux"}}},
        {"kind": "Node", "metadata": {"name": "arm-1"}, "status": {"nodeInfo": {"architecture": "arm64", "operatingSystem": "linux"}}}
      ]}
      """.getBytes(StandardCharsets.UTF_8);

  @TempDir static Path work;
  static DeploymentTestImages.Images images;

  @BeforeAll
  static void pushImages() {
    TestServices.registry();
    images = DeploymentTestImages.push(work);
  }

  static DeploymentReport check(String yaml) {
    return DeploymentCheck.of(KubernetesManifests.read("test.yaml", yaml))
        .nodes(ClusterNodes.parse(NODES, "nodes.json"))
        .registryAccess(new RegistryAccess(true, event -> {}))
        .credentials(reference -> RegistryCredentials.none())
        .check();
  }

  @Test
  void aDeploymentWithAnInitContainerAndACronJobOnMultiArchImagesRunEverywhere() {
    DeploymentReport report = check("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: movies}
        spec:
          template:
            spec:
              initContainers: [{name: migrate, image: "%1$s"}]
              containers: [{name: movies, image: "%1$s"}]
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: job, image: "%1$s"}]}}}}}
        """.formatted(images.multiArch()));

    assertThat(report.ok()).as(report.table()).isTrue();
    assertThat(report.workloads()).hasSize(2);
    ImageCheck init = report.workloads().get(0).images().get(1);
    assertThat(init.container().role()).isEqualTo(ContainerRole.INIT_CONTAINER);
    assertThat(init.digest()).startsWith("sha256:");
    assertThat(init.needed()).containsExactly("linux/amd64", "linux/arm64");
    assertThat(init.present()).containsExactly("linux/amd64", "linux/arm64");
    assertThat(report.table()).contains("Deployment default/movies", "ok      init migrate", "2 workloads, 3 images: all run on their nodes");
  }

  @Test
  void anAmd64OnlyImageFailsOnTheArmNodesButAPodPinnedToAmd64Passes() {
    DeploymentReport report = check("""
        kind: Deployment
        metadata: {name: everywhere}
        spec: {template: {spec: {containers: [{name: app, image: "%1$s"}]}}}
        ---
        kind: Pod
        metadata: {name: x86-only}
        spec:
          nodeSelector: {kubernetes.io/arch: amd64}
          containers: [{name: app, image: "%1$s"}]
        """.formatted(images.amd64Only()));

    ImageCheck everywhere = report.workloads().get(0).images().get(0);
    assertThat(everywhere.outcome()).isEqualTo(ImageCheck.Outcome.FAILED);
    assertThat(everywhere.problems()).singleElement().asString().contains("no linux/arm64 manifest", "arm-1");
    assertThat(everywhere.fix()).isEqualTo("rebuild with platforms linux/amd64,linux/arm64");
    ImageCheck pinned = report.workloads().get(1).images().get(0);
    assertThat(pinned.ok()).as(report.table()).isTrue();
    assertThat(pinned.needed()).containsExactly("linux/amd64");
    assertThat(report.ok()).isFalse();
    assertThat(report.failures()).isEqualTo(1);
  }

  @Test
  void aLyingConfigFailsOnTheNodesThatWouldRunItsWrongBinary() {
    DeploymentReport report = check("""
        kind: Pod
        metadata: {name: arm-only}
        spec:
          nodeSelector: {kubernetes.io/arch: arm64}
          containers: [{name: app, image: "%1$s"}]
        ---
        kind: Pod
        metadata: {name: anywhere}
        spec: {containers: [{name: app, image: "%1$s"}]}
        """.formatted(images.lyingConfig()));

    assertThat(report.workloads().get(0).ok()).as(report.table()).isTrue();
    ImageCheck anywhere = report.workloads().get(1).images().get(0);
    assertThat(anywhere.outcome()).isEqualTo(ImageCheck.Outcome.FAILED);
    assertThat(anywhere.problems()).singleElement().asString()
        .contains("linux/amd64", "carries an arm64 binary", "exec format error");
    assertThat(anywhere.fix()).contains("rebuild the image");
  }

  @Test
  void anUnknownImageAndAnUnreachableRegistryFailOnTheirOwnAndTheRestIsStillChecked() {
    DeploymentReport report = check("""
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - {name: missing, image: "%1$s/inspect-it/deploy-none:1"}
          - {name: down, image: "127.0.0.1:1/nothing/here:1"}
          - {name: fine, image: "%2$s"}
        """.formatted(TestServices.registry(), images.multiArch()));

    List<ImageCheck> checks = report.workloads().get(0).images();
    assertThat(checks.get(0).outcome()).isEqualTo(ImageCheck.Outcome.UNREADABLE);
    assertThat(checks.get(0).problems()).singleElement().asString().contains("deploy-none");
    assertThat(checks.get(1).outcome()).isEqualTo(ImageCheck.Outcome.UNREADABLE);
    assertThat(checks.get(1).problems()).singleElement().asString().contains("127.0.0.1:1");
    assertThat(checks.get(2).ok()).isTrue();
    JsonNode json = report.toJson();
    assertThat(json.path("ok").asBoolean()).isFalse();
    assertThat(json.path("workloads").get(0).path("images").get(0).path("verdict").asText()).isEqualTo("unreadable");
    assertThat(json.path("workloads").get(0).path("images").get(2).path("present").size()).isEqualTo(2);
  }

  @Test
  void aCheckedDeploymentIsPinnedToTheDigestsItWasCheckedAt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: " + images.multiArch() + "\n");
    KubernetesManifests manifests = KubernetesManifests.read(List.of(file));
    DeploymentReport report = DeploymentCheck.of(manifests).nodes(ClusterNodes.parse(NODES, "nodes.json"))
        .registryAccess(new RegistryAccess(true, event -> {})).credentials(reference -> RegistryCredentials.none()).check();

    DeploymentPins.write(manifests, report, dir.resolve("pinned"));

    String digest = report.workloads().get(0).images().get(0).digest();
    String pinned = Files.readString(dir.resolve("pinned/app.yaml"));
    String name = images.multiArch().substring(0, images.multiArch().lastIndexOf(':'));
    assertThat(pinned).contains("image: " + name + "@" + digest + "\n");
    // the pinned reference reads the same index
    assertThat(check(pinned).workloads().get(0).images().get(0).digest()).isEqualTo(digest);
  }

  @Test
  void anImagePullSecretInTheYamlLogsInToItsRegistryAndNothingOfItIsShown() {
    String image = TestServices.tlsRegistry() + "/cinema-test/busybox:1";
    String auth = java.util.Base64.getEncoder().encodeToString((TestServices.tlsUser() + ":" + TestServices.tlsPassword()).getBytes());
    String config = "{\"auths\":{\"" + TestServices.tlsRegistry() + "\":{\"auth\":\"" + auth + "\"}}}";
    String yaml = """
        kind: Secret
        type: kubernetes.io/dockerconfigjson
        metadata: {name: regcred}
        data: {.dockerconfigjson: %s}
        ---
        kind: Pod
        metadata: {name: with-secret}
        spec:
          imagePullSecrets: [{name: regcred}]
          containers: [{name: app, image: "%s"}]
        ---
        kind: Pod
        metadata: {name: without-secret}
        spec:
          containers: [{name: app, image: "%s"}]
        """.formatted(java.util.Base64.getEncoder().encodeToString(config.getBytes()), image, image);

    DeploymentReport report = check(yaml);

    assertThat(report.workloads().get(0).ok()).as(report.table()).isTrue();
    ImageCheck refused = report.workloads().get(1).images().get(0);
    assertThat(refused.outcome()).isEqualTo(ImageCheck.Outcome.UNREADABLE);
    assertThat(report.table() + report.toJson()).doesNotContain(TestServices.tlsPassword()).doesNotContain(auth);
  }
}
