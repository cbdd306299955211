package io.cinemaabyss.cinema.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Given Kubernetes YAML, when read, then these workloads, images, placements and pull secrets. */
class KubernetesManifestsTest {

  static final Platform AMD64 = Platform.parse("linux/amd64");
  static final Platform ARM64 = Platform.parse("linux/arm64");

  static final String ALL_KINDS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: debug, namespace: tools}
      spec:
        containers: [{name: shell, image: "busybox:1"}]
        ephemeralContainers:
        - name: probe
          image: 'registry.local/probe:2'
      ---
      # a comment between documents
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: movies
      spec:
        template:
          spec:
            initContainers:
            - name: migrate
              image: registry.local/movies-migrate:1.0
            containers:
            - name: movies
              image: registry.local/movies:1.0
      ---
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: nightly}
      spec:
        jobTemplate:
          spec:
            template:
              spec:
                containers: [{name: job, image: registry.local/nightly@sha256:0000000000000000000000000000000000000000000000000000000000000000}]
      ---
      apiVersion: v1
      kind: List
      items:
      - apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec: {template: {spec: {containers: [{name: agent, image: registry.local/agent:3}]}}}
      - apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec: {template: {spec: {containers: [{name: db, image: registry.local/db:4}]}}}
      - apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: rs}
        spec: {template: {spec: {containers: [{name: rs, image: registry.local/rs:5}]}}}
      - apiVersion: batch/v1
        kind: Job
        metadata: {name: once}
        spec: {template: {spec: {containers: [{name: once, image: registry.local/once:6}]}}}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: movies}
      spec: {ports: [{port: 80}]}
      """;

  @Test
  void everyWorkloadKindAndEveryContainerListIsRead() {
    List<Workload> workloads = KubernetesManifests.read("all.yaml", ALL_KINDS).workloads();

    assertThat(workloads).extracting(Workload::shown).containsExactly(
        "Pod tools/debug", "Deployment default/movies", "CronJob default/nightly", "DaemonSet default/agent",
        "StatefulSet default/db", "ReplicaSet default/rs", "Job default/once");
    assertThat(workloads.get(0).images()).containsExactly(
        new ContainerImage("shell", ContainerRole.CONTAINER, "busybox:1"),
        new ContainerImage("probe", ContainerRole.EPHEMERAL_CONTAINER, "registry.local/probe:2"));
    assertThat(workloads.get(1).images()).containsExactly(
        new ContainerImage("movies", ContainerRole.CONTAINER, "registry.local/movies:1.0"),
        new ContainerImage("migrate", ContainerRole.INIT_CONTAINER, "registry.local/movies-migrate:1.0"));
    assertThat(workloads.get(1).origin()).isEqualTo("all.yaml#2");
    assertThat(workloads.get(3).origin()).isEqualTo("all.yaml#4 items[0]");
  }

  @Test
  void directoriesAreReadFileByFileInOrder(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("b.yaml"), "kind: Pod\nmetadata: {name: b}\nspec: {containers: [{name: c, image: b:1}]}\n");
    Files.writeString(dir.resolve("a.yml"), "kind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: a:1}]}\n");
    Files.writeString(dir.resolve("notes.txt"), "not yaml: [");

    assertThat(KubernetesManifests.read(List.of(dir)).workloads()).extracting(Workload::name).containsExactly("a", "b");
  }

  @Test
  void nodeSelectorAndRequiredNodeAffinityNarrowThePlatforms() {
    String yaml = """
        kind: Pod
        metadata: {name: arm-only}
        spec:
          nodeSelector: {kubernetes.io/arch: arm64, disktype: ssd}
          containers: [{name: c, image: x:1}]
        ---
        kind: Pod
        metadata: {name: not-arm}
        spec:
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                - matchExpressions:
                  - {key: kubernetes.io/arch, operator: NotIn, values: [arm64]}
                  - {key: kubernetes.io/os, operator: In, values: [linux]}
          containers: [{name: c, image: x:1}]
        ---
        kind: Pod
        metadata: {name: either}
        spec:
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [s390x]}]
                - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [a]}]
          containers: [{name: c, image: x:1}]
        """;
    List<Workload> pods = KubernetesManifests.read("p.yaml", yaml).workloads();

    assertThat(pods.get(0).placement().allows(ARM64)).isTrue();
    assertThat(pods.get(0).placement().allows(AMD64)).isFalse();
    assertThat(pods.get(0).placement().describe()).isEqualTo("nodeSelector kubernetes.io/arch=arm64");
    assertThat(pods.get(1).placement().allows(AMD64)).isTrue();
    assertThat(pods.get(1).placement().allows(ARM64)).isFalse();
    // a term that says nothing about os/arch admits every node
    assertThat(pods.get(2).placement().isAny()).isTrue();
  }

  @Test
  void pullSecretsOfTheWorkloadsNamespaceGiveCredentialsForTheirRegistry() {
    String config = "{\"auths\":{\"https://registry.local:5443/v1/\":{\"auth\":\""
        + Base64.getEncoder().encodeToString("robot:s3cret".getBytes()) + "\"}}}";
    String yaml = """
        kind: Secret
        type: kubernetes.io/dockerconfigjson
        metadata: {name: pull, namespace: shop}
        data:
          .dockerconfigjson: %s
        ---
        kind: Pod
        metadata: {name: p, namespace: shop}
        spec:
          imagePullSecrets: [{name: pull}]
          containers: [{name: c, image: registry.local:5443/x:1}]
        ---
        kind: Pod
        metadata: {name: q, namespace: other}
        spec:
          imagePullSecrets: [{name: pull}]
          containers: [{name: c, image: registry.local:5443/x:1}]
        """.formatted(Base64.getEncoder().encodeToString(config.getBytes()));
    KubernetesManifests manifests = KubernetesManifests.read("s.yaml", yaml);

    var sources = manifests.pullSecrets().sourcesFor(manifests.workloads().get(0), "registry.local:5443");
    assertThat(sources).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("imagePullSecret shop/pull in s.yaml#1").doesNotContain("s3cret");
      assertThat(s.retriever().retrieve()).hasValueSatisfying(c -> {
        assertThat(c.getUsername()).isEqualTo("robot");
        assertThat(c.getPassword()).isEqualTo("s3cret");
      });
    });
    assertThat(manifests.pullSecrets().sourcesFor(manifests.workloads().get(1), "registry.local:5443")).isEmpty();
    assertThat(manifests.pullSecrets().sourcesFor(manifests.workloads().get(0), "ghcr.io")).isEmpty();
  }

  @Test
  void badInputIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> KubernetesManifests.read("bad.yaml", "kind: Pod\nspec: [unclosed\n"))
        .isInstanceOf(CinemaException.class).hasMessageContaining("bad.yaml is not valid YAML at line");
    assertThatThrownBy(() -> KubernetesManifests.read(List.of(dir.resolve("missing.yaml"))))
        .isInstanceOf(CinemaException.class).hasMessageContaining("No Kubernetes manifest at").hasMessageContaining("missing.yaml");
    assertThatThrownBy(() -> KubernetesManifests.read(List.of(dir)))
        .isInstanceOf(CinemaException.class).hasMessageContaining("has no .yaml, .yml or .json files");
    assertThatThrownBy(() -> KubernetesManifests.read("p.yaml", "kind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}]}\n"))
        .isInstanceOf(CinemaException.class).hasMessageContaining("'c' of Pod default/p in p.yaml has no image");
  }
}
