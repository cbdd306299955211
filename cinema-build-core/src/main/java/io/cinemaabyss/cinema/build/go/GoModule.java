package io.cinemaabyss.cinema.build.go;

import io.cinemaabyss.cinema.CinemaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What a go.mod asks of the Go that builds it: its {@code go} and {@code toolchain} lines. */
public record GoModule(Path goMod, Optional<String> goLine, Optional<String> toolchainLine) {

  public static GoModule read(Path moduleDir) {
    Path goMod = moduleDir.resolve("go.mod");
    try {
      Optional<String> go = Optional.empty();
      Optional<String> toolchain = Optional.empty();
      for (String raw : Files.readAllLines(goMod)) {
        String line = raw.replaceFirst("//.*", "").trim();
        String[] words = line.split("\\s+");
        if (words.length == 2 && words[0].equals("go")) {
          go = Optional.of(words[1]);
        } else if (words.length == 2 && words[0].equals("toolchain")) {
          toolchain = Optional.of(words[1]);
        }
      }
      return new GoModule(goMod, go, toolchain);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + goMod, e);
    }
  }

  /**
   * Fails in a second, naming both versions and the fixes, when go.mod asks for a newer Go than
   * {@code toolchain} and that Go cannot switch itself: Go before 1.21 knows no GOTOOLCHAIN and
   * would fail after compiling; a newer Go with GOTOOLCHAIN=local (or unset, here offline) fails
   * too. A GOTOOLCHAIN the user set (other than local) is left to go to honour.
   */
  public void requireSatisfiedBy(GoToolchain toolchain, Map<String, String> environment) {
    Optional<GoVersion> have = GoVersion.parse(toolchain.version());
    if (have.isEmpty()) {
      return; // a development build of Go: no version to compare
    }
    String line = "";
    GoVersion needed = null;
    if (goLine.isPresent() && GoVersion.parse(goLine.get()).isPresent()) {
      needed = GoVersion.parse(goLine.get()).get();
      line = "go " + goLine.get();
    }
    if (toolchainLine.isPresent() && GoVersion.parse(toolchainLine.get()).isPresent()) {
      GoVersion t = GoVersion.parse(toolchainLine.get()).get();
      if (needed == null || t.compareTo(needed) > 0) {
        needed = t;
        line = "toolchain " + toolchainLine.get();
      }
    }
    if (needed == null || needed.compareTo(have.get()) <= 0) {
      return;
    }
    String gotoolchain = environment.getOrDefault("GOTOOLCHAIN", "").trim();
    if (have.get().switchesToolchains() && !gotoolchain.isEmpty() && !gotoolchain.equals("local")) {
      return; // the user told go how to find a newer toolchain
    }
    throw new CinemaException(
        goMod + " asks for a newer Go (" + line + ") than the Go found, " + toolchain.version() + " at " + toolchain.executable()
            + ". Point at a newer Go with -Dcinema.go=/path/to/go (<goExecutable>, a go binary or a GOROOT)"
            + (have.get().switchesToolchains()
                ? ", or set GOTOOLCHAIN (such as GOTOOLCHAIN=" + line.replaceFirst("^(go|toolchain) (go)?", "go") + ") to let go fetch it."
                : "; Go before 1.21 cannot switch toolchains by itself (GOTOOLCHAIN)."));
  }
}
