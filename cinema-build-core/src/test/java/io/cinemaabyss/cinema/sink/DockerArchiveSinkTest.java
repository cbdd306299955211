package io.cinemaabyss.cinema.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.assemble.DockerSinks;
import io.cinemaabyss.cinema.assemble.PlatformImage;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.store.BlobDigestMismatchException;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.MoviesServiceImages;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker archives of examples/movies-service on the multi-arch busybox base, as Docker and podman load them. */
class DockerArchiveSinkTest {

  @TempDir Path dir;

  private final String repository = "cinema-sink-test.local/movies-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void eachPlatformsArchiveKeepsTheLayoutsBlobsAndLoadsIntoDockerAndPodman() throws Exception {
    TestServices.dockerHost();
    BuildResult built = MoviesServiceImages.onBase();
    List<DockerSinks.Archive> archives = DockerSinks.tar(built, repository + ":1.0", dir.resolve("tars"), "movies-service");
    assertThat(archives).extracting(a -> a.file().getFileName().toString())
        .containsExactly("movies-service-linux-amd64.tar", "movies-service-linux-arm64.tar");

    for (DockerSinks.Archive archive : archives) {
      PlatformImage image = built.images().stream().filter(i -> i.platform().equals(archive.platform())).findFirst().orElseThrow();
      JsonNode manifest = Json.parse(built.layout().readBlob(image.manifest().digest()), "manifest");
      Map<String, byte[]> entries = entries(archive.file());
      JsonNode index = Json.parse(entries.get("manifest.json"), "manifest.json");
      assertThat(index).hasSize(1);
      assertThat(index.get(0).path("RepoTags").get(0).asText()).isEqualTo(repository + ":1.0");
      assertThat(index.get(0).path("Config").asText()).isEqualTo(image.configDigest().hex() + ".json");
      List<String> layers = new ArrayList<>();
      index.get(0).path("Layers").forEach(l -> layers.add(l.asText()));
      List<String> expected = new ArrayList<>();
      // the layers as the layout holds them, gzip, with their digests
      manifest.path("layers").forEach(l -> expected.add(l.path("digest").asText().substring(7) + ".tar.gz"));
      assertThat(layers).isEqualTo(expected);
      for (String layer : layers) {
        assertThat(io.cinemaabyss.cinema.oci.Digest.of(entries.get(layer)).hex()).isEqualTo(layer.replace(".tar.gz", ""));
      }
      assertThat(Json.parse(entries.get("repositories"), "repositories").path(repository).path("1.0").asText())
          .isEqualTo(image.configDigest().hex());
    }

    // docker load -i gives the named image, and it runs
    Path amd64 = archives.get(0).file();
    String docker = TestServices.dockerHost();
    String container = repository.substring(repository.lastIndexOf('/') + 1);
    try {
      assertThat(Commands.run("docker", "-H", docker, "load", "-i", amd64.toString()).requireSuccess().output())
          .contains("Loaded image: " + repository + ":1.0");
      assertThat(Commands.run("docker", "-H", docker, "image", "inspect", "--format", "{{.Id}} {{.Architecture}}", repository + ":1.0")
              .requireSuccess().output().trim())
          .isEqualTo(built.images().get(0).configDigest() + " amd64");
      assertThat(Commands.run(List.of("docker", "-H", docker, "run", "--rm", "--name", container, repository + ":1.0", "--version"),
              null, Map.of(), 120).requireSuccess().output().trim())
          .endsWith("linux/amd64");
    } finally {
      Commands.run("docker", "-H", docker, "rm", "-f", container);
      Commands.run("docker", "-H", docker, "rmi", "-f", repository + ":1.0");
    }

    // podman load -i too, each platform
    Path storage = Files.createTempDirectory(Path.of("/tmp"), "cinema-pm-");
    try {
      Files.writeString(storage.resolve("containers.conf"), "[containers]\ndefault_ulimits = []\n");
      for (DockerSinks.Archive archive : archives) {
        List<String> podman = List.of("podman", "--root", storage + "/root", "--runroot", storage + "/run",
            "--runtime", "runc", "--cgroup-manager", "cgroupfs");
        Map<String, String> env = Map.of("CONTAINERS_CONF", storage + "/containers.conf");
        List<String> load = new ArrayList<>(podman);
        load.addAll(List.of("load", "-i", archive.file().toString()));
        assertThat(Commands.run(load, null, env, 300).requireSuccess().output()).contains(repository + ":1.0");
        List<String> inspect = new ArrayList<>(podman);
        inspect.addAll(List.of("image", "inspect", "--format", "{{.Architecture}}", repository + ":1.0"));
        assertThat(Commands.run(inspect, null, env, 60).requireSuccess().output().trim()).isEqualTo(archive.platform().architecture());
      }
    } finally {
      Commands.run("rm", "-rf", storage.toString());
    }
  }

  @Test
  void aCorruptBlobFailsTheWriteAndLeavesNoArchive() throws Exception {
    BuildResult built = MoviesServiceImages.scratch();
    Path copy = dir.resolve("oci");
    try (Stream<Path> paths = Files.walk(built.layout().root())) {
      for (Path p : paths.toList()) {
        Path target = copy.resolve(built.layout().root().relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    OciLayout layout = OciLayout.open(copy);
    PlatformImage image = built.images().get(0);
    io.cinemaabyss.cinema.oci.Digest layer =
        io.cinemaabyss.cinema.oci.Manifest.parse(layout.readBlob(image.manifest().digest()), "manifest").layers().get(0).digest();
    byte[] bytes = Files.readAllBytes(layout.blobPath(layer));
    bytes[bytes.length / 2] ^= 1;
    Files.write(layout.blobPath(layer), bytes);

    Path file = dir.resolve("out/broken.tar");
    DockerArchiveSink sink = new DockerArchiveSink(new LayoutStore(layout, ""));
    assertThatThrownBy(() -> sink.write(image.manifest().digest(), RepoTag.of(repository + ":broken"), file))
        .isInstanceOf(BlobDigestMismatchException.class)
        .hasMessageContaining(layer.toString());
    try (Stream<Path> left = Files.list(file.getParent())) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void anIndexIsNotOnePlatformsImage() {
    BuildResult built = MoviesServiceImages.scratch();
    DockerArchiveSink sink = new DockerArchiveSink(new LayoutStore(built.layout(), ""));
    assertThatThrownBy(() -> sink.write(built.index().digest(), RepoTag.of("movies:1"), dir.resolve("x.tar")))
        .hasMessageContaining("not one platform's image manifest");
  }

  @Test
  void repoTagsAreWhatDockerNamesTheImage() {
    assertThat(RepoTag.of("movies-service:1.0.0").toString()).isEqualTo("movies-service:1.0.0");
    assertThat(RepoTag.of("ghcr.io/owner/movies").toString()).isEqualTo("ghcr.io/owner/movies:latest");
    assertThat(RepoTag.of("127.0.0.1:5000/a/b:2").repository()).isEqualTo("127.0.0.1:5000/a/b");
    assertThat(RepoTag.of("docker.io/library/busybox:1").toString()).isEqualTo("busybox:1");
    assertThat(RepoTag.of("owner/movies").toString()).isEqualTo("owner/movies:latest");
    assertThatThrownBy(() -> RepoTag.of("ghcr.io/o/m@sha256:" + "0".repeat(64))).hasMessageContaining("give cinema.image a tag, such as ghcr.io/o/m:1.0");
  }

  private static Map<String, byte[]> entries(Path tar) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (InputStream raw = Files.newInputStream(tar); TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
      for (TarArchiveEntry e; (e = in.getNextTarEntry()) != null; ) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }
}
