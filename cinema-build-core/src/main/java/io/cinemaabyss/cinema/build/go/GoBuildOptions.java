package io.cinemaabyss.cinema.build.go;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to run {@code go build}: which main package, flags and extra environment. The user's own Go
 * environment (GOFLAGS, GOPROXY, GOPRIVATE, GOCACHE...) is inherited; {@link #env} adds to it.
 *
 * @param mainPackage the package to build, relative to the module directory, such as {@code .} or
 *     {@code ./cmd/app}
 * @param ldflags value of {@code -ldflags}, empty for none
 * @param tags build tags, joined with commas for {@code -tags}
 * @param cgoCheck fail before compiling with cgo off when a dependency has cgo files
 * @param env extra environment variables for {@code go build}
 * @param cgo whether CGO_ENABLED=1 (off by default: a static binary needs no C toolchain per platform)
 * @param trimpath whether to pass {@code -trimpath} (on by default, for reproducible binaries)
 * @param extraArgs further arguments placed before the package, such as {@code -mod=vendor}
 * @param timeout how long one platform's {@code go build} may take before it is killed (30 min by default)
 */
public record GoBuildOptions(
    String mainPackage,
    String ldflags,
    List<String> tags,
    Map<String, String> env,
    boolean cgo,
    boolean trimpath,
    List<String> extraArgs,
    boolean cgoCheck,
    Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  public GoBuildOptions {
    mainPackage = mainPackage == null || mainPackage.isBlank() ? "." : mainPackage;
    ldflags = ldflags == null ? "" : ldflags;
    tags = List.copyOf(tags == null ? List.of() : tags);
    env = Map.copyOf(env == null ? Map.of() : new LinkedHashMap<>(env));
    extraArgs = List.copyOf(extraArgs == null ? List.of() : extraArgs);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("The go build timeout (cinema.goTimeout) must be positive, not " + timeout.toSeconds() + " s");
    }
  }

  public static GoBuildOptions defaults() {
    return new GoBuildOptions(".", "", List.of(), Map.of(), false, true, List.of(), true, DEFAULT_TIMEOUT);
  }

  public GoBuildOptions withMainPackage(String value) {
    return new GoBuildOptions(value, ldflags, tags, env, cgo, trimpath, extraArgs, cgoCheck, timeout);
  }

  public GoBuildOptions withLdflags(String value) {
    return new GoBuildOptions(mainPackage, value, tags, env, cgo, trimpath, extraArgs, cgoCheck, timeout);
  }

  public GoBuildOptions withTags(List<String> value) {
    return new GoBuildOptions(mainPackage, ldflags, value, env, cgo, trimpath, extraArgs, cgoCheck, timeout);
  }

  public GoBuildOptions withEnv(Map<String, String> value) {
    return new GoBuildOptions(mainPackage, ldflags, tags, value, cgo, trimpath, extraArgs, cgoCheck, timeout);
  }

  public GoBuildOptions withCgo(boolean value) {
    return new GoBuildOptions(mainPackage, ldflags, tags, env, value, trimpath, extraArgs, cgoCheck, timeout);
  }

  public GoBuildOptions withTrimpath(boolean value) {
    return new GoBuildOptions(mainPackage, ldflags, tags, env, cgo, value, extraArgs, cgoCheck, timeout);
  }

  /**
   * Whether to fail, before compiling with cgo off, when a dependency has cgo files (on by default);
   * off for a dependency whose pure-Go fallback is wanted.
   */
  public GoBuildOptions withCgoCheck(boolean value) {
    return new GoBuildOptions(mainPackage, ldflags, tags, env, cgo, trimpath, extraArgs, value, timeout);
  }

  public GoBuildOptions withExtraArgs(List<String> value) {
    return new GoBuildOptions(mainPackage, ldflags, tags, env, cgo, trimpath, value, cgoCheck, timeout);
  }

  /** How long one platform's {@code go build} may run before it is killed and the build fails. */
  public GoBuildOptions withTimeout(Duration value) {
    return new GoBuildOptions(mainPackage, ldflags, tags, env, cgo, trimpath, extraArgs, cgoCheck, value);
  }
}
