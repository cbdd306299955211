package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.oci.Digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.assemble.PlatformImage;
import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.ImageIndexAssembler;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.LayoutFiles;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.RegistryLog;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index goal's core: two single-platform images pushed separately (one as a one-entry index by
 * {@link ImagePusher}, one as a bare manifest by skopeo), each in its own repository, joined into
 * one index in a third repository of the same registry, and read back with skopeo.
 */
class RegistryIndexAssemblerTest {

  private static String registry;
  private static BuildResult build;
  private static String amd64Source;
  private static String arm64Source;
  private static String prefix;

  @TempDir Path tmp;

  @BeforeAll
  static void pushTwoSingleImages() {
    registry = TestServices.registry();
    build = MoviesServiceImages.scratch();
    prefix = "push-it/join-" + UUID.randomUUID().toString().substring(0, 8);
    PlatformImage amd64 = image("linux/amd64");
    PlatformImage arm64 = image("linux/arm64");

    // what a native amd64 CI runner pushes with the push goal: an index of one platform
    OciLayout layout = build.layout();
    Descriptor amd64Index = layout.write(ImageIndexAssembler.index(IndexFormat.OCI, List.of(amd64.manifest()), Map.of()));
    layout.tag("amd64-only", amd64Index);
    amd64Source = registry + "/" + prefix + "/amd64:1.0";
    new ImagePusher(new RegistryAccess(true, e -> {}), RegistryCredentials.none(), BuildLog.NONE)
        .push(layout, "amd64-only", RegistryAccess.parse(amd64Source), List.of());

    // what another tool pushes: a bare manifest
    layout.tag("arm64-manifest", new Descriptor(arm64.manifest().mediaType(), arm64.manifest().digest(), arm64.manifest().size()));
    arm64Source = registry + "/" + prefix + "/arm64:1.0";
    Commands.run("skopeo", "copy", "--preserve-digests", "--dest-tls-verify=false",
        "oci:" + layout.root() + ":arm64-manifest", "docker://" + arm64Source).requireSuccess();
  }

  private static PlatformImage image(String platform) {
    return build.images().stream().filter(i -> i.platform().equals(Platform.parse(platform))).findFirst().orElseThrow();
  }

  private static RegistryIndexAssembler assembler() {
    return new RegistryIndexAssembler(new RegistryAccess(true, e -> {}), ref -> RegistryCredentials.none(), BuildLog.NONE);
  }

  @Test
  void joinsTwoSeparatelyPushedImagesIntoOneIndex() throws Exception {
    String target = registry + "/" + prefix + "/joined:1.0";
    RegistryLog log = RegistryLog.mark(TestServices.registryLog());

    PushResult result = assembler().assemble(
        List.of(amd64Source, arm64Source), Platform.parseAll("linux/arm64,linux/amd64"), RegistryAccess.parse(target),
        List.of("latest"), IndexFormat.OCI, Map.of("org.opencontainers.image.title", "movies-service"));

    assertThat(result.platforms()).extracting(p -> p.digest())
        .containsExactly(image("linux/amd64").manifest().digest(), image("linux/arm64").manifest().digest());
    assertThat(result.tags()).containsExactly("1.0", "latest");
    assertThat(result.blobs().uploaded()).as("blobs come by mount, not upload").isZero();
    assertThat(result.blobs().mounted()).isEqualTo(4);
    assertThat(log.lines(prefix + "/joined", RegistryLog.BLOB_UPLOADED)).isEmpty();
    assertThat(log.lines(prefix + "/joined", RegistryLog.BLOB_MOUNTED)).hasSize(4);

    String raw = Commands.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + target).requireSuccess().output();
    assertThat(Digest.of(raw.strip().getBytes(StandardCharsets.UTF_8))).isEqualTo(result.digest());
    JsonNode index = Json.parse(raw.getBytes(StandardCharsets.UTF_8), "joined index");
    assertThat(index.path("mediaType").asText()).isEqualTo(MediaType.OCI_INDEX.value());
    assertThat(index.path("annotations").path("org.opencontainers.image.title").asText()).isEqualTo("movies-service");
    assertThat(index.path("manifests")).hasSize(2);
    assertThat(index.path("manifests").get(1).path("platform").path("architecture").asText()).isEqualTo("arm64");

    // every child and blob is in the joined repository: a full copy works, and the binaries fit
    Path copy = tmp.resolve("copy");
    Commands.run("skopeo", "copy", "--all", "--src-tls-verify=false", "docker://" + target, "oci:" + copy + ":joined").requireSuccess();
    OciLayout copied = OciLayout.open(copy);
    for (JsonNode entry : Json.parse(copied.readBlob(copied.resolve("joined").orElseThrow().digest()), "copy").path("manifests")) {
      JsonNode manifest = Json.parse(copied.readBlob(Digest.parse(entry.path("digest").asText())), "manifest");
      JsonNode layers = manifest.path("layers");
      byte[] head = LayoutFiles.head(copied.blobPath(Digest.parse(layers.get(layers.size() - 1).path("digest").asText())),
          "usr/local/bin/movies-service", ElfHeader.IDENT_LENGTH).orElseThrow();
      assertThat(ElfHeader.parse(head).orElseThrow().architecture()).isEqualTo(entry.path("platform").path("architecture").asText());
    }
  }

  @Test
  void aDockerManifestListCanBeAssembledToo() {
    String target = registry + "/" + prefix + "/docker-list:1.0";
    PushResult result = assembler().assemble(
        List.of(arm64Source, amd64Source), List.of(), RegistryAccess.parse(target), List.of(), IndexFormat.DOCKER, Map.of());

    assertThat(result.mediaType()).isEqualTo(MediaType.DOCKER_LIST.value());
    String raw = Commands.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + target).requireSuccess().output();
    JsonNode list = Json.parse(raw.getBytes(StandardCharsets.UTF_8), "list");
    assertThat(list.path("mediaType").asText()).isEqualTo(MediaType.DOCKER_LIST.value());
    assertThat(list.path("manifests").get(0).path("platform").path("architecture").asText()).isEqualTo("arm64");
  }

  @Test
  void aSourceWhosePlatformIsNotDeclaredIsRefusedBeforeAnyPush() {
    String target = registry + "/" + prefix + "/mismatch:1.0";
    assertThatThrownBy(() -> assembler().assemble(
            List.of(amd64Source, arm64Source), Platform.parseAll("linux/amd64,linux/s390x"), RegistryAccess.parse(target),
            List.of(), IndexFormat.OCI, Map.of()))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("Source " + arm64Source + " is a linux/arm64 image (its config says so), which cinema.platforms does not declare (it declares linux/amd64, linux/s390x)");
    assertThatThrownBy(() -> assembler().assemble(
            List.of(arm64Source), Platform.parseAll("linux/arm64,linux/amd64"), RegistryAccess.parse(target),
            List.of(), IndexFormat.OCI, Map.of()))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("cinema.platforms declares linux/amd64, but no source is such an image (the sources are linux/arm64)");
    assertThat(Commands.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + target).exitCode()).isNotZero();
  }

  @Test
  void twoSourcesOfOnePlatformAndMultiPlatformSourcesAreRefused() {
    var target = RegistryAccess.parse(registry + "/" + prefix + "/refused:1.0");
    assertThatThrownBy(() -> assembler().assemble(List.of(amd64Source, amd64Source), List.of(), target, List.of(), IndexFormat.OCI, Map.of()))
        .hasMessageContaining("are both linux/amd64 images");

    String multi = registry + "/" + prefix + "/multi:1.0";
    new ImagePusher(new RegistryAccess(true, e -> {}), RegistryCredentials.none(), BuildLog.NONE)
        .push(build.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(multi), List.of());
    assertThatThrownBy(() -> assembler().assemble(List.of(multi), List.of(), target, List.of(), IndexFormat.OCI, Map.of()))
        .hasMessageContaining("is an index of 2 images");
    assertThatThrownBy(() -> assembler().assemble(List.of(registry + "/" + prefix + "/absent:1"), List.of(), target, List.of(), IndexFormat.OCI, Map.of()))
        .hasMessageContaining("was not found in registry");
  }
}
