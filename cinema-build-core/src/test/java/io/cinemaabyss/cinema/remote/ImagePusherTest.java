package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.oci.Digest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.assemble.PlatformImage;
import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.LayoutFiles;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.RegistryLog;
import io.cinemaabyss.cinema.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes the real movies-service image to the real plain-HTTP registry and reads it back with skopeo and dockerd. */
class ImagePusherTest {

  private static String registry;
  private static BuildResult build;

  @TempDir Path tmp;

  private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void buildOnce() {
    registry = TestServices.registry();
    build = MoviesServiceImages.scratch();
  }

  private ImagePusher pusher() {
    return new ImagePusher(new RegistryAccess(true, e -> {}), RegistryCredentials.none(), BuildLog.of(logLines::add));
  }

  private static String uniqueRepo(String name) {
    return "push-it/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void pushesTheIndexAndBothPlatformsAndSkopeoReadsThemBack() throws Exception {
    String repo = uniqueRepo("movies");
    PushResult result =
        pusher().push(build.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(registry + "/" + repo + ":1.0"), List.of("latest", "stable"));

    assertThat(result.digest()).isEqualTo(build.index().digest());
    assertThat(result.tags()).containsExactly("1.0", "latest", "stable");
    assertThat(result.previous()).isEmpty();
    assertThat(result.pinned()).isEqualTo(registry + "/" + repo + "@" + build.index().digest());
    assertThat(result.platforms()).extracting(p -> p.platform().toString()).containsExactly("linux/amd64", "linux/arm64");
    for (PlatformImage image : build.images()) {
      assertThat(result.platforms()).anySatisfy(p -> assertThat(p.digest()).isEqualTo(image.manifest().digest()));
    }
    // a config and the binary's layer per platform, then the empty config and the six documents of the SBOMs and provenance
    assertThat(result.blobs().uploaded()).isEqualTo(4 + 7);
    assertThat(logLines).anyMatch(l -> l.contains("linux/arm64") && l.contains("layer") && l.contains("uploaded") && l.contains("bytes"));

    // the report that Helm values and Kubernetes manifests pin
    Path report = result.writeTo(tmp.resolve("push.json"));
    JsonNode json = Json.parse(Files.readAllBytes(report), "push.json");
    assertThat(json.path("pinned").asText()).isEqualTo(registry + "/" + repo + "@" + build.index().digest());
    assertThat(json.path("platforms")).hasSize(2);
    assertThat(json.path("platforms").get(1).path("pinned").asText()).startsWith(registry + "/" + repo + "@sha256:");

    // the registry serves exactly the bytes of the layout, under every tag and by digest
    byte[] index = build.layout().readBlob(build.index().digest());
    for (String ref : List.of(":1.0", ":latest", ":stable", "@" + build.index().digest())) {
      String raw = Commands.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + registry + "/" + repo + ref)
          .requireSuccess().output();
      assertThat(raw.strip()).as(ref).isEqualTo(new String(index, StandardCharsets.UTF_8));
    }

    // a full copy of both platforms, and each platform's binary is built for it
    Path copy = tmp.resolve("copy");
    Commands.run("skopeo", "copy", "--all", "--src-tls-verify=false",
        "docker://" + registry + "/" + repo + ":1.0", "oci:" + copy + ":copied").requireSuccess();
    OciLayout copied = OciLayout.open(copy);
    JsonNode copiedIndex = Json.parse(copied.readBlob(copied.resolve("copied").orElseThrow().digest()), "copied index");
    assertThat(copiedIndex.path("manifests")).hasSize(2);
    for (JsonNode entry : copiedIndex.path("manifests")) {
      JsonNode manifest = Json.parse(copied.readBlob(Digest.parse(entry.path("digest").asText())), "manifest");
      JsonNode layers = manifest.path("layers");
      String appLayer = layers.get(layers.size() - 1).path("digest").asText();
      byte[] head = LayoutFiles.head(copied.blobPath(Digest.parse(appLayer)), "usr/local/bin/movies-service", ElfHeader.IDENT_LENGTH).orElseThrow();
      assertThat(ElfHeader.parse(head).orElseThrow().architecture())
          .isEqualTo(entry.path("platform").path("architecture").asText());
    }
  }

  @Test
  void aRepushOfTheSameImageUploadsNoBlob() {
    String repo = uniqueRepo("repush");
    var target = RegistryAccess.parse(registry + "/" + repo + ":1.0");
    PushResult first = pusher().push(build.layout(), MoviesServiceImages.TAG, target, List.of());
    assertThat(first.blobs().uploaded()).isPositive();

    RegistryLog log = RegistryLog.mark(TestServices.registryLog());
    PushResult second = pusher().push(build.layout(), MoviesServiceImages.TAG, target, List.of());

    assertThat(second.blobs().uploaded()).isZero();
    assertThat(second.blobs().skipped()).isEqualTo(first.blobs().uploaded() + first.blobs().skipped());
    assertThat(second.previous()).contains(build.index().digest());
    assertThat(log.lines(repo, RegistryLog.BLOB_UPLOADED)).isEmpty();
    assertThat(log.lines(repo, java.util.regex.Pattern.compile("\"PUT /v2/[^ ]*/manifests/1.0 HTTP/1.1\" 201"))).hasSize(1);
  }

  @Test
  void theArm64ImageRunsUnderDockerWithQemu() {
    String dockerHost = TestServices.dockerHost();
    String repo = uniqueRepo("docker");
    String image = registry + "/" + repo + ":1.0";
    pusher().push(build.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(image), List.of());
    Map<String, String> env = Map.of("DOCKER_HOST", dockerHost);
    try {
      Commands.run(List.of("docker", "pull", "--platform", "linux/arm64", image), null, env, 300).requireSuccess();
      String inspect = Commands.run(List.of("docker", "image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", image), null, env, 60)
          .requireSuccess().output();
      assertThat(inspect.strip()).isEqualTo("linux/arm64");
      String version = Commands.run(List.of("docker", "run", "--platform", "linux/arm64", "--rm", image, "--version"), null, env, 120)
          .requireSuccess().output();
      assertThat(version).contains("movies-service 1.0 linux/arm64");
    } finally {
      Commands.run(List.of("docker", "rmi", "-f", image), null, env, 60);
    }
  }

  @Test
  void baseLayersAreMountedFromTheBaseRepositoryNotUploaded() {
    BuildResult onBase = MoviesServiceImages.onBase();
    var base = RegistryAccess.parse(TestServices.baseImage());
    Set<String> baseLayers = baseLayers(TestServices.baseImage());
    assertThat(baseLayers).hasSize(2); // busybox: one layer per platform

    String repo = uniqueRepo("mount");
    RegistryLog log = RegistryLog.mark(TestServices.registryLog());
    PushResult result = pusher().push(onBase.layout(), MoviesServiceImages.TAG, RegistryAccess.parse(registry + "/" + repo + ":1.0"), List.of());

    assertThat(result.blobs().mounted()).isEqualTo(2);
    List<String> mounts = log.lines(repo, RegistryLog.BLOB_MOUNTED);
    assertThat(mounts).hasSize(2);
    assertThat(mounts).allMatch(l -> l.contains(java.net.URLEncoder.encode(base.repository(), StandardCharsets.UTF_8)) || l.contains(base.repository()));
    for (String layer : baseLayers) {
      assertThat(mounts).anyMatch(l -> l.contains(layer.substring("sha256:".length())));
    }
    List<String> uploads = log.lines(repo, RegistryLog.BLOB_UPLOADED);
    assertThat(uploads).hasSize(result.blobs().uploaded());
    for (String layer : baseLayers) {
      assertThat(uploads).noneMatch(l -> l.contains(layer));
    }
    assertThat(logLines).anyMatch(l -> l.contains("mounted"));
  }

  /** The layer digests of every platform of a multi-arch image, read with skopeo. */
  static Set<String> baseLayers(String image) {
    var ref = RegistryAccess.parse(image);
    JsonNode index = Json.parse(
        Commands.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + image).requireSuccess().output().getBytes(StandardCharsets.UTF_8),
        "base index");
    Set<String> layers = new HashSet<>();
    for (JsonNode entry : index.path("manifests")) {
      String child = ref.host() + "/" + ref.repository() + "@" + entry.path("digest").asText();
      JsonNode manifest = Json.parse(
          Commands.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + child).requireSuccess().output().getBytes(StandardCharsets.UTF_8),
          "base manifest");
      manifest.path("layers").forEach(l -> layers.add(l.path("digest").asText()));
    }
    return layers;
  }
}
