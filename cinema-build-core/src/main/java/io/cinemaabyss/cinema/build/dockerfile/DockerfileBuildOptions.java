package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.Platform;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a Dockerfile build is asked to make, as the front door's {@code DockerfileBuild} collects it
 * and {@link DockerfileImageBuild} takes it: values are normalised here, once (paths absolute, blank
 * names empty, null build-arg values empty, duplicate platforms dropped).
 *
 * @param dockerfile the Dockerfile
 * @param context the build context (what COPY sees); empty: the Dockerfile's directory
 * @param platforms the platforms to build, at least one
 * @param buildArgs like {@code --build-arg}; the platform args (TARGETARCH...) are set per platform and win
 * @param target the stage to build; empty: the last
 * @param dockerHost the Docker Engine, such as {@code unix:///var/run/docker.sock}; empty: DOCKER_HOST, else that socket
 * @param failOnLint whether lint findings fail the build (else they are logged as warnings)
 * @param cross whether Go stages that would compile under emulation are cross-compiled (see {@link DockerfileCross})
 * @param annotations index annotations, also the OCI labels of each config
 * @param format OCI index or Docker manifest list
 * @param environment the build's environment (DOCKER_HOST, SOURCE_DATE_EPOCH)
 */
public record DockerfileBuildOptions(
    Path dockerfile,
    Optional<Path> context,
    List<Platform> platforms,
    Map<String, String> buildArgs,
    Optional<String> target,
    Optional<String> dockerHost,
    boolean failOnLint,
    DockerfileCross.Mode cross,
    Map<String, String> annotations,
    IndexFormat format,
    Map<String, String> environment) {

  public DockerfileBuildOptions {
    dockerfile = dockerfile.toAbsolutePath().normalize();
    context = context == null ? Optional.empty() : context.map(p -> p.toAbsolutePath().normalize());
    platforms = List.copyOf(new LinkedHashSet<>(platforms == null ? Platform.DEFAULTS : platforms));
    if (platforms.isEmpty()) {
      throw new CinemaException("No platforms to build: give at least one, such as linux/amd64.");
    }
    Map<String, String> args = new LinkedHashMap<>();
    if (buildArgs != null) {
      buildArgs.forEach((k, v) -> args.put(k, v == null ? "" : v));
    }
    buildArgs = Collections.unmodifiableMap(args);
    target = named(target);
    dockerHost = named(dockerHost);
    cross = cross == null ? DockerfileCross.Mode.AUTO : cross;
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations == null ? Map.of() : annotations));
    format = format == null ? IndexFormat.OCI : format;
    environment = Map.copyOf(environment == null ? System.getenv() : environment);
  }

  /** {@code dockerfile} for linux/amd64 and linux/arm64, with every other value at its default. */
  public static DockerfileBuildOptions of(Path dockerfile) {
    return new DockerfileBuildOptions(dockerfile, null, null, null, null, null, false, null, null, null, null);
  }

  private static Optional<String> named(Optional<String> value) {
    return value == null ? Optional.empty() : value.map(String::strip).filter(v -> !v.isEmpty());
  }
}
