package io.cinemaabyss.cinema.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cinemaabyss.cinema.oci.Platform;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dockerfileCross plan: which stages are cross-compiled, how the text is rewritten, and why a stage is left as written. */
class DockerfileCrossTest {

  static final String HEAD = "ARG GO_IMAGE=golang:1.19\nFROM ${GO_IMAGE} AS build\nWORKDIR /src\nCOPY . .\n";
  static final String TAIL = "FROM busybox\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n";

  static DockerfileCross.Plan plan(String text) {
    return DockerfileCross.plan(Dockerfile.parse(text, "Dockerfile"), Optional.empty(), Optional.empty());
  }

  @Test
  void aGoBuildStageIsMovedToTheBuildPlatformWithTheTargetsGoEnvironment() {
    DockerfileCross.Plan plan = plan(HEAD + "RUN go build -trimpath -o /out/app .\n" + TAIL);
    assertThat(plan.crossed()).extracting(DockerfileStage::label).containsExactly("'build'");
    assertThat(plan.skipped()).isEmpty();
    String arm64 = plan.text(Optional.of(Platform.parse("linux/arm/v7")));
    assertThat(arm64).contains("FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build\nENV GOOS=linux GOARCH=arm GOARM=7 CGO_ENABLED=0\n");
    Dockerfile crossed = Dockerfile.parse(arm64, "x");
    assertThat(crossed.stages().get(0).platform()).contains("$BUILDPLATFORM");
    assertThat(DockerfileLint.lint(crossed)).noneMatch(f -> f.rule() == LintRule.GO_BUILD_EMULATED);
    assertThat(plan.text(Optional.empty())).contains("ARG TARGETOS TARGETARCH\nENV GOOS=${TARGETOS} GOARCH=${TARGETARCH} CGO_ENABLED=0");
  }

  @Test
  void theEmulatedGoBuildFindingStandsOnlyWhereTheBuildReallyEmulates() {
    Dockerfile crossable = Dockerfile.parse(HEAD + "RUN go build -trimpath -o /out/app .\n" + TAIL, "Dockerfile");
    var findings = DockerfileLint.lint(crossable);
    assertThat(findings).anyMatch(f -> f.rule() == LintRule.GO_BUILD_EMULATED);
    var plan = DockerfileCross.plan(crossable, Optional.empty(), Optional.empty());
    assertThat(DockerfileCross.standing(findings, plan, DockerfileCross.Mode.AUTO)).noneMatch(f -> f.rule() == LintRule.GO_BUILD_EMULATED);
    assertThat(DockerfileCross.standing(findings, plan, DockerfileCross.Mode.OFF)).isEqualTo(findings);

    // a stage left as written (it runs what it built) emulates, so its finding stands under auto too
    Dockerfile unsafe = Dockerfile.parse(HEAD + "RUN go build -o /out/app . && /out/app --selftest\n" + TAIL, "Dockerfile");
    var unsafeFindings = DockerfileLint.lint(unsafe);
    assertThat(DockerfileCross.standing(unsafeFindings, DockerfileCross.plan(unsafe, Optional.empty(), Optional.empty()), DockerfileCross.Mode.AUTO))
        .anyMatch(f -> f.rule() == LintRule.GO_BUILD_EMULATED);
  }

  @Test
  void theDiffForTheLogShowsTheLineReplacedAndTheLinesAdded() {
    DockerfileCross.Plan plan = plan(HEAD + "RUN go build -trimpath -o /out/app .\n" + TAIL);
    assertThat(plan.diff(Optional.of(Platform.parse("linux/arm64")))).containsExactly(
        "Dockerfile:2 (stage 'build', on the build platform):",
        "- FROM ${GO_IMAGE} AS build",
        "+ FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build",
        "+ ENV GOOS=linux GOARCH=arm64 CGO_ENABLED=0");
    // a stage that sets CGO_ENABLED itself keeps it
    assertThat(plan(HEAD + "RUN CGO_ENABLED=0 go build -o /out/app .\n" + TAIL).diff(Optional.of(Platform.parse("linux/arm/v7"))))
        .endsWith("+ ENV GOOS=linux GOARCH=arm GOARM=7");
  }

  @Test
  void goInstallBecomesGoBuildIntoGobin() {
    DockerfileCross.Plan plan = plan(HEAD + "RUN GOBIN=/out go install -trimpath . && ls /out\n" + TAIL.replace("/out/app", "/out/app"));
    assertThat(plan.crossed()).hasSize(1);
    assertThat(plan.text(Optional.empty())).contains("RUN GOBIN=/out go build -o \"/out/\" -trimpath . && ls /out");
  }

  @Test
  void eachUnsafeStageIsLeftAsWrittenSayingWhy() {
    assertThat(plan(HEAD + "RUN go build -o /out/app . && /out/app --selftest\n" + TAIL).skipped())
        .singleElement().satisfies(s -> {
          assertThat(s.reason()).isEqualTo(DockerfileCross.Reason.RUNS_WHAT_IT_BUILT);
          assertThat(s.toString()).contains("/out/app --selftest");
        });
    assertThat(plan(HEAD + "RUN go generate ./... && go build -o /out/app .\n" + TAIL).skipped())
        .extracting(DockerfileCross.Skip::reason).containsExactly(DockerfileCross.Reason.RUNS_WHAT_IT_BUILT);
    assertThat(plan(HEAD + "RUN CGO_ENABLED=1 go build -o /out/app .\n" + TAIL).skipped())
        .extracting(DockerfileCross.Skip::reason).containsExactly(DockerfileCross.Reason.USES_CGO);
    assertThat(plan(HEAD + "RUN GOARCH=arm64 go build -o /out/app .\n" + TAIL).skipped())
        .extracting(DockerfileCross.Skip::reason).containsExactly(DockerfileCross.Reason.SETS_GOOS_GOARCH);
    assertThat(plan(HEAD + "RUN apk add curl && go build -o /out/app .\n" + TAIL + "COPY --from=build /usr/bin/curl /curl\n").skipped())
        .extracting(DockerfileCross.Skip::reason).containsExactly(DockerfileCross.Reason.COPIES_OTHER_OUTPUT);
    assertThat(plan("FROM golang:1.19\nRUN go build -o /app .\nENTRYPOINT [\"/app\"]\n").skipped())
        .extracting(DockerfileCross.Skip::reason).containsExactly(DockerfileCross.Reason.BUILT_FROM);
    assertThat(plan(HEAD + "RUN go install example.com/tool@v1.0.0\n" + TAIL.replace("/out/app", "/go/bin/tool")).skipped())
        .extracting(DockerfileCross.Skip::reason).containsExactly(DockerfileCross.Reason.GO_INSTALL_FORM);
  }

  @Test
  void aStageAlreadyOnTheBuildPlatformIsLeftAlone() {
    DockerfileCross.Plan plan = plan(HEAD.replace("FROM ", "FROM --platform=$BUILDPLATFORM ") + "RUN go build -o /out/app .\n" + TAIL);
    assertThat(plan.applies()).isFalse();
    assertThat(plan.skipped()).isEmpty();
  }
}
