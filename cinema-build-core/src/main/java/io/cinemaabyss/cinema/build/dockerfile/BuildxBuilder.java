package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.host.DockerHost;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.process.Command;
import io.cinemaabyss.cinema.process.ProcessException;
import io.cinemaabyss.cinema.process.ProcessResult;
import io.cinemaabyss.cinema.process.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Builds all platforms at once with {@code docker buildx build}, through a docker-container
 * builder that it creates or reuses by name, into an OCI archive; relays buildx's plain progress
 * output line by line.
 */
final class BuildxBuilder {

  /** Lines of output kept to quote when the build fails. */
  private static final int TAIL = 30;

  private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(5);
  /** A build that compiles under emulation can take long; this bounds a hung one. */
  private static final Duration BUILD_TIMEOUT = Duration.ofHours(2);

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
      return ProcessRunner.run(command(host, List.of("docker", "buildx", "version"), Duration.ofSeconds(30))).succeeded();
    } catch (ProcessException e) {
      return false; // no docker CLI
    }
  }

  /** Reuses the builder of that name, or creates it with the docker-container driver (multi-platform, OCI output). */
  void ensureBuilder() {
    if (run(List.of("docker", "buildx", "inspect", builderName), false, SETUP_TIMEOUT).exitCode() == 0) {
      log.info("Using buildx builder '" + builderName + "'");
      return;
    }
    log.info("Creating buildx builder '" + builderName + "' (driver docker-container)");
    if (run(List.of("docker", "buildx", "create", "--name", builderName, "--driver", "docker-container"), true, SETUP_TIMEOUT).exitCode() != 0) {
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
    ProcessResult result = run(command, true, BUILD_TIMEOUT);
    if (!result.succeeded()) {
      List<String> lines = result.stdout().lines().toList();
      throw new DockerfileBuildException(
          "docker buildx build " + (result.timedOut() ? "did not finish within " + BUILD_TIMEOUT.toHours() + " h and was killed" : "failed (exit "
              + result.exitCode() + ")") + " for " + platforms + ". Last output:" + System.lineSeparator() + "  "
              + String.join(System.lineSeparator() + "  ", lines.subList(Math.max(0, lines.size() - TAIL), lines.size())));
    }
  }

  /** Runs a buildx command, relaying its output lines to the build log (or to debug), and keeping their tail. */
  private ProcessResult run(List<String> command, boolean relay, Duration timeout) {
    Consumer<String> relayTo = relay ? line -> log.info("[buildx] " + line) : line -> log.debug("[buildx] " + line);
    try {
      return ProcessRunner.run(command(host, command, timeout).onLine(relayTo));
    } catch (ProcessException e) {
      throw new DockerfileBuildException("Cannot run " + String.join(" ", command.subList(0, 3)) + ": " + e.getMessage(), e);
    }
  }

  private static Command command(DockerHost host, List<String> command, Duration timeout) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("DOCKER_HOST", host.uri());
    return Command.of(command, timeout).withEnvironment(env).mergingErrors().keepingOutputTail(TAIL * 1024);
  }
}
