package io.cinemaabyss.cinema.build.dockerfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the mistakes that make a Dockerfile build slowly or wrongly for several platforms: Go
 * compiled under emulation, GOOS/GOARCH hard-coded, platform args used without {@code ARG}, cgo
 * cross-compiles without a C toolchain for the target, and a final stage pinned to one platform.
 *
 * <p>The pattern that passes clean: {@code FROM --platform=$BUILDPLATFORM golang AS build},
 * {@code ARG TARGETOS TARGETARCH}, {@code CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build},
 * and a final {@code FROM base} without {@code --platform}.
 */
public final class DockerfileLint {

  /** How much slower a Go compile under QEMU was than a native cross-compile, measured in this project. */
  public static final String EMULATED_COMPILE_SLOWDOWN = "8.6x";

  static final Pattern GO_BUILD =
      Pattern.compile("(?:^|[\\s;&|(`])(?:\\S*/)?(?:xx-)?go\\s+(?:build|install)(?![\\w-])");
  /** A build the RUN hides behind make or a script: {@code make build}, {@code ./build.sh}, {@code sh scripts/build}. */
  private static final Pattern HIDDEN_BUILD =
      Pattern.compile("(?:^|[\\s;&|(`])(?:make(?:\\s|$)|\\S+\\.sh(?:\\s|$)|(?:ba)?sh\\s+(?!-c)\\S+)");
  private static final Pattern GO_IMAGE = Pattern.compile("(?i)(?:^|/)(?:golang|go)(?::|@|$)|golang");
  private static final Pattern HARDCODED = Pattern.compile("(?<![A-Za-z0-9_$])(GOARCH|GOOS)=([\"']?)([A-Za-z0-9_]+)");
  static final Pattern CGO = Pattern.compile("(?<![A-Za-z0-9_])CGO_ENABLED=([\"']?)([01])");
  private static final Pattern GOARCH_SET = Pattern.compile("(?<![A-Za-z0-9_])GOARCH=");
  private static final Pattern CROSS_TOOLCHAIN =
      Pattern.compile(
          "(?<![A-Za-z0-9_])CC(?:_FOR_TARGET)?=|\\bxx-(?:go|clang|apk|apt-get|apt|cc)\\b|\\bzig\\s+cc\\b"
              + "|[\\w-]+-linux-(?:gnu|musl)[\\w]*-(?:gcc|cc)\\b|crossbuild-essential|gcc-[\\w-]+-linux-gnu");

  private DockerfileLint() {}

  /** Lints every stage; the final-stage rule applies to {@code target} (the last stage when empty). */
  public static List<LintFinding> lint(Dockerfile dockerfile, Optional<String> target) {
    List<LintFinding> findings = new ArrayList<>();
    for (DockerfileStage stage : dockerfile.stages()) {
      goBuildEmulated(dockerfile, stage, findings);
      hardcodedGoosGoarch(dockerfile, stage, findings);
      platformArgUndeclared(dockerfile, stage, findings);
      cgoCrossCompile(dockerfile, stage, findings);
    }
    finalStagePinned(dockerfile, dockerfile.targetStage(target), findings);
    findings.sort(Comparator.comparingInt(LintFinding::line).thenComparing(f -> f.rule().ordinal()));
    return List.copyOf(findings);
  }

  public static List<LintFinding> lint(Dockerfile dockerfile) {
    return lint(dockerfile, Optional.empty());
  }

  /** Rule 1: {@code go build} in a stage that does not run on {@code $BUILDPLATFORM}. */
  private static void goBuildEmulated(Dockerfile file, DockerfileStage stage, List<LintFinding> out) {
    Optional<DockerfileInstruction> build = stage.runs().stream().filter(r -> GO_BUILD.matcher(r.arguments()).find()).findFirst();
    // a compile behind make or a script in a Go stage (a Go image, or go.mod copied in) counts too
    boolean hidden = false;
    if (build.isEmpty() && goStage(stage)) {
      build = stage.runs().stream().filter(r -> HIDDEN_BUILD.matcher(r.arguments()).find()).findFirst();
      hidden = build.isPresent();
    }
    if (build.isEmpty()) {
      return;
    }
    Optional<String> platform = file.effectivePlatform(stage);
    if (platform.isPresent() && Dockerfile.refersTo(platform.get(), "BUILDPLATFORM")) {
      return;
    }
    String slow =
        "the whole compile runs under QEMU emulation for every target platform that is not the build machine's, several times slower"
            + " (measured here: " + EMULATED_COMPILE_SLOWDOWN + " slower than a native cross-compile).";
    String what = hidden
        ? "runs '" + build.get().arguments().strip() + "' (line " + build.get().line() + ") in a Go stage, which likely compiles Go,"
        : "runs go build (line " + build.get().line() + ")";
    String reason;
    if (platform.isEmpty() || Dockerfile.refersTo(platform.get(), "TARGETPLATFORM")) {
      reason = what + " on the target platform, without FROM --platform=$BUILDPLATFORM: " + slow;
    } else {
      reason = what + " on a platform pinned to " + platform.get()
          + " instead of $BUILDPLATFORM: on a build machine of another architecture " + slow;
    }
    out.add(
        new LintFinding(
            file.source(), stage.line(), LintRule.GO_BUILD_EMULATED, stage.label(), reason,
            "FROM --platform=$BUILDPLATFORM " + stage.image() + stage.name().map(n -> " AS " + n).orElse("")
                + ", then ARG TARGETOS TARGETARCH and CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build: Go cross-compiles natively."));
  }

  /** A stage that builds Go: its image is a Go image, or it copies go.mod in. */
  private static boolean goStage(DockerfileStage stage) {
    if (GO_IMAGE.matcher(stage.image()).find()) {
      return true;
    }
    return stage.instructions().stream().anyMatch(i -> (i.is("COPY") || i.is("ADD")) && i.arguments().contains("go.mod"));
  }

  /** Rule 2: {@code GOARCH=arm64} / {@code GOOS=linux} written as literals. */
  private static void hardcodedGoosGoarch(Dockerfile file, DockerfileStage stage, List<LintFinding> out) {
    for (DockerfileInstruction i : stage.instructions()) {
      if (i.is("RUN")) {
        Matcher m = HARDCODED.matcher(i.arguments());
        while (m.find()) {
          out.add(hardcoded(file, stage, i, m.group(1), m.group(3)));
        }
      } else if (i.is("ENV")) {
        for (Map.Entry<String, String> e : Dockerfile.envPairs(i).entrySet()) {
          if ((e.getKey().equals("GOARCH") || e.getKey().equals("GOOS")) && !e.getValue().isEmpty() && !e.getValue().contains("$")) {
            out.add(hardcoded(file, stage, i, e.getKey(), e.getValue()));
          }
        }
      }
    }
  }

  private static LintFinding hardcoded(Dockerfile file, DockerfileStage stage, DockerfileInstruction i, String variable, String value) {
    String arg = variable.equals("GOARCH") ? "TARGETARCH" : "TARGETOS";
    String reason =
        variable + " is hard-coded to " + value + ": every platform's image gets a " + value + " binary"
            + (variable.equals("GOARCH")
                ? ", so the images of other architectures fail with 'exec format error'."
                : ", which is only right while every target platform is " + value + ".");
    return new LintFinding(
        file.source(), i.line(), LintRule.HARDCODED_GOOS_GOARCH, stage.label(), reason,
        variable + "=${" + arg + "} with ARG " + arg + " in this stage: the build sets " + arg + " for each target platform.");
  }

  /** Rule 3: a platform arg used in a stage before (or without) {@code ARG NAME} in that stage. */
  private static void platformArgUndeclared(Dockerfile file, DockerfileStage stage, List<LintFinding> out) {
    Set<String> reported = new LinkedHashSet<>();
    for (DockerfileInstruction i : stage.instructions()) {
      if (i.is("CMD") || i.is("ENTRYPOINT") || i.is("HEALTHCHECK") || i.is("ONBUILD") || i.is("SHELL")) {
        continue;
      }
      String text = i.arguments() + " " + String.join(" ", i.flags().values());
      for (String arg : Dockerfile.PLATFORM_ARGS) {
        if (!reported.contains(arg) && Dockerfile.refersTo(text, arg) && !stage.declaresArgBefore(arg, i.line())) {
          reported.add(arg);
          boolean global = file.globalArgs().stream().anyMatch(g -> Dockerfile.argNames(g).contains(arg));
          out.add(
              new LintFinding(
                  file.source(), i.line(), LintRule.PLATFORM_ARG_UNDECLARED, stage.label(),
                  "$" + arg + " is used without ARG " + arg + " in this stage"
                      + (global ? " (the ARG before the first FROM only applies to FROM lines)" : "")
                      + ", so it expands to an empty string here"
                      + (arg.equals("TARGETARCH") || arg.equals("TARGETOS")
                          ? ": GOARCH/GOOS end up empty and go build builds for the build machine, for every platform."
                          : "."),
                  "add ARG " + arg + " to the stage, before line " + i.line() + "."));
        }
      }
    }
  }

  /** Rule 4: cgo on while cross-compiling, with no C cross toolchain in the stage. */
  private static void cgoCrossCompile(Dockerfile file, DockerfileStage stage, List<LintFinding> out) {
    Optional<DockerfileInstruction> build = stage.runs().stream().filter(r -> GO_BUILD.matcher(r.arguments()).find()).findFirst();
    if (build.isEmpty()) {
      return;
    }
    List<DockerfileStage> lineage = file.lineage(stage);
    Optional<String> platform = file.effectivePlatform(stage);
    boolean onBuildPlatform = platform.isPresent() && Dockerfile.refersTo(platform.get(), "BUILDPLATFORM");
    boolean setsGoarch = false;
    boolean crossToolchain = false;
    Optional<DockerfileInstruction> cgoOn = Optional.empty();
    boolean cgoSet = false;
    for (DockerfileStage s : lineage) {
      for (DockerfileInstruction i : s.instructions()) {
        String text = i.arguments();
        if (i.is("ENV")) {
          Map<String, String> env = Dockerfile.envPairs(i);
          setsGoarch |= env.containsKey("GOARCH");
          crossToolchain |= env.containsKey("CC") || env.containsKey("CC_FOR_TARGET");
          if (env.containsKey("CGO_ENABLED")) {
            cgoSet = true;
            if (env.get("CGO_ENABLED").equals("1") && cgoOn.isEmpty()) {
              cgoOn = Optional.of(i);
            }
          }
        } else if (i.is("RUN")) {
          setsGoarch |= GOARCH_SET.matcher(text).find();
          crossToolchain |= CROSS_TOOLCHAIN.matcher(text).find();
          Matcher m = CGO.matcher(text);
          while (m.find()) {
            cgoSet = true;
            if (m.group(2).equals("1") && cgoOn.isEmpty()) {
              cgoOn = Optional.of(i);
            }
          }
        }
      }
    }
    boolean crossCompiles = onBuildPlatform || setsGoarch;
    if (!crossCompiles || crossToolchain) {
      return;
    }
    String fix =
        "set CGO_ENABLED=0 before go build (a static binary needs no C library in the image), or install a C cross toolchain"
            + " for the target (such as tonistiigi/xx's xx-go, or gcc-aarch64-linux-gnu) and set CC.";
    if (cgoOn.isPresent()) {
      out.add(
          new LintFinding(
              file.source(), cgoOn.get().line(), LintRule.CGO_CROSS_COMPILE, stage.label(),
              "CGO_ENABLED=1 while go build cross-compiles for the target platforms, but the stage has no C compiler for them:"
                  + " the cgo parts are compiled by the build machine's gcc, so the build fails (or links host code) for every other architecture.",
              fix));
    } else if (!cgoSet) {
      out.add(
          new LintFinding(
              file.source(), build.get().line(), LintRule.CGO_CROSS_COMPILE, stage.label(),
              "go build cross-compiles without CGO_ENABLED set: Go turns cgo on for the one target that matches the build machine"
                  + " (when the image has a C compiler) and off for the others, so one image gets a binary linked against the"
                  + " builder's C library that may not start on the runtime base, and the platforms differ.",
              fix));
    }
  }

  /** Rule 5: the image's stage runs on one pinned platform. */
  private static void finalStagePinned(Dockerfile file, DockerfileStage target, List<LintFinding> out) {
    for (DockerfileStage s : file.lineage(target)) {
      if (s.platform().isEmpty()) {
        continue;
      }
      String platform = s.platform().get();
      if (Dockerfile.refersTo(platform, "TARGETPLATFORM")) {
        return;
      }
      String what = Dockerfile.refersTo(platform, "BUILDPLATFORM") ? "the build machine's platform ($BUILDPLATFORM)" : platform;
      String where = s == target ? "The final stage" : "The final stage builds FROM stage " + s.label() + ", which";
      out.add(
          new LintFinding(
              file.source(), s.line(), LintRule.FINAL_STAGE_PINNED, target.label(),
              where + " is pinned to " + what + ": every platform's image gets the content of that one platform,"
                  + " so the images of the other architectures fail with 'exec format error'.",
              "remove --platform=" + platform + " from this FROM (or use --platform=$TARGETPLATFORM): only build stages belong on $BUILDPLATFORM."));
      return;
    }
  }
}
