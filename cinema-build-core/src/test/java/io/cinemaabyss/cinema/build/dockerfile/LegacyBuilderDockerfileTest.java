package io.cinemaabyss.cinema.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.oci.Platform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the classic builder gets instead of the user's Dockerfile: each FROM with its own platform, lines kept. */
class LegacyBuilderDockerfileTest {

  static final Platform AMD64 = Platform.parse("linux/amd64");
  static final Platform ARM64 = Platform.parse("linux/arm64");

  static final String TEXT =
      """
      ARG GO_IMAGE=golang
      ARG BASE_IMAGE=alpine
      FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build
      ARG TARGETARCH
      RUN GOARCH=$TARGETARCH go build -o /app .
      FROM build AS test
      RUN go test ./...
      FROM scratch AS empty
      FROM \\
        ${BASE_IMAGE}
      COPY --from=build /app /app
      """;

  @Test
  void pinsEveryImageStageAndSubstitutesPlatformArgs() {
    Dockerfile file = Dockerfile.parse(TEXT, "Dockerfile");
    String rewritten = LegacyBuilderDockerfile.rewrite(file, ARM64, AMD64, Map.of("BASE_IMAGE", "busybox"));
    List<String> lines = rewritten.lines().toList();
    assertThat(lines).hasSize(TEXT.lines().toList().size());
    assertThat(lines.get(2)).isEqualTo("FROM --platform=linux/amd64 ${GO_IMAGE} AS build");
    assertThat(lines.get(4)).isEqualTo("RUN GOARCH=$TARGETARCH go build -o /app .");
    assertThat(lines.get(5)).as("a stage FROM a stage inherits").isEqualTo("FROM build AS test");
    assertThat(lines.get(7)).as("scratch has nothing to pull").isEqualTo("FROM scratch AS empty");
    assertThat(lines.get(8)).isEqualTo("FROM --platform=linux/arm64 ${BASE_IMAGE}");
    assertThat(lines.get(9)).isEmpty();
    assertThat(lines.get(10)).isEqualTo("COPY --from=build /app /app");
  }

  @Test
  void basesAreNamedByTheIdOfTheImageForTheRightPlatform() {
    Dockerfile file = Dockerfile.parse(TEXT, "Dockerfile");
    String rewritten = LegacyBuilderDockerfile.rewrite(file, ARM64, AMD64, Map.of(), Map.of(0, "sha256:aaa", 3, "sha256:bbb"));
    List<String> lines = rewritten.lines().toList();
    assertThat(lines.get(2)).isEqualTo("FROM --platform=linux/amd64 sha256:aaa AS build");
    assertThat(lines.get(8)).isEqualTo("FROM --platform=linux/arm64 sha256:bbb");
    Map<String, String> values = PlatformBuildArgs.of(ARM64, AMD64, Map.of(), file.globalArgDefaults());
    assertThat(LegacyBuilderDockerfile.platformOf(file.stages().get(0), ARM64, AMD64, values)).isEqualTo(AMD64);
    assertThat(LegacyBuilderDockerfile.platformOf(file.stages().get(3), ARM64, AMD64, values)).isEqualTo(ARM64);
    assertThat(LegacyBuilderDockerfile.isStageOrScratch(file, file.stages().get(1), values)).isTrue();
    assertThat(LegacyBuilderDockerfile.isStageOrScratch(file, file.stages().get(3), values)).isFalse();
  }

  @Test
  void automaticArgsAreThoseBuildKitSets() {
    assertThat(PlatformBuildArgs.automatic(Platform.parse("linux/arm/v7"), AMD64))
        .containsExactly(
            Map.entry("TARGETPLATFORM", "linux/arm/v7"), Map.entry("TARGETOS", "linux"), Map.entry("TARGETARCH", "arm"),
            Map.entry("TARGETVARIANT", "v7"), Map.entry("BUILDPLATFORM", "linux/amd64"), Map.entry("BUILDOS", "linux"),
            Map.entry("BUILDARCH", "amd64"), Map.entry("BUILDVARIANT", ""));
  }
}
