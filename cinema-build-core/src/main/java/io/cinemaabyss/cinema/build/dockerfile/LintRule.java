package io.cinemaabyss.cinema.build.dockerfile;

/** The multi-architecture mistakes {@link DockerfileLint} finds, each with a stable id. */
public enum LintRule {
  /** A stage compiles Go without running on the build machine's platform. */
  GO_BUILD_EMULATED("go-build-emulated"),
  /** GOARCH or GOOS is a literal instead of the target platform's build arg. */
  HARDCODED_GOOS_GOARCH("hardcoded-goos-goarch"),
  /** TARGETARCH (or another platform arg) is used in a stage that does not declare it with ARG. */
  PLATFORM_ARG_UNDECLARED("platform-arg-undeclared"),
  /** go build cross-compiles with cgo but the stage has no C toolchain for the target. */
  CGO_CROSS_COMPILE("cgo-cross-compile"),
  /** The stage that becomes the image is pinned to one platform. */
  FINAL_STAGE_PINNED("final-stage-pinned");

  private final String id;

  LintRule(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
