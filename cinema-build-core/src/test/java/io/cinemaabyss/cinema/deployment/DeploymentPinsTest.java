package io.cinemaabyss.cinema.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.CinemaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Given checked manifests, when pinned, then images carry digests and nothing else changes. */
class DeploymentPinsTest {

  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);

  static final String YAML = """
      # movies, pinned by CI
      kind: Deployment
      metadata: {name: movies}
      spec:
        template:
          spec:
            initContainers:
            - name: migrate
              image: "registry.local:5000/movies-migrate:1.0"   # quoted
            containers:
            - name: movies
              image: registry.local:5000/movies:1.0
            - name: sidecar
              image: 'registry.local:5000/movies:1.0@sha256:%s'
      """.formatted("9".repeat(64));

  @Test
  void imagesAreRewrittenInPlaceAndAValuesFileMapsThemToDigests(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("movies.yaml");
    Files.writeString(file, YAML);
    KubernetesManifests manifests = KubernetesManifests.read(List.of(file));
    String sidecar = "registry.local:5000/movies:1.0@sha256:" + "9".repeat(64);
    DeploymentReport report = new DeploymentReport(List.of("t"), List.of("linux/amd64"), List.of(new WorkloadCheck(
        manifests.workloads().get(0), List.of(
            check("registry.local:5000/movies:1.0", D1), check("registry.local:5000/movies-migrate:1.0", D2), check(sidecar, D1)))));

    List<Path> written = DeploymentPins.write(manifests, report, dir.resolve("pinned"));

    assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly("movies.yaml", DeploymentPins.VALUES_FILE);
    String pinned = Files.readString(written.get(0));
    assertThat(pinned).isEqualTo(YAML
        .replace("\"registry.local:5000/movies-migrate:1.0\"", "\"registry.local:5000/movies-migrate@" + D2 + "\"")
        .replace("image: registry.local:5000/movies:1.0\n", "image: registry.local:5000/movies@" + D1 + "\n")
        .replace("'" + sidecar + "'", "'registry.local:5000/movies@" + D1 + "'"));
    KubernetesManifests reread = KubernetesManifests.read(List.of(written.get(0)));
    assertThat(reread.workloads().get(0).images()).extracting(ContainerImage::image).containsExactly(
        "registry.local:5000/movies@" + D1, "registry.local:5000/movies@" + D1, "registry.local:5000/movies-migrate@" + D2);
    String values = Files.readString(written.get(1));
    assertThat(values).contains("registry.local:5000/movies:1.0", "digest: " + D1, "image: registry.local:5000/movies@" + D1);
    assertThat(Files.readString(file)).isEqualTo(YAML);
  }

  @Test
  void anImageWithoutADigestIsNotPinned(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("movies.yaml");
    Files.writeString(file, YAML);
    KubernetesManifests manifests = KubernetesManifests.read(List.of(file));
    DeploymentReport report = new DeploymentReport(List.of("t"), List.of("linux/amd64"), List.of(new WorkloadCheck(
        manifests.workloads().get(0), List.of(check("registry.local:5000/movies:1.0", D1)))));

    assertThatThrownBy(() -> DeploymentPins.write(manifests, report, dir.resolve("pinned")))
        .isInstanceOf(CinemaException.class).hasMessageContaining("Cannot pin registry.local:5000/movies").hasMessageContaining("it has no digest");
    assertThat(dir.resolve("pinned")).doesNotExist();
  }

  @Test
  void aPinKeepsTheNameAndDropsTagAndOldDigest() {
    assertThat(DeploymentPins.pin("registry.local:5000/a/b:1.0", D1)).isEqualTo("registry.local:5000/a/b@" + D1);
    assertThat(DeploymentPins.pin("busybox", D1)).isEqualTo("busybox@" + D1);
    assertThat(DeploymentPins.pin("registry.local:5000/b@" + D2, D1)).isEqualTo("registry.local:5000/b@" + D1);
  }

  private static ImageCheck check(String image, String digest) {
    return new ImageCheck(new ContainerImage("c", ContainerRole.CONTAINER, image), digest, List.of(), List.of(), ImageCheck.Outcome.OK, List.of(), "");
  }
}
