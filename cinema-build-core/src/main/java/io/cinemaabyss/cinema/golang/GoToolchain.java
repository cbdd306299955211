package io.cinemaabyss.cinema.golang;

import io.cinemaabyss.cinema.SearchPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A Go toolchain on this machine: where its {@code go} command is and which version it is. */
public record GoToolchain(Path executable, String version) {

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
    ProcessBuilder pb = new ProcessBuilder(executable.toString(), "env", "GOVERSION");
    pb.redirectErrorStream(true);
    try {
      Process process = pb.start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new GoToolchainNotFoundException(executable + " did not answer 'go env GOVERSION' within 60 s");
      }
      String text = new String(out, StandardCharsets.UTF_8).trim();
      if (process.exitValue() != 0 || !text.startsWith("go")) {
        throw new GoToolchainNotFoundException(
            executable + " is not a working Go toolchain: 'go env GOVERSION' said: " + text);
      }
      return new GoToolchain(executable, text);
    } catch (IOException e) {
      throw new GoToolchainNotFoundException("Cannot run " + executable + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GoToolchainNotFoundException("Interrupted while asking " + executable + " for its version");
    }
  }
}
