package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.oci.Digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure logic of a push: tags, failure reports, results, and which credential sources apply. */
class PushLogicTest {

  private static final Platform AMD64 = Platform.of("linux", "amd64");
  private static final Platform ARM64 = Platform.of("linux", "arm64");
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);
  private static final String INDEX = "sha256:" + "d".repeat(64);

  @TempDir Path tmp;

  @Test
  void theTargetTagComesFirstThenExtraTagsWithoutDuplicates() {
    assertThat(PushTargets.tags(RegistryAccess.parse("ghcr.io/o/m:1.2.0"), List.of("latest", " 1.2 ", "1.2.0", "")))
        .containsExactly("1.2.0", "latest", "1.2");
    assertThat(PushTargets.tags(RegistryAccess.parse("ghcr.io/o/m"), List.of())).containsExactly("latest");
    assertThat(PushTargets.tags(RegistryAccess.parse("ghcr.io/o/m@" + INDEX), List.of())).isEmpty();
    assertThatThrownBy(() -> PushTargets.tags(RegistryAccess.parse("ghcr.io/o/m:1"), List.of("-bad")))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("'-bad' in cinema.tags is not a valid tag");
    assertThatThrownBy(() -> PushTargets.requireDigestMatches(RegistryAccess.parse("ghcr.io/o/m@" + INDEX), A))
        .hasMessageContaining("names the digest " + INDEX + ", but the index to push is " + A);
  }

  @Test
  void aFailureReportSaysWhatIsInAndWhatIsNot() {
    Map<Platform, List<String>> blobs = new LinkedHashMap<>();
    blobs.put(AMD64, List.of(A, B));
    blobs.put(ARM64, List.of(C));
    PushProgress progress = new PushProgress("reg/repo", blobs, INDEX, List.of("1.0", "latest"));
    progress.blobPushed(AMD64, A);
    progress.blobPushed(AMD64, B);

    String message = progress.failed("uploading linux/arm64 layer " + C, new CinemaException("Cannot connect")).getMessage();

    assertThat(message)
        .startsWith("Push to reg/repo failed while uploading linux/arm64 layer " + C + ": Cannot connect")
        .contains("In the registry now: linux/amd64 all 2 of 2 blobs.")
        .contains("Not pushed: linux/arm64 1 of 1 blobs (sha256:cccccccccccc); the manifests of linux/amd64, linux/arm64; the index " + INDEX + "; the tags '1.0', 'latest'.")
        .contains("No tag was moved: '1.0', 'latest' still name what they named before");
  }

  @Test
  void aFailureWhileTaggingNamesTheTagsThatMoved() {
    PushProgress progress = new PushProgress("reg/repo", Map.of(AMD64, List.of(A)), INDEX, List.of("1.0", "latest"));
    progress.blobPushed(AMD64, A);
    progress.manifestPushed(AMD64);
    progress.indexPushed();
    progress.tagMoved("1.0");

    String message = progress.failed("tagging the index as 'latest'", new CinemaException("denied")).getMessage();

    assertThat(message)
        .contains("In the registry now: linux/amd64 all 1 of 1 blobs; the manifests of linux/amd64; the index " + INDEX + "; the tags '1.0'.")
        .contains("Not pushed: the tags 'latest'.")
        .contains("Tags '1.0' name the new index, whose children are all in; 'latest' still name what they named before.");
  }

  @Test
  void theResultPinsTheIndexAndEachPlatform() {
    PushResult result = new PushResult(
        "ghcr.io/o/m:1.0", "ghcr.io/o/m", Digest.parse(INDEX), "application/vnd.oci.image.index.v1+json", List.of("1.0", "latest"),
        List.of(new PushResult.PlatformManifest(AMD64, Digest.parse(A), "application/vnd.oci.image.manifest.v1+json", 500)),
        PushResult.BlobStats.of(List.of(
            new BlobPush(AMD64, B, "layer", BlobPush.Outcome.UPLOADED, 1000, 5),
            new BlobPush(AMD64, C, "config", BlobPush.Outcome.SKIPPED, 10, 1)), 42),
        Optional.empty());

    assertThat(result.pinned()).isEqualTo("ghcr.io/o/m@" + INDEX);
    var json = result.toJson();
    assertThat(json.path("platforms").get(0).path("pinned").asText()).isEqualTo("ghcr.io/o/m@" + A);
    assertThat(json.path("blobs").path("uploaded").asInt()).isEqualTo(1);
    assertThat(json.path("blobs").path("uploadedBytes").asLong()).isEqualTo(1000);
    assertThat(json.path("blobs").path("skipped").asInt()).isEqualTo(1);
    assertThat(result.summary()).contains("Pushed ghcr.io/o/m@" + INDEX).contains("tags: 1.0, latest (new)");
  }

  @Test
  void aCredentialHelperIsFoundForItsRegistryOnTheGivenPath() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path helper = Files.writeString(bin.resolve("docker-credential-pass"), "#!/bin/sh\n");
    assertThat(helper.toFile().setExecutable(true)).isTrue();
    Path config = Files.writeString(tmp.resolve("config.json"),
        "{\"credHelpers\":{\"https://ghcr.io/v2/\":\"pass\",\"other.io\":\"missing\"},\"credsStore\":\"pass\"}");
    Map<String, String> env = Map.of("PATH", "/nonexistent:" + bin);

    DockerCredentialHelper forGhcr = DockerCredentialHelper.find(config, "ghcr.io", env).orElseThrow();
    assertThat(forGhcr.executable()).isEqualTo(helper);
    assertThat(forGhcr.origin()).isEqualTo("credHelpers");
    assertThat(DockerCredentialHelper.find(config, "quay.io", env).orElseThrow().origin()).isEqualTo("credsStore");
    assertThat(DockerCredentialHelper.find(config, "other.io", env)).as("named helper not on the PATH").isEmpty();
    assertThat(DockerCredentialHelper.find(config, "ghcr.io", Map.of("PATH", "/nonexistent"))).isEmpty();
  }

  @Test
  void githubTokenCountsForGhcrOnlyAndComesLast() {
    Map<String, String> env = Map.of(
        "DOCKER_CONFIG", tmp.toString(), "GITHUB_TOKEN", "ghp_x", "GITHUB_ACTOR", "octocat",
        "CINEMA_REGISTRY_USERNAME", "u", "CINEMA_REGISTRY_PASSWORD", "p");
    List<NamedCredentialSource> explicit = List.of(RegistryCredentials.fixed("<auth> in the plugin configuration", "me", "pw"));

    RegistryCredentials ghcr = RegistryCredentials.standard(RegistryAccess.parse("ghcr.io/o/m:1"), explicit, env, e -> {});
    assertThat(ghcr.sources()).extracting(NamedCredentialSource::name).containsExactly(
        "<auth> in the plugin configuration",
        "Docker config " + tmp.resolve("config.json"),
        "environment CINEMA_REGISTRY_USERNAME/CINEMA_REGISTRY_PASSWORD",
        "environment GITHUB_TOKEN");
    RegistryCredentials onlyToken = RegistryCredentials.standard(
        RegistryAccess.parse("ghcr.io/o/m:1"), List.of(), Map.of("DOCKER_CONFIG", tmp.toString(), "GITHUB_TOKEN", "ghp_x"), e -> {});
    RegistryCredentials.Found found = onlyToken.find().orElseThrow();
    assertThat(found.source()).isEqualTo("environment GITHUB_TOKEN");
    assertThat(found.toString()).doesNotContain("ghp_x");

    RegistryCredentials quay = RegistryCredentials.standard(RegistryAccess.parse("quay.io/o/m:1"), List.of(), env, e -> {});
    assertThat(quay.sources()).extracting(NamedCredentialSource::name).doesNotContain("environment GITHUB_TOKEN");
  }

  @Test
  void dockerHubCredentialsAreFoundUnderDockersOwnKeys() throws Exception {
    String auth = java.util.Base64.getEncoder().encodeToString("hubuser:hubpw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.writeString(tmp.resolve("config.json"), "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth + "\"}}}");
    Map<String, String> env = Map.of("DOCKER_CONFIG", tmp.toString());
    List<String> lines = new java.util.ArrayList<>();

    RegistryCredentials.Found hub = RegistryCredentials.standard(RegistryAccess.parse("owner/movies:1"), List.of(), env, e -> lines.add(e.getMessage()))
        .find().orElseThrow();
    assertThat(hub.credential().getUsername()).isEqualTo("hubuser");
    assertThat(hub.source()).isEqualTo("Docker config " + tmp.resolve("config.json"));
    assertThat(lines).contains("Using credentials from Docker config (" + tmp.resolve("config.json") + ") for owner/movies:1");
    assertThat(RegistryCredentials.standard(RegistryAccess.parse("docker.io/library/busybox"), List.of(), env, e -> {}).find()).isPresent();
    assertThat(RegistryCredentials.standard(RegistryAccess.parse("ghcr.io/owner/movies:1"), List.of(), env, e -> {}).find()).isEmpty();
  }

  @Test
  void aCredentialHelperIsAskedForTheRegistrysApiHost() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path helper = Files.writeString(bin.resolve("docker-credential-hub"),
        "#!/bin/sh\nread url\ncase \"$url\" in\n  *registry-1.docker.io*) echo '{\"Username\":\"helperuser\",\"Secret\":\"s3cret\"}' ;;\n"
            + "  *) echo 'credentials not found in native keychain'; exit 1 ;;\nesac\n");
    assertThat(helper.toFile().setExecutable(true)).isTrue();
    Files.writeString(tmp.resolve("config.json"), "{\"credsStore\":\"hub\"}");
    Map<String, String> env = Map.of("DOCKER_CONFIG", tmp.toString(), "PATH", bin + ":/usr/bin:/bin");
    List<String> lines = new java.util.ArrayList<>();

    RegistryCredentials.Found hub = RegistryCredentials.standard(RegistryAccess.parse("busybox:1"), List.of(), env, e -> lines.add(e.getMessage()))
        .find().orElseThrow();
    assertThat(hub.credential().getUsername()).isEqualTo("helperuser");
    assertThat(hub.source()).startsWith("Docker credential helper " + helper);
    assertThat(hub.toString()).doesNotContain("s3cret");
    assertThat(lines).contains("Using credential helper docker-credential-hub for busybox:1");

    lines.clear();
    assertThat(RegistryCredentials.standard(RegistryAccess.parse("ghcr.io/o/m:1"), List.of(), env, e -> lines.add(e.getMessage())).find()).isEmpty();
    assertThat(lines).contains("No credentials for ghcr.io in " + helper);
  }

  /** docker login keeps a Docker Hub login under https://index.docker.io/v1/, in credsStore and in credHelpers alike. */
  @Test
  void aDockerHubLoginIsFoundUnderTheNameDockerLoginGivesIt(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path helper = Files.writeString(bin.resolve("docker-credential-desk"),
        "#!/bin/sh\nread url\nif [ \"$url\" = https://index.docker.io/v1/ ]; then echo '{\"Username\":\"hubuser\",\"Secret\":\"s3cret\"}';"
            + " else echo 'credentials not found in native keychain'; exit 1; fi\n");
    assertThat(helper.toFile().setExecutable(true)).isTrue();
    Map<String, String> env = Map.of("DOCKER_CONFIG", tmp.toString(), "PATH", bin + ":/usr/bin:/bin");
    for (String config : List.of("{\"credsStore\":\"desk\"}", "{\"credHelpers\":{\"https://index.docker.io/v1/\":\"desk\"}}")) {
      Files.writeString(tmp.resolve("config.json"), config);
      RegistryCredentials.Found hub = RegistryCredentials.standard(RegistryAccess.parse("owner/private-base:1"), List.of(), env, e -> {})
          .find().orElseThrow(() -> new AssertionError("no credential with " + config));
      assertThat(hub.credential().getUsername()).as(config).isEqualTo("hubuser");
      assertThat(hub.source()).as(config).startsWith("Docker credential helper " + helper);
    }
    // another registry is asked under its own host only
    assertThat(RegistryCredentials.standard(RegistryAccess.parse("quay.io/o/m:1"), List.of(), env, e -> {}).find()).isEmpty();
  }
}
