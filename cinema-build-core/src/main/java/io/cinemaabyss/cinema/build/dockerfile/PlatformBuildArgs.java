package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.oci.Platform;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The build args BuildKit sets for a target and build platform (TARGETPLATFORM, TARGETARCH, BUILDPLATFORM...). */
public final class PlatformBuildArgs {

  private PlatformBuildArgs() {}

  /** Only the automatic platform args. */
  public static Map<String, String> automatic(Platform target, Platform build) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("TARGETPLATFORM", target.toString());
    args.put("TARGETOS", target.os());
    args.put("TARGETARCH", target.architecture());
    args.put("TARGETVARIANT", target.variant());
    args.put("BUILDPLATFORM", build.toString());
    args.put("BUILDOS", build.os());
    args.put("BUILDARCH", build.architecture());
    args.put("BUILDVARIANT", build.variant());
    return args;
  }

  /** The values FROM lines see: global ARG defaults, then the user's build args, then the automatic ones. */
  public static Map<String, String> of(Platform target, Platform build, Map<String, String> userArgs, Map<String, String> globalDefaults) {
    Map<String, String> values = new LinkedHashMap<>(globalDefaults);
    values.putAll(userArgs);
    values.putAll(automatic(target, build));
    return values;
  }

  static Optional<Platform> parseOr(String text) {
    try {
      return Optional.of(Platform.parse(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
