package io.cinemaabyss.cinema.build.go;

import io.cinemaabyss.cinema.SearchPath;
import io.cinemaabyss.cinema.process.Command;
import io.cinemaabyss.cinema.process.ProcessException;
import io.cinemaabyss.cinema.process.ProcessResult;
import io.cinemaabyss.cinema.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Go toolchain on this machine: where its {@code go} command is and which version it is. */
public record GoToolchain(Path executable, String version) {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Finds Go: the configured path first (the {@code go} executable or a GOROOT directory), then
   * {@code $GOROOT/bin/go}, then {@code go} on the PATH.
   *
   * @param configured a path the user gave, or empty
   * @param environment the environment to read GOROOT and PATH from
   * @throws GoToolchainNotFoundException naming every place looked at and how to fix it
   */
  public static GoToolchain locate(Optional<Path> configured, Map<String, String> environment) {
    List<String> looked = new ArrayList<>();
    if (configured.isPresent()) {
      Path path = configured.get();
      Path candidate = Files.isDirectory(path) ? path.resolve("bin").resolve("go") : path;
      if (Files.isExecutable(candidate)) {
        return probe(candidate);
      }
      throw new GoToolchainNotFoundException(
          "The configured Go toolchain "
              + path
              + " is not an executable 'go' nor a GOROOT directory with bin/go. "
              + "Point cinema.go (<goExecutable>) at the go binary, e.g. /usr/lib/go/bin/go, or remove it to use go on the PATH.");
    }
    String goroot = environment.get("GOROOT");
    if (goroot != null && !goroot.isBlank()) {
      Path candidate = Path.of(goroot, "bin", "go");
      looked.add("GOROOT (" + candidate + ")");
      if (Files.isExecutable(candidate)) {
        return probe(candidate);
      }
    }
    String path = environment.getOrDefault("PATH", "");
    looked.add("PATH (" + path + ")");
    Optional<Path> onPath = new SearchPath(path).find("go");
    if (onPath.isPresent()) {
      return probe(onPath.get());
    }
    throw new GoToolchainNotFoundException(
        "No Go toolchain found: looked in "
            + String.join(" and ", looked)
            + ". Install Go (Debian/Ubuntu: apt-get install golang-go; others: https://go.dev/dl) "
            + "or point at one with -Dcinema.go=/path/to/go (<goExecutable> in the plugin configuration).");
  }

  /** Runs {@code go env GOVERSION} to learn the version; fails if the binary does not answer as Go. */
  static GoToolchain probe(Path executable) {
    ProcessResult result;
    try {
      result = ProcessRunner.run(Command.of(List.of(executable.toString(), "env", "GOVERSION"), PROBE_TIMEOUT).mergingErrors());
    } catch (ProcessException e) {
      throw new GoToolchainNotFoundException(e.getMessage());
    }
    if (result.timedOut()) {
      throw new GoToolchainNotFoundException(executable + " did not answer 'go env GOVERSION' within 60 s");
    }
    String text = result.stdout().trim();
    if (result.exitCode() != 0 || !text.startsWith("go")) {
      throw new GoToolchainNotFoundException(executable + " is not a working Go toolchain: 'go env GOVERSION' said: " + text);
    }
    return new GoToolchain(executable, text);
  }
}
