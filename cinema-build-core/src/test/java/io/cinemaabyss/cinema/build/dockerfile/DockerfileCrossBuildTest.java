package io.cinemaabyss.cinema.build.dockerfile;

import static io.cinemaabyss.cinema.build.dockerfile.DockerfileImageBuildTest.collect;
import static io.cinemaabyss.cinema.build.dockerfile.DockerfileImageBuildTest.extract;
import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.check.elf.ElfHeader;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.testing.Commands;
import io.cinemaabyss.cinema.testing.DockerTestImages;
import io.cinemaabyss.cinema.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dockerfileCross against the real test dockerd (Engine API, no buildx): a Dockerfile whose Go
 * stage has no {@code --platform=$BUILDPLATFORM}, as most are written, is built for linux/amd64 +
 * linux/arm64 by cross-compiling that stage on the build platform, and gives the binaries a
 * hand-written BUILDPLATFORM Dockerfile gives; a stage that runs what it built is built as written
 * under QEMU, saying why; with dockerfileCross off, the Dockerfile is built as written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// A guard, not a measurement: qemu-user has been seen to hang an emulated go build inside dockerd, and the
// Engine API client waits up to 2 h; each test then fails after 20 minutes instead of holding up the suite.
@Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DockerfileCrossBuildTest {

  static final Platform AMD64 = Platform.parse("linux/amd64");
  static final Platform ARM64 = Platform.parse("linux/arm64");

  /** The Go stage as most Dockerfiles write it: on the target platform, compiling under emulation. */
  static final String AS_USERS_WRITE_IT =
      """
      ARG GO_IMAGE
      ARG BASE_IMAGE
      FROM ${GO_IMAGE} AS build
      WORKDIR /src
      COPY go.mod main.go ./
      RUN go build -trimpath -ldflags "-s -w" -o /out/crossed .

      FROM ${BASE_IMAGE}
      COPY --from=build /out/crossed /usr/local/bin/crossed
      ENTRYPOINT ["/usr/local/bin/crossed"]
      """;

  /** The same build written correctly by hand: on $BUILDPLATFORM, cross-compiling for the target. */
  static final String HAND_WRITTEN =
      """
      ARG GO_IMAGE
      ARG BASE_IMAGE
      FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build
      ARG TARGETOS TARGETARCH
      WORKDIR /src
      COPY go.mod main.go ./
      RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags "-s -w" -o /out/crossed .

      FROM ${BASE_IMAGE}
      COPY --from=build /out/crossed /usr/local/bin/crossed
      ENTRYPOINT ["/usr/local/bin/crossed"]
      """;

  @TempDir static Path tmp;

  String dockerHost;
  String goImage;
  String baseImage;
  Path crossedDockerfile;
  byte[] crossedBytes;
  BuildResult crossed;
  BuildResult handWritten;
  final List<String> log = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  void buildBothWays() throws IOException {
    dockerHost = TestServices.dockerHost();
    baseImage = TestServices.baseImage();
    goImage = DockerTestImages.multiArchGoBuilder();
    crossedDockerfile = project("as-written", AS_USERS_WRITE_IT);
    crossedBytes = Files.readAllBytes(crossedDockerfile);
    crossed = build(crossedDockerfile, "crossed", List.of(AMD64, ARM64), DockerfileCross.Mode.AUTO, log);
    handWritten = build(project("hand-written", HAND_WRITTEN), "hand-written", List.of(AMD64, ARM64), DockerfileCross.Mode.AUTO, new ArrayList<>());
  }

  @Test
  void theLogShowsTheRewriteOfTheGoStageForEachPlatform() {
    String source = crossedDockerfile.toString();
    assertThat(log).anyMatch(l -> l.startsWith("dockerfileCross: linux/arm64: stage 'build' cross-compiled on the build platform")
        && l.contains(source + " on disk is unchanged"));
    assertThat(log).containsSubsequence(
        "  " + source + ":3 (stage 'build', on the build platform):",
        "  - FROM ${GO_IMAGE} AS build",
        "  + FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build",
        "  + ENV GOOS=linux GOARCH=arm64 CGO_ENABLED=0");
    assertThat(log).contains("  + ENV GOOS=linux GOARCH=amd64 CGO_ENABLED=0");
    // the Go stage of the arm64 image ran on the Go image for amd64, so nothing ran under emulation
    assertThat(log).anyMatch(l -> l.startsWith("linux/arm64: stage 'build' FROM " + goImage + " for linux/amd64 (sha256:"));
    assertThat(log).anyMatch(l -> l.contains("needs no emulation"));
  }

  @Test
  void theDockerfileOnDiskIsByteForByteAsItWas() throws IOException {
    assertThat(Files.readAllBytes(crossedDockerfile)).isEqualTo(crossedBytes);
    assertThat(crossedDockerfile.getParent()).isDirectoryNotContaining(p -> !List.of("Dockerfile", "go.mod", "main.go").contains(p.getFileName().toString()));
  }

  @Test
  void eachPlatformsBinaryIsOfItsArchitecture() throws IOException {
    for (Platform platform : List.of(AMD64, ARM64)) {
      Path binary = extract(crossed.layout(), platform, "usr/local/bin/crossed", tmp.resolve("x/crossed/" + platform.slug()));
      assertThat(ElfHeader.read(binary).orElseThrow().architecture()).isEqualTo(platform.architecture());
    }
    assertThat(Commands.run("qemu-aarch64-static", extract(crossed.layout(), ARM64, "usr/local/bin/crossed", tmp.resolve("x/run")).toString())
        .requireSuccess().output().strip()).isEqualTo("crossed linux/arm64");
    assertThat(crossed.binaries()).extracting(b -> b.platform() + " " + b.elf().architecture())
        .containsExactly("linux/amd64 amd64", "linux/arm64 arm64");
  }

  @Test
  void theBinariesAreThoseOfTheHandWrittenBuildplatformDockerfile() throws IOException {
    for (Platform platform : List.of(AMD64, ARM64)) {
      String ours = goVersionM(extract(crossed.layout(), platform, "usr/local/bin/crossed", tmp.resolve("m/crossed/" + platform.slug())));
      String theirs = goVersionM(extract(handWritten.layout(), platform, "usr/local/bin/crossed", tmp.resolve("m/hand/" + platform.slug())));
      assertThat(ours).isEqualTo(theirs).contains("\tpath\texample.com/crossed\n").contains("build\tGOARCH=" + platform.architecture() + "\n")
          .contains("build\tCGO_ENABLED=0\n").contains("build\t-trimpath=true\n");
    }
  }

  @Test
  void aStageThatRunsWhatItBuiltIsBuiltAsWrittenUnderEmulationSayingWhy() throws IOException {
    String text = AS_USERS_WRITE_IT.replace("-o /out/crossed .", "-o /out/crossed . && /out/crossed");
    Path dockerfile = project("runs-it", text);
    List<String> runsLog = new ArrayList<>();
    BuildResult result = build(dockerfile, "runs-it", List.of(AMD64, ARM64), DockerfileCross.Mode.AUTO, runsLog);
    assertThat(runsLog).anyMatch(l -> l.equals("WARN dockerfileCross: stage 'build' is built as written (emulated on foreign platforms):"
        + " its RUN at line 6 runs '/out/crossed' after the go build: it may run what was built, which is of the target's architecture"
        + " once cross-compiled."));
    assertThat(runsLog).noneMatch(l -> l.contains("cross-compiled on the build platform"));
    // built as written: the arm64 image's Go stage ran on the arm64 Go image, under QEMU
    assertThat(runsLog).anyMatch(l -> l.startsWith("linux/arm64: stage 'build' FROM " + goImage + " for linux/arm64 (sha256:"));
    assertThat(runsLog).anyMatch(l -> l.contains("will run under emulation"));
    assertThat(result.binaries()).extracting(b -> b.platform() + " " + b.elf().architecture())
        .containsExactly("linux/amd64 amd64", "linux/arm64 arm64");
  }

  @Test
  void offBuildsTheDockerfileAsWritten() throws IOException {
    Path dockerfile = project("off", AS_USERS_WRITE_IT);
    List<String> offLog = new ArrayList<>();
    BuildResult result = build(dockerfile, "off", List.of(ARM64), DockerfileCross.Mode.OFF, offLog);
    assertThat(offLog).anyMatch(l -> l.startsWith("dockerfileCross is off: the Go stages ('build') are built as written"));
    assertThat(offLog).noneMatch(l -> l.startsWith("dockerfileCross:"));
    assertThat(offLog).anyMatch(l -> l.startsWith("linux/arm64: stage 'build' FROM " + goImage + " for linux/arm64 (sha256:"));
    assertThat(offLog).anyMatch(l -> l.matches("\\[linux/arm64\\] Step 3/[0-9]+ : FROM --platform=linux/arm64 sha256:.* AS build"));
    Path binary = extract(result.layout(), ARM64, "usr/local/bin/crossed", tmp.resolve("x/off"));
    assertThat(ElfHeader.read(binary).orElseThrow().architecture()).isEqualTo("arm64");
  }

  private BuildResult build(Path dockerfile, String name, List<Platform> platforms, DockerfileCross.Mode mode, List<String> lines) {
    DockerfileBuildOptions options = new DockerfileBuildOptions(dockerfile, Optional.empty(), platforms,
        Map.of("GO_IMAGE", goImage, "BASE_IMAGE", baseImage), Optional.empty(), Optional.of(dockerHost), false, mode, Map.of(), IndexFormat.OCI,
        System.getenv());
    return DockerfileImageBuild.of(options)
        .builder(DockerfileImageBuild.Builder.ENGINE_API)
        .localImageName("cinema-cross/" + name)
        .workDirectory(tmp.resolve("work-" + name))
        .log(collect(lines))
        .buildTo(tmp.resolve("oci-" + name), "1");
  }

  /** A tiny module that prints its platform, with {@code dockerfile} as its Dockerfile. */
  private static Path project(String name, String dockerfile) throws IOException {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("go.mod"), "module example.com/crossed\n\ngo 1.19\n");
    Files.writeString(dir.resolve("main.go"),
        "package main\n\nimport (\n\t\"fmt\"\n\t\"runtime\"\n)\n\nfunc main() { fmt.Printf(\"crossed %s/%s\\n\", runtime.GOOS, runtime.GOARCH) }\n");
    Files.writeString(dir.resolve("Dockerfile"), dockerfile);
    return dir.resolve("Dockerfile");
  }

  /** What {@code go version -m} prints of a binary, without the binary's own path. */
  private static String goVersionM(Path binary) {
    String out = Commands.run("go", "version", "-m", binary.toString()).requireSuccess().output();
    assertThat(out).startsWith(binary + ": go1.19");
    return out.substring(binary.toString().length());
  }
}
