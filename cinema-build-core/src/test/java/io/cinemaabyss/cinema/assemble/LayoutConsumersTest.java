package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.Digest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.CinemaVersion;
import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.ImageAnnotations;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.LayoutFiles;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given movies-service built into a layout, then other users and other OCI tools read it: files
 * 0644 and directories 0755, umoci unpacks each platform and its gc leaves the layout whole, a
 * Docker-format layout holds nothing unreferenced, and the config says who built it and when.
 */
class LayoutConsumersTest {

  static final Platform AMD64 = Platform.parse("linux/amd64");
  static final Platform ARM64 = Platform.parse("linux/arm64");

  @TempDir static Path dir;
  static BuildResult oci;

  @BeforeAll
  static void build() throws Exception {
    oci = GoImageBuildTest.buildMovies(GoImageBuildTest.copyService(GoImageBuildTest.MOVIES, dir.resolve("src")), dir.resolve("oci"));
  }

  @Test
  void everyFileOfTheLayoutIsReadableByOtherUsers() throws IOException {
    try (Stream<Path> paths = Files.walk(oci.layout().root())) {
      for (Path p : paths.toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        assertThat(mode).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--");
      }
    }
  }

  @Test
  void umociUnpacksEachPlatformByItsPlatformTag() throws IOException {
    TestServices.requireProgram("umoci");
    String tags = Commands.run("umoci", "ls", "--layout", oci.layout().root().toString()).requireSuccess().output();
    assertThat(tags.lines().map(String::strip)).containsExactlyInAnyOrder("3.1.4", "3.1.4-linux-amd64", "3.1.4-linux-arm64");
    for (Platform platform : List.of(AMD64, ARM64)) {
      Path bundle = dir.resolve("umoci-" + platform.slug());
      Commands.run("umoci", "unpack", "--rootless", "--image", oci.layout().root() + ":" + OciLayout.platformTag("3.1.4", platform),
          bundle.toString()).requireSuccess();
      Path binary = bundle.resolve("rootfs/usr/local/bin/movies-service");
      assertThat(ElfHeader.read(binary).orElseThrow().architecture()).isEqualTo(platform.architecture());
    }
  }

  /**
   * umoci (0.4.7 here, and every release through 0.6.0) cannot choose a platform from an index: a
   * tag on an index of two manifests is "ambiguous" to it by design, so the per-platform tags above
   * are its way in. A single-platform build's tag resolves to one manifest and unpacks as it is.
   */
  @Test
  void umociUnpacksTheTagOfASinglePlatformBuild() throws Exception {
    TestServices.requireProgram("umoci");
    BuildResult single =
        GoImageBuild.module(GoImageBuildTest.copyService(GoImageBuildTest.MOVIES, dir.resolve("single/src")))
            .platforms(List.of(ARM64))
            .container(ContainerSpec.forBinary("movies-service"))
            .environment(GoImageBuildTest.env(Map.of("SOURCE_DATE_EPOCH", "1700000000")))
            .buildTo(dir.resolve("single/oci"), "1.0");
    Path bundle = dir.resolve("single/bundle");
    Commands.run("umoci", "unpack", "--rootless", "--image", single.layout().root() + ":1.0", bundle.toString()).requireSuccess();
    assertThat(ElfHeader.read(bundle.resolve("rootfs/usr/local/bin/movies-service")).orElseThrow().architecture())
        .isEqualTo(ARM64.architecture());
  }

  @Test
  void theLayoutsOnlyImageIsTheIndexNotItsPlatformTagsNorItsReferrers() {
    assertThat(oci.layout().images()).singleElement().satisfies(d -> assertThat(d.digest()).isEqualTo(oci.index().digest()));
    // the index, its two platform tags, and an SPDX SBOM, a CycloneDX SBOM and a provenance statement per platform
    assertThat(oci.layout().entries()).hasSize(3 + 2 * 3);
  }

  @Test
  void aDockerFormatLayoutHoldsNoUnreferencedBlobs() throws IOException {
    BuildResult docker = GoImageBuild.module(dir.resolve("src"))
        .platforms(List.of(AMD64, ARM64))
        .format(IndexFormat.DOCKER)
        .environment(GoImageBuildTest.env(Map.of()))
        .buildTo(dir.resolve("docker/oci"), "v2s2");
    // jib writes OCI manifests first; the Docker ones replace them and the OCI ones are gone
    assertThat(blobs(docker.layout().root())).isEqualTo(reachable(docker.layout()));
  }

  @Test
  void umociGcLeavesAnOciLayoutWhole() throws IOException {
    TestServices.requireProgram("umoci");
    Path copy = dir.resolve("gc/oci");
    Files.createDirectories(copy.getParent());
    Commands.run("cp", "-a", oci.layout().root().toString(), copy.getParent().toString()).requireSuccess();
    Set<String> reachable = reachable(OciLayout.open(copy));
    assertThat(blobs(copy)).isEqualTo(reachable);

    Commands.run("umoci", "gc", "--layout", copy.toString()).requireSuccess();

    assertThat(blobs(copy)).isEqualTo(reachable);
    Commands.run("skopeo", "inspect", "--raw", "oci:" + copy + ":3.1.4").requireSuccess();
  }

  @Test
  void theConfigNamesCinemaBuildAndTheTimeOfTheGitCommitWhenSourceDateEpochIsUnset() throws Exception {
    Path src = GoImageBuildTest.copyService(GoImageBuildTest.MOVIES, dir.resolve("git/movies-service"));
    Map<String, String> git = Map.of("GIT_COMMITTER_DATE", "@1600000000 +0000", "GIT_AUTHOR_DATE", "@1600000000 +0000",
        "GIT_AUTHOR_NAME", "t", "GIT_AUTHOR_EMAIL", "t@example.com", "GIT_COMMITTER_NAME", "t", "GIT_COMMITTER_EMAIL", "t@example.com",
        "HOME", dir.toString());
    Commands.run(List.of("git", "init", "-q"), src, git, 30).requireSuccess();
    Commands.run(List.of("git", "add", "."), src, git, 30).requireSuccess();
    Commands.run(List.of("git", "commit", "-q", "-m", "movies"), src, git, 30).requireSuccess();

    BuildResult built = GoImageBuild.module(src).platforms(List.of(ARM64)).environment(GoImageBuildTest.env(Map.of()))
        .annotations(Map.of(ImageAnnotations.SOURCE, "https://github.com/o/movies"))
        .buildTo(dir.resolve("git/oci"), "1");

    JsonNode config = LayoutFiles.config(built.layout(), "1", ARM64);
    String created = Instant.ofEpochSecond(1600000000).toString();
    assertThat(config.path("created").asText()).isEqualTo(created);
    assertThat(LayoutFiles.index(built.layout(), "1").path("annotations").path(ImageAnnotations.CREATED).asText()).isEqualTo(created);
    config.path("history").forEach(h -> assertThat(h.path("created_by").asText()).startsWith("cinema-build:" + CinemaVersion.get()));
    assertThat(config.path("history")).isNotEmpty();
    JsonNode labels = config.path("config").path("Labels");
    assertThat(labels.path(ImageAnnotations.CREATED).asText()).isEqualTo(created);
    assertThat(labels.path(ImageAnnotations.SOURCE).asText()).isEqualTo("https://github.com/o/movies");
    assertThat(labels.path(ImageAnnotations.REVISION).isMissingNode()).isTrue();
  }

  @Test
  void gitRemotesBecomeWebUrlsWithoutCredentials() {
    assertThat(GitRevision.webUrl("git@github.com:owner/repo.git")).contains("https://github.com/owner/repo");
    assertThat(GitRevision.webUrl("https://token:x-oauth@github.com/owner/repo.git")).contains("https://github.com/owner/repo");
    assertThat(GitRevision.webUrl("ssh://git@gitlab.example.com/group/repo.git")).contains("https://gitlab.example.com/group/repo");
    assertThat(GitRevision.webUrl("/srv/git/repo.git")).isEmpty();
  }

  private static Set<String> blobs(Path root) throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("blobs/sha256"))) {
      Set<String> out = new HashSet<>();
      files.forEach(f -> out.add("sha256:" + f.getFileName()));
      return out;
    }
  }

  /** Every blob a tag reaches, walked here independently of the code under test. */
  private static Set<String> reachable(OciLayout layout) {
    Set<String> out = new HashSet<>();
    JsonNode index = Json.parse(readFile(layout.root().resolve("index.json")), "index.json");
    index.path("manifests").forEach(entry -> walk(layout, entry, out));
    return out;
  }

  private static void walk(OciLayout layout, JsonNode descriptor, Set<String> out) {
    String digest = descriptor.path("digest").asText();
    out.add(digest);
    JsonNode json = Json.parse(layout.readBlob(Digest.parse(digest)), digest);
    if (json.has("manifests")) {
      json.path("manifests").forEach(m -> walk(layout, m, out));
    } else {
      out.add(json.path("config").path("digest").asText());
      json.path("layers").forEach(l -> out.add(l.path("digest").asText()));
    }
  }

  private static byte[] readFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
