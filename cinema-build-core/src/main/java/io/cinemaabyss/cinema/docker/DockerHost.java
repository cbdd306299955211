package io.cinemaabyss.cinema.docker;

import java.util.Map;
import java.util.Optional;

/** Where the Docker Engine listens: the configured host, else DOCKER_HOST, else the local socket. */
public record DockerHost(String uri) {

  public static final String DEFAULT = "unix:///var/run/docker.sock";

  public static DockerHost resolve(Optional<String> configured, Map<String, String> environment) {
    return new DockerHost(
        configured.filter(v -> !v.isBlank())
            .or(() -> Optional.ofNullable(environment.get("DOCKER_HOST")).filter(v -> !v.isBlank()))
            .orElse(DEFAULT)
            .strip());
  }

  /** True for a daemon on this machine (a unix socket or named pipe), whose kernel is this host's. */
  public boolean isLocal() {
    return uri.startsWith("unix://") || uri.startsWith("npipe://");
  }

  @Override
  public String toString() {
    return uri;
  }
}
