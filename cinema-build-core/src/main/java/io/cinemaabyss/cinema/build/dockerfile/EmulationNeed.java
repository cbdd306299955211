package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The RUN steps a build will execute on a foreign target platform: those of the stages it needs
 * that are not pinned to the build platform. Each of them runs under emulation, or fails with
 * "exec format error" where the host has none.
 */
public record EmulationNeed(Platform platform, List<DockerfileStage> stages) {

  public EmulationNeed {
    stages = List.copyOf(stages);
  }

  public int runSteps() {
    return stages.stream().mapToInt(s -> s.runs().size()).sum();
  }

  /** Stage by stage with their RUN lines, such as {@code stage #1 (RUN at Dockerfile:12, 14)}. */
  public String describe(String source) {
    return stages.stream()
        .map(s -> "stage " + s.label() + " (RUN at " + source + ":"
            + s.runs().stream().map(r -> String.valueOf(r.line())).collect(Collectors.joining(", ")) + ")")
        .collect(Collectors.joining(", "));
  }

  /**
   * For each target platform other than {@code buildPlatform}, the stages that run RUN steps on it
   * when {@code target} is built (by BuildKit, which runs only the stages the target needs);
   * platforms that need none are left out.
   */
  public static List<EmulationNeed> of(Dockerfile file, Optional<String> target, List<Platform> platforms, Platform buildPlatform, Map<String, String> buildArgs) {
    return of(file, target, platforms, buildPlatform, buildArgs, false);
  }

  /**
   * As {@link #of(Dockerfile, Optional, List, Platform, Map)}; with {@code everyStageUpToTarget}
   * for the classic builder, which runs every stage before the target, needed or not.
   */
  public static List<EmulationNeed> of(
      Dockerfile file, Optional<String> target, List<Platform> platforms, Platform buildPlatform, Map<String, String> buildArgs,
      boolean everyStageUpToTarget) {
    DockerfileStage targetStage = file.targetStage(target);
    List<DockerfileStage> built =
        everyStageUpToTarget
            ? file.stages().stream().filter(s -> s.index() <= targetStage.index()).toList()
            : file.stagesNeededFor(targetStage);
    List<EmulationNeed> out = new ArrayList<>();
    for (Platform platform : platforms) {
      if (platform.architecture().equals(buildPlatform.architecture())) {
        continue;
      }
      Map<String, String> values = PlatformBuildArgs.of(platform, buildPlatform, buildArgs, file.globalArgDefaults());
      List<DockerfileStage> stages = new ArrayList<>();
      for (DockerfileStage stage : built) {
        if (stage.runs().isEmpty()) {
          continue;
        }
        Optional<String> pinned = file.effectivePlatform(stage).map(p -> Dockerfile.expand(p, values));
        Platform runsOn = pinned.map(PlatformBuildArgs::parseOr).orElse(Optional.of(platform)).orElse(platform);
        if (!runsOn.architecture().equals(buildPlatform.architecture())) {
          stages.add(stage);
        }
      }
      if (!stages.isEmpty()) {
        out.add(new EmulationNeed(platform, stages));
      }
    }
    return out;
  }
}
