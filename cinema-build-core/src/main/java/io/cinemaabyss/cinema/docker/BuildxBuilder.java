package io.cinemaabyss.cinema.docker;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.image.IndexFormat;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Builds all platforms at once with {@code docker buildx build}, through a docker-container
 * builder that it creates or reuses by name, into an OCI archive; relays buildx's plain progress
 * output line by line.
 */
final class BuildxBuilder {

  /** Lines of output kept to quote when the build fails. */
  private static final int TAIL = 30;

  private final DockerHost host;
  private final String builderName;
  private final BuildLog log;

  BuildxBuilder(DockerHost host, String builderName, BuildLog log) {
    this.host = host;
    this.builderName = builderName;
    this.log = log;
  }

  /** True when {@code docker buildx version} works for this Docker host. */
  static boolean available(DockerHost host) {
    try {
      Process process = start(host, List.of("docker", "buildx", "version"));
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Reuses the builder of that name, or creates it with the docker-container driver (multi-platform, OCI output). */
  void ensureBuilder() {
    if (run(List.of("docker", "buildx", "inspect", builderName), false) == 0) {
      log.info("Using buildx builder '" + builderName + "'");
      return;
    }
    log.info("Creating buildx builder '" + builderName + "' (driver docker-container)");
    if (run(List.of("docker", "buildx", "create", "--name", builderName, "--driver", "docker-container"), true) != 0) {
      throw new DockerfileBuildException(
          "Cannot create the buildx builder '" + builderName + "' on " + host + ": see the output above. Create it yourself with"
              + " docker buildx create --name " + builderName + " --driver docker-container, or remove the broken one with"
              + " docker buildx rm " + builderName + ".");
    }
  }

  /** Runs the build for every platform and writes the OCI archive to {@code archive}. */
  void build(
      Path dockerfile, Path context, List<Platform> platforms, Map<String, String> buildArgs, Map<String, String> labels,
      Optional<String> target, IndexFormat format, Path archive) {
    List<String> command = new ArrayList<>(List.of("docker", "buildx", "build", "--builder", builderName, "--progress", "plain"));
    command.add("--platform");
    command.add(platforms.stream().map(Platform::toString).collect(Collectors.joining(",")));
    command.add("--file");
    command.add(dockerfile.toAbsolutePath().toString());
    buildArgs.forEach((k, v) -> {
      command.add("--build-arg");
      command.add(k + "=" + v);
    });
    labels.forEach((k, v) -> {
      command.add("--label");
      command.add(k + "=" + v);
    });
    target.filter(t -> !t.isBlank()).ifPresent(t -> {
      command.add("--target");
      command.add(t);
    });
    command.add("--output");
    command.add("type=oci,dest=" + archive.toAbsolutePath() + (format == IndexFormat.DOCKER ? ",oci-mediatypes=false" : ""));
    command.add(context.toAbsolutePath().toString());
    try {
      Files.createDirectories(archive.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new CinemaException("Cannot create " + archive.getParent() + ": " + e.getMessage(), e);
    }
    Deque<String> tail = new ArrayDeque<>();
    int exit = run(command, true, tail);
    if (exit != 0) {
      throw new DockerfileBuildException(
          "docker buildx build failed (exit " + exit + ") for " + platforms + ". Last output:" + System.lineSeparator() + "  "
              + String.join(System.lineSeparator() + "  ", tail));
    }
  }

  private int run(List<String> command, boolean relay) {
    return run(command, relay, new ArrayDeque<>());
  }

  private int run(List<String> command, boolean relay, Deque<String> tail) {
    try {
      Process process = start(host, command);
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          tail.addLast(line);
          while (tail.size() > TAIL) {
            tail.removeFirst();
          }
          if (relay) {
            log.info("[buildx] " + line);
          } else {
            log.debug("[buildx] " + line);
          }
        }
      }
      return process.waitFor();
    } catch (IOException e) {
      throw new DockerfileBuildException("Cannot run " + String.join(" ", command.subList(0, 3)) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CinemaException("Interrupted running docker buildx", e);
    }
  }

  private static Process start(DockerHost host, List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DOCKER_HOST", host.uri());
    Process process = builder.start();
    process.getOutputStream().close();
    return process;
  }
}
