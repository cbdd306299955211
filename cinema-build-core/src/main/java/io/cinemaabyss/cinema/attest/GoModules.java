package io.cinemaabyss.cinema.attest;

import java.util.Set;
import java.util.TreeSet;

/** The modules a binary was linked from, as {@code path@version} strings: what an SBOM must name, exactly. */
public final class GoModules {

  private GoModules() {}

  /** The main module (by path alone: a local build has no version) and every dependency with its version. */
  public static Set<String> of(GoBuildInfo info) {
    Set<String> modules = new TreeSet<>();
    modules.add(info.main().path());
    for (GoBuildInfo.Module dep : info.deps()) {
      modules.add(dep.path() + "@" + dep.version());
    }
    return modules;
  }
}
