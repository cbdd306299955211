package io.cinemaabyss.cinema.build.go;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.SearchPath;
import io.cinemaabyss.cinema.host.HostEmulation;
import io.cinemaabyss.cinema.oci.Platform;
import java.util.Map;

/**
 * The C compiler cgo uses for one platform: {@code CC_FOR_<os>_<arch>} when the user names one (Go's
 * own make.bash convention), else this machine's {@code cc} for its own architecture, else Debian's
 * cross compiler for the target ({@code aarch64-linux-gnu-gcc} from gcc-aarch64-linux-gnu...). Never
 * the host gcc for another architecture, which fails with assembler errors.
 */
final class CrossCompilers {

  private static final Map<String, String> DEBIAN = Map.of(
      "amd64", "x86_64-linux-gnu-gcc",
      "arm64", "aarch64-linux-gnu-gcc",
      "arm", "arm-linux-gnueabihf-gcc",
      "386", "i686-linux-gnu-gcc",
      "riscv64", "riscv64-linux-gnu-gcc",
      "s390x", "s390x-linux-gnu-gcc",
      "ppc64le", "powerpc64le-linux-gnu-gcc");

  private CrossCompilers() {}

  static String cc(Platform platform, Map<String, String> env) {
    String key = "CC_FOR_" + platform.os() + "_" + platform.architecture();
    String named = env.get(key);
    if (named != null && !named.isBlank()) {
      return require(named.trim(), platform, env, "the compiler " + key + " names");
    }
    if (platform.os().equals("linux") && platform.architecture().equals(HostEmulation.thisHostArchitecture())) {
      String cc = env.getOrDefault("CC", "").isBlank() ? "gcc" : env.get("CC").trim();
      return require(cc, platform, env, "this machine's C compiler");
    }
    String debian = DEBIAN.get(platform.architecture());
    if (debian == null) {
      throw new CinemaException("cgo=true for " + platform + " needs a C cross compiler: name it with " + key + " in goEnvironment.");
    }
    return require(debian, platform, env, "Debian's cross compiler for " + platform.architecture());
  }

  private static String require(String cc, Platform platform, Map<String, String> env, String what) {
    boolean found = cc.contains("/") ? java.nio.file.Files.isExecutable(java.nio.file.Path.of(cc)) : SearchPath.of(env).find(cc).isPresent();
    if (!found) {
      String pkg = DEBIAN.containsKey(platform.architecture())
          ? " (Debian: apt-get install gcc-" + DEBIAN.get(platform.architecture()).replace("-gcc", "").replace('_', '-') + ")" : "";
      throw new CinemaException("cgo=true for " + platform + " needs a C compiler for " + platform.architecture() + ": " + what + ", " + cc
          + ", is not there" + pkg + ". Install it, or name one with CC_FOR_" + platform.os() + "_" + platform.architecture()
          + " in goEnvironment; or build without cgo.");
    }
    return cc;
  }
}
