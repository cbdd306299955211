package io.cinemaabyss.cinema.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cinemaabyss.cinema.CinemaException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerfileTest {

  @Test
  void stagesPlatformsNamesAndLines() {
    Dockerfile file =
        Dockerfile.parse(
            """
            # a comment
            ARG GO_IMAGE=golang:1.23-alpine
            ARG BASE_IMAGE=alpine

            FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS Build
            ARG TARGETOS TARGETARCH
            RUN CGO_ENABLED=0 \\
                # a comment inside the continuation
                GOOS=$TARGETOS \\

                GOARCH=$TARGETARCH go build -o /out/app .

            FROM ${BASE_IMAGE}
            COPY --from=build /out/app /app
            """,
            "Dockerfile");
    assertThat(file.globalArgs()).hasSize(2);
    assertThat(file.globalArgDefaults()).containsEntry("GO_IMAGE", "golang:1.23-alpine").containsEntry("BASE_IMAGE", "alpine");
    assertThat(file.stages()).hasSize(2);
    DockerfileStage build = file.stages().get(0);
    assertThat(build.name()).contains("build");
    assertThat(build.image()).isEqualTo("${GO_IMAGE}");
    assertThat(build.platform()).contains("$BUILDPLATFORM");
    assertThat(build.line()).isEqualTo(5);
    DockerfileInstruction run = build.runs().get(0);
    assertThat(run.line()).isEqualTo(7);
    assertThat(run.endLine()).isEqualTo(11);
    assertThat(run.arguments()).isEqualTo("CGO_ENABLED=0     GOOS=$TARGETOS     GOARCH=$TARGETARCH go build -o /out/app .");
    DockerfileStage last = file.stages().get(1);
    assertThat(last.name()).isEmpty();
    assertThat(last.label()).isEqualTo("#1");
    assertThat(last.instructions().get(0).flag("from")).contains("build");
    assertThat(file.targetStage(Optional.empty())).isEqualTo(last);
    assertThat(file.targetStage(Optional.of("BUILD"))).isEqualTo(build);
    assertThat(file.stagesNeededFor(last)).containsExactly(build, last);
    assertThat(file.declaredArgs()).containsExactly("GO_IMAGE", "BASE_IMAGE", "TARGETOS", "TARGETARCH");
  }

  @Test
  void escapeDirectiveAndHeredoc() {
    Dockerfile file =
        Dockerfile.parse(
            """
            # escape=`
            FROM golang AS build
            RUN echo a `
                b
            RUN <<EOF
            go build -o /app .
            EOF
            ENV GOARCH arm64
            ENV A=1 B="two words"
            """,
            "Dockerfile");
    DockerfileStage stage = file.stages().get(0);
    assertThat(stage.instructions().get(0).arguments()).isEqualTo("echo a     b");
    assertThat(stage.instructions().get(1).arguments()).contains("go build -o /app .");
    assertThat(stage.instructions().get(1).endLine()).isEqualTo(7);
    assertThat(stage.instructions().get(2).line()).isEqualTo(8);
    assertThat(Dockerfile.envPairs(stage.instructions().get(2))).isEqualTo(Map.of("GOARCH", "arm64"));
    assertThat(Dockerfile.envPairs(stage.instructions().get(3))).isEqualTo(Map.of("A", "1", "B", "two words"));
  }

  @Test
  void stageFromStageInheritsPlatform() {
    Dockerfile file =
        Dockerfile.parse(
            """
            FROM --platform=$BUILDPLATFORM golang AS base
            FROM base AS build
            FROM alpine
            """,
            "Dockerfile");
    DockerfileStage build = file.stages().get(1);
    assertThat(file.parent(build)).contains(file.stages().get(0));
    assertThat(file.effectivePlatform(build)).contains("$BUILDPLATFORM");
    assertThat(file.effectivePlatform(file.stages().get(2))).isEmpty();
  }

  @Test
  void expandsVariablesLikeDocker() {
    Map<String, String> values = Map.of("A", "x", "EMPTY", "");
    assertThat(Dockerfile.expand("$A-${A}-${B:-d}-${EMPTY:-e}-${EMPTY-f}-${A:+alt}-${B:+alt}-$B", values))
        .isEqualTo("x-x-d-e--alt--");
    assertThat(Dockerfile.refersTo("--platform=${BUILDPLATFORM}", "BUILDPLATFORM")).isTrue();
    assertThat(Dockerfile.refersTo("$BUILDPLATFORMX", "BUILDPLATFORM")).isFalse();
  }

  @Test
  void badInputNamesTheProblem() {
    assertThatThrownBy(() -> Dockerfile.parse("RUN echo\n", "my/Dockerfile"))
        .isInstanceOf(CinemaException.class)
        .hasMessageContaining("my/Dockerfile:1")
        .hasMessageContaining("before the first FROM");
    assertThatThrownBy(() -> Dockerfile.parse("# nothing\n", "Dockerfile")).hasMessageContaining("no FROM");
    Dockerfile file = Dockerfile.parse("FROM a AS one\nFROM b AS two\n", "Dockerfile");
    assertThatThrownBy(() -> file.targetStage(Optional.of("three")))
        .hasMessageContaining("'three'")
        .hasMessageContaining("'one', 'two'");
  }
}
