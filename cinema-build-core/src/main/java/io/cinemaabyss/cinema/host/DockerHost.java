package io.cinemaabyss.cinema.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.net.URI;
import java.time.Duration;
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

  /** docker-java's configuration for this daemon (TLS and registry auth as docker-java reads them). */
  public DockerClientConfig clientConfig() {
    return DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(uri).build();
  }

  /**
   * A docker-java client of this daemon; {@code responseTimeout} bounds one answer (a build step may
   * print nothing for a long time, a load sends a whole image).
   */
  public DockerClient client(Duration responseTimeout) {
    DockerClientConfig config = clientConfig();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(URI.create(uri))
        .sslConfig(config.getSSLConfig())
        .connectionTimeout(Duration.ofSeconds(30))
        .responseTimeout(responseTimeout)
        .build();
    return DockerClientImpl.getInstance(config, http);
  }

  /** What to say when the daemon cannot be reached. */
  public String unreachable(RuntimeException e) {
    return "Cannot reach the Docker daemon at " + uri + " (" + e.getMessage() + "). Start dockerd, or point DOCKER_HOST"
        + " (or cinema.dockerHost) at a running one.";
  }

  @Override
  public String toString() {
    return uri;
  }
}
