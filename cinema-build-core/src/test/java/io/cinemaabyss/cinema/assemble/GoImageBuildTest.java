package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageAnnotations;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.MediaType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.build.go.GoBuildOptions;
import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.LayoutFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given the movies-service example, when built for linux/amd64 and linux/arm64 with the real Go
 * toolchain, then the layout holds an index that skopeo reads, whose binaries are the right ELF
 * machine and run (arm64 under QEMU).
 */
class GoImageBuildTest {

  static final Path MOVIES = Path.of("../examples/movies-service").toAbsolutePath().normalize();
  static final Platform AMD64 = Platform.parse("linux/amd64");
  static final Platform ARM64 = Platform.parse("linux/arm64");

  @TempDir static Path dir;
  static BuildResult result;
  static OciLayout layout;

  @BeforeAll
  static void build() throws Exception {
    result = buildMovies(copyService(MOVIES, dir.resolve("a/movies-service")), dir.resolve("a/oci"));
    layout = result.layout();
  }

  @Test
  void theLayoutIsReadBySkopeoAsAnIndexOverBothPlatforms() {
    String raw = Commands.run("skopeo", "inspect", "--raw", "oci:" + layout.root() + ":3.1.4").requireSuccess().output();
    JsonNode index = Json.parse(raw.getBytes(), "skopeo output");
    assertThat(index.path("mediaType").asText()).isEqualTo(MediaType.OCI_INDEX.value());
    List<String> platforms = new ArrayList<>();
    index.path("manifests").forEach(m -> platforms.add(m.path("platform").path("os").asText() + "/" + m.path("platform").path("architecture").asText()));
    assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");
    assertThat(Digest.of(raw.strip().getBytes())).isEqualTo(result.index().digest());

    Path copy = dir.resolve("skopeo-copy");
    Commands.run("skopeo", "copy", "--all", "oci:" + layout.root() + ":3.1.4", "oci:" + copy + ":copied").requireSuccess();
    assertThat(OciLayout.open(copy).resolve("copied")).isPresent();
  }

  @Test
  void eachPlatformCarriesABinaryOfItsOwnArchitecture() throws Exception {
    for (Platform platform : List.of(AMD64, ARM64)) {
      Path binary = LayoutFiles.extract(layout, "3.1.4", platform, "usr/local/bin/movies-service", dir.resolve("x/" + platform.slug())).orElseThrow();
      assertThat(ElfHeader.read(binary).orElseThrow().architecture()).isEqualTo(platform.architecture());
      JsonNode config = LayoutFiles.config(layout, "3.1.4", platform);
      assertThat(config.path("architecture").asText()).isEqualTo(platform.architecture());
      assertThat(config.path("os").asText()).isEqualTo("linux");
    }
  }

  @Test
  void theArm64BinaryRunsUnderQemuAndSaysLinuxArm64() throws Exception {
    Path binary = LayoutFiles.extract(layout, "3.1.4", ARM64, "usr/local/bin/movies-service", dir.resolve("run/arm64")).orElseThrow();
    String qemu = Commands.onPath("qemu-aarch64-static") ? "qemu-aarch64-static" : "qemu-aarch64";
    String out = Commands.run(qemu, binary.toString(), "--version").requireSuccess().output();
    assertThat(out.strip()).isEqualTo("movies-service 3.1.4 linux/arm64");

    Path amd64 = LayoutFiles.extract(layout, "3.1.4", AMD64, "usr/local/bin/movies-service", dir.resolve("run/amd64")).orElseThrow();
    assertThat(Commands.run(amd64.toString(), "--version").requireSuccess().output().strip())
        .isEqualTo("movies-service 3.1.4 linux/amd64");
  }

  @Test
  void theConfigCarriesTheContainerSettings() {
    JsonNode config = LayoutFiles.config(layout, "3.1.4", AMD64);
    JsonNode c = config.path("config");
    assertThat(c.path("Entrypoint").get(0).asText()).isEqualTo("/usr/local/bin/movies-service");
    assertThat(c.path("User").asText()).isEqualTo("65532:65532");
    assertThat(c.path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(c.path("Env").toString()).contains("PORT=8080");
    assertThat(c.path("Labels").path("team").asText()).isEqualTo("cinema");
    assertThat(config.path("created").asText()).isEqualTo(Instant.ofEpochSecond(1700000000).toString());

    JsonNode index = LayoutFiles.index(layout, "3.1.4");
    assertThat(index.path("annotations").path(ImageAnnotations.CREATED).asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(index.path("annotations").path(ImageAnnotations.SOURCE).asText()).isEqualTo("https://github.com/cinemaabyss/cinema-build");
  }

  @Test
  void twoCleanBuildsInDifferentDirectoriesGiveTheSameIndexDigestAndTheSameSbomsAndProvenance() throws Exception {
    BuildResult again = buildMovies(copyService(MOVIES, dir.resolve("b/elsewhere/movies-service")), dir.resolve("b/oci"));
    assertThat(again.index().digest()).isEqualTo(result.index().digest());
    for (PlatformImage image : result.images()) {
      List<Descriptor> first = layout.referrers(image.manifest().digest());
      assertThat(first).hasSize(3);
      assertThat(again.layout().referrers(image.manifest().digest())).isEqualTo(first);
    }
  }

  @Test
  void withSbomAndProvenanceOffTheIndexIsTheSameAndNothingIsAttached() throws Exception {
    BuildResult bare = GoImageBuild.module(copyService(MOVIES, dir.resolve("c/movies-service")))
        .platforms(List.of(AMD64, ARM64))
        .go(GoBuildOptions.defaults().withLdflags("-X main.version=3.1.4"))
        .container(ContainerSpec.forBinary("movies-service").withPorts(8080).withEnv(Map.of("PORT", "8080")).withLabels(Map.of("team", "cinema")))
        .annotations(Map.of(ImageAnnotations.SOURCE, "https://github.com/cinemaabyss/cinema-build"))
        .environment(env(Map.of("SOURCE_DATE_EPOCH", "1700000000")))
        .sbom(false)
        .provenance(false)
        .buildTo(dir.resolve("c/oci"), "3.1.4");
    assertThat(bare.index().digest()).isEqualTo(result.index().digest());
    assertThat(bare.layout().entries()).hasSize(3);
    for (PlatformImage image : bare.images()) {
      assertThat(bare.layout().referrers(image.manifest().digest())).isEmpty();
    }
  }

  @Test
  void aSecondTagInTheSameLayoutKeepsTheFirst() {
    BuildResult other =
        GoImageBuild.module(dir.resolve("a/movies-service"))
            .platforms(List.of(AMD64))
            .environment(env(Map.of()))
            .buildTo(layout.root(), "amd64-only");
    assertThat(layout.resolve("3.1.4")).map(Descriptor::digest).contains(result.index().digest());
    assertThat(layout.resolve("amd64-only")).map(Descriptor::digest).contains(other.index().digest());
    assertThat(LayoutFiles.index(layout, "amd64-only").path("manifests")).hasSize(1);
  }

  @Test
  void aDockerManifestListHoldsDockerManifestsAndConfigs() {
    BuildResult docker =
        GoImageBuild.module(dir.resolve("a/movies-service"))
            .format(IndexFormat.DOCKER)
            .environment(env(Map.of()))
            .buildTo(dir.resolve("docker/oci"), "v2s2");
    // skopeo reads only OCI media types from an OCI layout, so the layout is read here directly;
    // the push tests read a Docker list back from a registry with skopeo.
    JsonNode list = LayoutFiles.index(docker.layout(), "v2s2");
    assertThat(docker.index().mediaType()).isEqualTo(MediaType.DOCKER_LIST.value());
    assertThat(list.path("mediaType").asText()).isEqualTo(MediaType.DOCKER_LIST.value());
    assertThat(list.has("annotations")).isFalse();
    assertThat(list.path("manifests")).hasSize(2);
    list.path("manifests").forEach(m -> assertThat(m.path("mediaType").asText()).isEqualTo(MediaType.DOCKER_MANIFEST.value()));
    JsonNode manifest = LayoutFiles.manifest(docker.layout(), "v2s2", ARM64);
    assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaType.DOCKER_MANIFEST.value());
    assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo(MediaType.DOCKER_CONFIG.value());
    assertThat(manifest.path("layers").get(0).path("mediaType").asText()).isEqualTo(MediaType.DOCKER_LAYER_GZIP.value());
  }

  /** movies-service 3.1.4 with container settings, an annotation and a fixed SOURCE_DATE_EPOCH. */
  static BuildResult buildMovies(Path copy, Path oci) {
    return GoImageBuild.module(copy)
        .platforms(List.of(AMD64, ARM64))
        .go(GoBuildOptions.defaults().withLdflags("-X main.version=3.1.4"))
        .container(
            ContainerSpec.forBinary("movies-service")
                .withPorts(8080)
                .withEnv(Map.of("PORT", "8080"))
                .withLabels(Map.of("team", "cinema")))
        .annotations(Map.of(ImageAnnotations.SOURCE, "https://github.com/cinemaabyss/cinema-build"))
        .environment(env(Map.of("SOURCE_DATE_EPOCH", "1700000000")))
        .buildTo(oci, "3.1.4");
  }

  static Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.remove("SOURCE_DATE_EPOCH");
    env.putAll(extra);
    return env;
  }

  static Path copyService(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".go") || p.getFileName().toString().equals("go.mod")).toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}
