package io.cinemaabyss.cinema.build.go;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Go release: {@code 1.19}, {@code 1.23.7}, {@code 1.21rc2}, as go.mod's {@code go} and
 * {@code toolchain} lines and {@code go env GOVERSION} ({@code go1.19.8}) write it. A pre-release
 * sorts before the release it precedes.
 */
public record GoVersion(int major, int minor, int patch, int pre) implements Comparable<GoVersion> {

  private static final Pattern VERSION = Pattern.compile("(?:go)?(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:(rc|beta)(\\d+))?.*");

  /** The version {@code text} names; empty for what is not one ({@code devel +abc}). */
  public static Optional<GoVersion> parse(String text) {
    Matcher m = VERSION.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    // 1.21rc2 comes before 1.21.0; beta before rc
    int pre = m.group(4) == null ? Integer.MAX_VALUE : (m.group(4).equals("beta") ? 0 : 1000) + Integer.parseInt(m.group(5));
    return Optional.of(new GoVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, pre));
  }

  @Override
  public int compareTo(GoVersion o) {
    int c = Integer.compare(major, o.major);
    c = c != 0 ? c : Integer.compare(minor, o.minor);
    c = c != 0 ? c : Integer.compare(patch, o.patch);
    return c != 0 ? c : Integer.compare(pre, o.pre);
  }

  /** Whether this Go knows GOTOOLCHAIN and can switch to the toolchain go.mod asks for (1.21 and later). */
  public boolean switchesToolchains() {
    return compareTo(new GoVersion(1, 21, 0, 0)) >= 0;
  }
}
