package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.oci.Digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.DockerTestImages;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds examples/events-service from its Dockerfile for linux/amd64 + linux/arm64 through the
 * Docker Engine API of the real test dockerd (no buildx there), on a Go builder image made from
 * Debian's Go toolchain and the multi-arch busybox base in the local registry; the arm64 binary is
 * run under QEMU. One build is shared by the tests of this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerfileImageBuildTest {

  static final Platform AMD64 = Platform.parse("linux/amd64");
  static final Platform ARM64 = Platform.parse("linux/arm64");

  @TempDir static Path tmp;

  String dockerHost;
  String goImage;
  String baseImage;
  Path exampleDir;
  BuildResult result;
  final List<String> log = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  void buildEventsService() {
    dockerHost = TestServices.dockerHost();
    baseImage = TestServices.baseImage();
    goImage = DockerTestImages.goBuilder();
    exampleDir = DockerTestImages.repositoryRoot().resolve("examples/events-service");
    result =
        DockerfileImageBuild.of(new DockerfileBuildOptions(exampleDir.resolve("Dockerfile"), Optional.empty(), List.of(AMD64, ARM64),
                Map.of("GO_IMAGE", goImage, "BASE_IMAGE", baseImage, "VERSION", "1.2.3"), Optional.empty(), Optional.of(dockerHost), false,
                DockerfileCross.Mode.AUTO, Map.of("org.opencontainers.image.title", "events-service"), IndexFormat.OCI, System.getenv()))
            .builder(DockerfileImageBuild.Builder.ENGINE_API)
            .localImageName("cinema-test/events-service")
            .log(collect(log))
            .buildTo(tmp.resolve("oci"), "1.2.3");
  }

  @Test
  void theLayoutHoldsAnIndexOverBothPlatforms() {
    OciLayout layout = OciLayout.open(tmp.resolve("oci"));
    JsonNode index = Json.parse(layout.readBlob(layout.resolve("1.2.3").orElseThrow().digest()), "index");
    assertThat(index.path("mediaType").asText()).isEqualTo(MediaType.OCI_INDEX.value());
    List<String> platforms = new ArrayList<>();
    index.path("manifests").forEach(m -> platforms.add(m.path("platform").path("os").asText() + "/" + m.path("platform").path("architecture").asText()));
    assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");
    for (JsonNode entry : index.path("manifests")) {
      JsonNode manifest = Json.parse(layout.readBlob(Digest.parse(entry.path("digest").asText())), "manifest");
      JsonNode config = Json.parse(layout.readBlob(Digest.parse(manifest.path("config").path("digest").asText())), "config");
      assertThat(config.path("architecture").asText()).isEqualTo(entry.path("platform").path("architecture").asText());
      assertThat(config.path("config").path("Entrypoint").get(0).asText()).isEqualTo("/usr/local/bin/events-service");
      // the OCI labels are in each config, as in the index annotations
      assertThat(config.path("config").path("Labels").path("org.opencontainers.image.title").asText()).isEqualTo("events-service");
      assertThat(config.path("config").path("Labels").path("org.opencontainers.image.created").asText()).isNotEmpty();
      manifest.path("layers").forEach(l -> assertThat(l.path("mediaType").asText()).isEqualTo(MediaType.OCI_LAYER_GZIP.value()));
    }
    // skopeo, an independent client, reads the layout.
    Commands.Result inspect = Commands.run("skopeo", "inspect", "--raw", "oci:" + tmp.resolve("oci") + ":1.2.3").requireSuccess();
    assertThat(inspect.output()).contains("\"arm64\"").contains("\"amd64\"");
    assertThat(result.summary()).contains("linux/amd64").contains("linux/arm64");
  }

  @Test
  void eachPlatformsBinaryIsOfItsArchitectureAndRuns() throws IOException {
    OciLayout layout = OciLayout.open(tmp.resolve("oci"));
    Path amd64 = extract(layout, AMD64, "usr/local/bin/events-service", tmp.resolve("x/amd64"));
    Path arm64 = extract(layout, ARM64, "usr/local/bin/events-service", tmp.resolve("x/arm64"));
    assertThat(ElfHeader.read(amd64).orElseThrow().architecture()).isEqualTo("amd64");
    assertThat(ElfHeader.read(arm64).orElseThrow().architecture()).isEqualTo("arm64");
    assertThat(Commands.run(amd64.toString(), "--version").requireSuccess().output().strip())
        .isEqualTo("events-service 1.2.3 linux/amd64");
    // The arm64 binary runs through QEMU user emulation, called directly.
    assertThat(Commands.run("qemu-aarch64-static", arm64.toString(), "--version").requireSuccess().output().strip())
        .isEqualTo("events-service 1.2.3 linux/arm64");
    // The build's own ELF check found and copied the same binaries.
    assertThat(result.binaries()).extracting(b -> b.platform().toString() + " " + b.elf().architecture())
        .containsExactly("linux/amd64 amd64", "linux/arm64 arm64");
    assertThat(Files.mismatch(result.binaries().get(1).path(), arm64)).isEqualTo(-1L);
  }

  @Test
  void theBuildCompiledOnTheBuildPlatformWithoutEmulation() {
    assertThat(log).anyMatch(l -> l.contains("the Docker Engine API") && l.contains("no buildx"));
    assertThat(log).anyMatch(l -> l.contains("needs no emulation"));
    // For the arm64 image, the compile stage ran on the Go image for amd64, the final stage on arm64 busybox.
    assertThat(log).anyMatch(l -> l.startsWith("linux/arm64: stage 'build' FROM " + goImage + " for linux/amd64 (sha256:"));
    assertThat(log).anyMatch(l -> l.startsWith("linux/arm64: stage #1 FROM " + baseImage + " for linux/arm64 (sha256:"));
    assertThat(log).anyMatch(l -> l.matches("\\[linux/arm64\\] Step 3/[0-9]+ : FROM --platform=linux/amd64 sha256:.*"));
    assertThat(log).noneMatch(l -> l.startsWith("WARN"));
  }

  @Test
  void aHardCodedGoarchFailsTheBuildNamingTheMistake() throws IOException {
    Path project = copyExample("bad-goarch");
    Path dockerfile = project.resolve("Dockerfile");
    String text = Files.readString(dockerfile).replace("GOARCH=$TARGETARCH", "GOARCH=arm64");
    Files.writeString(dockerfile, text);
    int line = lineOf(text, "GOARCH=arm64");
    Path layoutDir = tmp.resolve("bad-oci");
    List<String> badLog = new ArrayList<>();
    assertThatThrownBy(
            () -> DockerfileImageBuild.of(options(dockerfile, List.of(AMD64), Map.of("GO_IMAGE", goImage, "BASE_IMAGE", baseImage), dockerHost))
                .builder(DockerfileImageBuild.Builder.ENGINE_API)
                .localImageName("cinema-test/events-service-bad")
                .log(collect(badLog))
                .buildTo(layoutDir, "bad"))
        .isInstanceOf(DockerfileBinaryMismatchException.class)
        .hasMessageContaining("The linux/amd64 image built from " + dockerfile)
        .hasMessageContaining("/usr/local/bin/events-service, which is ELF 64-bit LSB arm64, not amd64")
        .hasMessageContaining(dockerfile + ":" + line + ": [hardcoded-goos-goarch] stage 'build': GOARCH is hard-coded to arm64");
    // The lint said so before the build, as a warning, and nothing was tagged.
    assertThat(badLog).anyMatch(l -> l.startsWith("WARN") && l.contains("GOARCH is hard-coded to arm64"));
    assertThat(OciLayout.open(layoutDir).resolve("bad")).isEmpty();
  }

  @Test
  void runStepsOnATargetPlatformAreReportedAndRunUnderQemu() throws IOException {
    Path project = tmp.resolve("emulated");
    Files.createDirectories(project);
    Files.writeString(
        project.resolve("Dockerfile"),
        """
        ARG BASE_IMAGE
        FROM ${BASE_IMAGE}
        RUN busybox uname -m > /arch.txt
        """);
    List<String> emulatedLog = new ArrayList<>();
    BuildResult emulated =
        DockerfileImageBuild.of(options(project.resolve("Dockerfile"), List.of(ARM64), Map.of("BASE_IMAGE", baseImage), dockerHost))
            .builder(DockerfileImageBuild.Builder.ENGINE_API)
            .localImageName("cinema-test/emulated")
            .log(collect(emulatedLog))
            .buildTo(tmp.resolve("emulated-oci"), "1");
    assertThat(emulatedLog)
        .anyMatch(l -> l.startsWith("linux/arm64: 1 RUN step of stage #0 (RUN at " + project.resolve("Dockerfile") + ":3) will run under emulation")
            && l.contains("binfmt_misc handler qemu-aarch64"));
    Path arch = extract(emulated.layout(), ARM64, "arch.txt", tmp.resolve("arch.txt"));
    assertThat(Files.readString(arch, StandardCharsets.UTF_8).strip()).isEqualTo("aarch64");
    // The image's entrypoint is busybox's sh (a symlink), checked as an arm64 ELF.
    assertThat(emulated.binaries()).singleElement().satisfies(b -> assertThat(b.elf().architecture()).isEqualTo("arm64"));
  }

  /** The example's Dockerfile and go.mod with a tiny main package, which compiles in seconds. */
  private Path copyExample(String name) throws IOException {
    Path project = tmp.resolve(name);
    Files.createDirectories(project);
    for (String file : List.of("Dockerfile", "go.mod")) {
      Files.copy(exampleDir.resolve(file), project.resolve(file));
    }
    Files.writeString(project.resolve("main.go"), "package main\n\nfunc main() { println(\"events-service\") }\n");
    return project;
  }

  private static int lineOf(String text, String needle) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(needle)) {
        return i + 1;
      }
    }
    throw new AssertionError(needle + " not in the Dockerfile");
  }

  /** A build of {@code dockerfile} for {@code platforms} with {@code buildArgs} on the daemon at {@code dockerHost}, the rest by default. */
  static DockerfileBuildOptions options(Path dockerfile, List<Platform> platforms, Map<String, String> buildArgs, String dockerHost) {
    return new DockerfileBuildOptions(dockerfile, Optional.empty(), platforms, buildArgs, Optional.empty(), Optional.of(dockerHost), false,
        DockerfileCross.Mode.AUTO, Map.of(), IndexFormat.OCI, System.getenv());
  }

  static BuildLog collect(List<String> lines) {
    return new BuildLog() {
      @Override
      public void info(String message) {
        lines.add(message);
      }

      @Override
      public void warn(String message) {
        lines.add("WARN " + message);
      }
    };
  }

  /** Reads a file from a platform's layers in the layout (the last layer having it wins), independently of the build's own reader. */
  static Path extract(OciLayout layout, Platform platform, String path, Path dest) throws IOException {
    JsonNode index = Json.parse(layout.readBlob(layout.entries().get(0).digest()), "index");
    Optional<Path> found = Optional.empty();
    for (JsonNode m : index.path("manifests")) {
      if (!m.path("platform").path("architecture").asText().equals(platform.architecture())) {
        continue;
      }
      JsonNode manifest = Json.parse(layout.readBlob(Digest.parse(m.path("digest").asText())), "manifest");
      for (JsonNode layer : manifest.path("layers")) {
        try (InputStream raw = layout.openBlob(Digest.parse(layer.path("digest").asText()));
            TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
          TarArchiveEntry e;
          while ((e = tar.getNextEntry()) != null) {
            if (e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "").equals(path) && e.isFile()) {
              Files.createDirectories(dest.getParent());
              Files.copy(tar, dest, StandardCopyOption.REPLACE_EXISTING);
              dest.toFile().setExecutable(true);
              found = Optional.of(dest);
            }
          }
        }
      }
    }
    return found.orElseThrow(() -> new AssertionError(path + " is not in the " + platform + " image"));
  }
}
