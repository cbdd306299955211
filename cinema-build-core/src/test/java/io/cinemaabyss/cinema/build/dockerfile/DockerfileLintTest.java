package io.cinemaabyss.cinema.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One bad and one good Dockerfile per rule, the seed's broken and fixed Dockerfiles, and the example's. */
class DockerfileLintTest {

  /** The seed's fixed pattern: compile on the build platform, cross-compile by TARGETARCH, no cgo. */
  static final String FIXED =
      """
      FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build
      ARG TARGETOS TARGETARCH
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .

      FROM alpine
      COPY --from=build /out/app /usr/local/bin/app
      ENTRYPOINT ["/usr/local/bin/app"]
      """;

  private static List<LintFinding> lint(String text) {
    return DockerfileLint.lint(Dockerfile.parse(text, "Dockerfile"));
  }

  private static List<LintFinding> only(List<LintFinding> findings, LintRule rule) {
    return findings.stream().filter(f -> f.rule() == rule).toList();
  }

  @Test
  void theFixedPatternPassesClean() {
    assertThat(lint(FIXED)).isEmpty();
  }

  @Test
  void theEventsServiceExamplePassesClean() {
    Path dockerfile = Path.of("../examples/events-service/Dockerfile");
    assertThat(DockerfileLint.lint(Dockerfile.parse(dockerfile))).isEmpty();
  }

  @Test
  void theSeedIncidentDockerfileHasItsMistakesNamed() {
    List<LintFinding> findings =
        lint(
            """
            FROM golang:1.23-alpine AS build
            WORKDIR /src
            COPY . .
            RUN GOOS=linux GOARCH=amd64 go build -o /out/app .

            FROM --platform=linux/amd64 alpine
            COPY --from=build /out/app /app
            """);
    assertThat(findings).extracting(LintFinding::rule)
        .contains(LintRule.GO_BUILD_EMULATED, LintRule.HARDCODED_GOOS_GOARCH, LintRule.FINAL_STAGE_PINNED);
  }

  // --- rule 1: go build without FROM --platform=$BUILDPLATFORM

  @Test
  void goBuildOnTheTargetPlatformIsEmulated() {
    List<LintFinding> findings =
        only(
            lint(
                """
                FROM golang:1.23-alpine AS build
                ARG TARGETOS TARGETARCH
                RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .
                FROM alpine
                COPY --from=build /out/app /app
                """),
            LintRule.GO_BUILD_EMULATED);
    assertThat(findings).hasSize(1);
    LintFinding f = findings.get(0);
    assertThat(f.location()).isEqualTo("Dockerfile:1");
    assertThat(f.stage()).isEqualTo("'build'");
    assertThat(f.reason()).contains("go build (line 3)").contains("emulation").contains("8.6x slower than a native cross-compile");
    assertThat(f.fix()).contains("FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build");
    assertThat(f.toString()).startsWith("Dockerfile:1: [go-build-emulated] stage 'build': ");
  }

  @Test
  void goBuildPinnedToALiteralPlatformIsFlaggedAndBuildPlatformIsNot() {
    assertThat(only(lint(FIXED.replace("$BUILDPLATFORM", "linux/amd64")), LintRule.GO_BUILD_EMULATED))
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("pinned to linux/amd64"));
    assertThat(only(lint(FIXED.replace("$BUILDPLATFORM", "${BUILDPLATFORM}")), LintRule.GO_BUILD_EMULATED)).isEmpty();
  }

  @Test
  void aStageBuiltFromABuildPlatformStageIsNative() {
    assertThat(
            lint(
                """
                FROM --platform=$BUILDPLATFORM golang AS base
                WORKDIR /src
                FROM base AS build
                ARG TARGETARCH
                RUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /out/app .
                FROM scratch
                COPY --from=build /out/app /app
                """))
        .isEmpty();
  }

  // --- rule 2: GOARCH / GOOS hard-coded

  @Test
  void hardCodedGoarchInRunAndGoosInEnvAreFlagged() {
    List<LintFinding> findings =
        only(
            lint(
                """
                FROM --platform=$BUILDPLATFORM golang AS build
                ENV GOOS=linux
                RUN CGO_ENABLED=0 GOARCH=arm64 go build -o /out/app .
                FROM alpine
                COPY --from=build /out/app /app
                """),
            LintRule.HARDCODED_GOOS_GOARCH);
    assertThat(findings).hasSize(2);
    assertThat(findings.get(0).location()).isEqualTo("Dockerfile:2");
    assertThat(findings.get(0).reason()).startsWith("GOOS is hard-coded to linux");
    assertThat(findings.get(0).fix()).startsWith("GOOS=${TARGETOS}");
    assertThat(findings.get(1).location()).isEqualTo("Dockerfile:3");
    assertThat(findings.get(1).reason()).startsWith("GOARCH is hard-coded to arm64").contains("exec format error");
    assertThat(findings.get(1).fix()).startsWith("GOARCH=${TARGETARCH} with ARG TARGETARCH");
  }

  @Test
  void goarchFromTargetArchIsNotHardCoded() {
    assertThat(only(lint(FIXED.replace("GOARCH=$TARGETARCH", "GOARCH=\"${TARGETARCH}\"")), LintRule.HARDCODED_GOOS_GOARCH)).isEmpty();
    assertThat(only(lint(FIXED.replace("RUN ", "ENV GOARCH=$TARGETARCH\nRUN ")), LintRule.HARDCODED_GOOS_GOARCH)).isEmpty();
  }

  // --- rule 3: TARGETARCH / TARGETOS without ARG in the stage

  @Test
  void targetArchWithoutArgInTheStageIsFlagged() {
    List<LintFinding> findings =
        only(
            lint(
                """
                ARG TARGETARCH
                FROM --platform=$BUILDPLATFORM golang AS build
                RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .
                FROM alpine
                COPY --from=build /out/app /app
                """),
            LintRule.PLATFORM_ARG_UNDECLARED);
    assertThat(findings).extracting(LintFinding::location).containsExactly("Dockerfile:3", "Dockerfile:3");
    assertThat(findings.get(0).reason()).startsWith("$TARGETOS is used without ARG TARGETOS").contains("empty string");
    assertThat(findings.get(1).reason())
        .startsWith("$TARGETARCH is used without ARG TARGETARCH")
        .contains("only applies to FROM lines");
    assertThat(findings.get(1).fix()).isEqualTo("add ARG TARGETARCH to the stage, before line 3.");
  }

  @Test
  void argDeclaredAfterTheUseIsStillFlaggedAndBeforeIsNot() {
    String late = FIXED.replace("ARG TARGETOS TARGETARCH\n", "").replace("COPY . .\n", "COPY . .\nENV OUT=/out/$TARGETARCH\nARG TARGETOS TARGETARCH\n");
    assertThat(only(lint(late), LintRule.PLATFORM_ARG_UNDECLARED)).singleElement()
        .satisfies(f -> assertThat(f.reason()).startsWith("$TARGETARCH"));
    assertThat(only(lint(FIXED), LintRule.PLATFORM_ARG_UNDECLARED)).isEmpty();
  }

  // --- rule 4: cgo while cross-compiling without a cross C toolchain

  @Test
  void cgoOnWhileCrossCompilingIsFlagged() {
    List<LintFinding> findings = only(lint(FIXED.replace("CGO_ENABLED=0", "CGO_ENABLED=1")), LintRule.CGO_CROSS_COMPILE);
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.location()).isEqualTo("Dockerfile:5");
      assertThat(f.reason()).startsWith("CGO_ENABLED=1 while go build cross-compiles");
      assertThat(f.fix()).startsWith("set CGO_ENABLED=0");
    });
  }

  @Test
  void cgoUnsetWhileCrossCompilingIsFlagged() {
    assertThat(only(lint(FIXED.replace("CGO_ENABLED=0 ", "")), LintRule.CGO_CROSS_COMPILE))
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("without CGO_ENABLED set"));
  }

  @Test
  void cgoWithACrossToolchainOrOffIsFine() {
    String xx =
        """
        FROM --platform=$BUILDPLATFORM tonistiigi/xx AS xx
        FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build
        COPY --from=xx / /
        ARG TARGETPLATFORM
        RUN xx-apk add musl-dev gcc
        ENV CGO_ENABLED=1
        RUN xx-go build -o /out/app . && xx-verify /out/app
        FROM alpine
        COPY --from=build /out/app /app
        """;
    assertThat(only(lint(xx), LintRule.CGO_CROSS_COMPILE)).isEmpty();
    assertThat(only(lint(FIXED), LintRule.CGO_CROSS_COMPILE)).isEmpty();
  }

  // --- rule 5: final stage pinned to a platform

  @Test
  void finalStagePinnedToOneArchitectureIsFlagged() {
    List<LintFinding> findings =
        only(lint(FIXED.replace("FROM alpine", "FROM --platform=linux/amd64 alpine")), LintRule.FINAL_STAGE_PINNED);
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.location()).isEqualTo("Dockerfile:7");
      assertThat(f.reason()).startsWith("The final stage is pinned to linux/amd64");
      assertThat(f.fix()).startsWith("remove --platform=linux/amd64");
    });
  }

  @Test
  void finalStageOnTargetPlatformIsFineAndTheTargetOptionPicksTheFinalStage() {
    assertThat(lint(FIXED.replace("FROM alpine", "FROM --platform=$TARGETPLATFORM alpine"))).isEmpty();
    // Building the 'build' stage itself makes it the final stage, pinned to the build platform.
    assertThat(DockerfileLint.lint(Dockerfile.parse(FIXED, "Dockerfile"), Optional.of("build")))
        .singleElement()
        .satisfies(f -> {
          assertThat(f.rule()).isEqualTo(LintRule.FINAL_STAGE_PINNED);
          assertThat(f.reason()).contains("build machine's platform");
        });
  }

  @Test
  void aCompileHiddenBehindMakeOrAScriptInAGoStageIsFlagged() {
    List<LintFinding> make = only(lint("FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN make build\nFROM scratch\nCOPY --from=build /src/app /app\n"),
        LintRule.GO_BUILD_EMULATED);
    assertThat(make).singleElement().satisfies(f -> assertThat(f.reason()).contains("runs 'make build' (line 4) in a Go stage"));

    List<LintFinding> script = only(lint("FROM debian:12 AS build\nCOPY go.mod go.sum ./\nRUN ./scripts/build.sh\n"), LintRule.GO_BUILD_EMULATED);
    assertThat(script).singleElement().satisfies(f -> assertThat(f.reason()).contains("runs './scripts/build.sh' (line 3)"));

    // on the build platform, or not a Go stage: nothing
    assertThat(only(lint("FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN make build\n"), LintRule.GO_BUILD_EMULATED)).isEmpty();
    assertThat(only(lint("FROM node:20 AS web\nRUN make assets\n"), LintRule.GO_BUILD_EMULATED)).isEmpty();
  }
}
