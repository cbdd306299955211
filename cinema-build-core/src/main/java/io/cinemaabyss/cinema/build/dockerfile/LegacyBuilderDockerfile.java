package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Dockerfile as the Engine API's classic builder (dockerd without BuildKit) can build it for
 * one target platform.
 *
 * <p>Two things that BuildKit does, the classic builder of dockerd 20.10 does not: it does not set
 * BUILDPLATFORM / TARGETPLATFORM for FROM lines ({@code FROM --platform=$BUILDPLATFORM} fails with
 * "failed to parse platform"), and with the {@code platform} query parameter set, a COPY into a
 * stage of another platform fails ("image ... does not match the specified platform"). So the build
 * runs without that parameter, and every FROM says its platform itself: the automatic platform args
 * are substituted in {@code --platform=} values, and a stage FROM an image without
 * {@code --platform} gets {@code --platform=<target>}. Each FROM keeps its line, so the daemon's
 * messages name the same lines as the user's file.
 */
public final class LegacyBuilderDockerfile {

  private LegacyBuilderDockerfile() {}

  /**
   * The rewritten text for {@code target} built on {@code build}; {@code values} are the global
   * ARG defaults and build args the daemon will expand FROM lines with.
   */
  public static String rewrite(Dockerfile file, Platform target, Platform build, Map<String, String> values) {
    return rewrite(file, target, build, values, Map.of());
  }

  /**
   * As {@link #rewrite(Dockerfile, Platform, Platform, Map)}, with the base image of the stages in
   * {@code images} (by stage index) replaced by the given image ID: the classic builder takes
   * whatever image a name points to in the daemon, whatever its platform, so each stage's base is
   * named by the ID of its image for the right platform.
   */
  public static String rewrite(Dockerfile file, Platform target, Platform build, Map<String, String> values, Map<Integer, String> images) {
    Map<String, String> platformArgs = PlatformBuildArgs.automatic(target, build);
    Map<String, String> all = PlatformBuildArgs.of(target, build, values, file.globalArgDefaults());
    List<String> lines = new ArrayList<>(file.lines());
    for (DockerfileStage stage : file.stages()) {
      String platform;
      if (stage.platform().isPresent()) {
        platform = substitute(stage.platform().get(), platformArgs);
      } else if (isStageOrScratch(file, stage, all)) {
        continue;
      } else {
        platform = target.toString();
      }
      DockerfileInstruction from = stage.from();
      StringBuilder line = new StringBuilder("FROM");
      from.flags().forEach((k, v) -> {
        if (!k.equals("platform")) {
          line.append(" --").append(k).append(v.isEmpty() ? "" : "=" + v);
        }
      });
      String arguments = from.arguments();
      if (images.containsKey(stage.index())) {
        arguments = images.get(stage.index()) + stage.name().map(n -> " AS " + n).orElse("");
      }
      line.append(" --platform=").append(platform).append(' ').append(arguments);
      lines.set(from.line() - 1, line.toString());
      for (int l = from.line(); l < from.endLine(); l++) {
        lines.set(l, "");
      }
    }
    return String.join("\n", lines);
  }

  /** Replaces only the automatic platform args, leaving other variables for the daemon. */
  static String substitute(String text, Map<String, String> platformArgs) {
    String out = text;
    for (Map.Entry<String, String> e : platformArgs.entrySet()) {
      out = out.replace("${" + e.getKey() + "}", e.getValue()).replaceAll("\\$" + e.getKey() + "(?![A-Za-z0-9_])", e.getValue());
    }
    return out;
  }

  /** The platform a stage's base image must be of: its own --platform (expanded), else the target. */
  public static Platform platformOf(DockerfileStage stage, Platform target, Platform build, Map<String, String> values) {
    Map<String, String> all = PlatformBuildArgs.of(target, build, values, Map.of());
    return stage.platform()
        .map(p -> Dockerfile.expand(p, all))
        .flatMap(PlatformBuildArgs::parseOr)
        .orElse(target);
  }

  /** True when a stage starts FROM another stage or from scratch, so it has no image to pull. */
  public static boolean isStageOrScratch(Dockerfile file, DockerfileStage stage, Map<String, String> values) {
    String image = Dockerfile.expand(stage.image(), values).toLowerCase(Locale.ROOT);
    if (image.equals("scratch")) {
      return true;
    }
    return file.stages().stream().anyMatch(s -> s.index() < stage.index() && s.name().map(image::equals).orElse(false));
  }
}
