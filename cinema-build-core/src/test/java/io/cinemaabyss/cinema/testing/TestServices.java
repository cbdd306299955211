package io.cinemaabyss.cinema.testing;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real services a test needs, as started by scripts/test-services.sh and described by its
 * environment. Where a service is missing, the test is skipped, visibly; with
 * CINEMA_REQUIRE_SERVICES=true (as scripts/test-all.sh and CI set) it fails instead.
 */
public final class TestServices {

  private TestServices() {}

  /** host:port of the plain-HTTP registry. */
  public static String registry() {
    return require("CINEMA_TEST_REGISTRY", "a plain-HTTP registry");
  }

  /** host:port of the TLS + htpasswd registry. */
  public static String tlsRegistry() {
    return require("CINEMA_TEST_TLS_REGISTRY", "a TLS registry with htpasswd");
  }

  public static String tlsUser() {
    return require("CINEMA_TEST_TLS_USER", "the TLS registry's user");
  }

  public static String tlsPassword() {
    return require("CINEMA_TEST_TLS_PASSWORD", "the TLS registry's password");
  }

  /** The CA certificate (PEM) of the TLS registry. */
  public static Path tlsCa() {
    return Path.of(require("CINEMA_TEST_TLS_CA", "the TLS registry's certificate"));
  }

  /** The access log of the plain registry, to count uploads. */
  public static Path registryLog() {
    return Path.of(require("CINEMA_TEST_REGISTRY_LOG", "the plain registry's log"));
  }

  public static Path tlsRegistryLog() {
    return Path.of(require("CINEMA_TEST_TLS_REGISTRY_LOG", "the TLS registry's log"));
  }

  /** A multi-arch (amd64 + arm64) busybox image in the plain registry. */
  public static String baseImage() {
    return require("CINEMA_TEST_BASE_IMAGE", "a multi-arch busybox base image in the plain registry");
  }

  /** The Docker Engine endpoint, such as unix:///var/run/docker.sock. */
  public static String dockerHost() {
    return require("CINEMA_TEST_DOCKER_HOST", "a running dockerd");
  }

  public static Optional<String> optional(String variable) {
    return Optional.ofNullable(System.getenv(variable)).filter(v -> !v.isBlank());
  }

  /** The value of {@code variable}, or a skip (a failure when services are required). */
  public static String require(String variable, String what) {
    Optional<String> value = optional(variable);
    if (value.isPresent()) {
      return value.get();
    }
    String message = "This test needs " + what + " (" + variable + "); run it through scripts/test-all.sh, "
        + "or start the services with scripts/test-services.sh start and eval \"$(scripts/test-services.sh env)\"";
    if ("true".equals(System.getenv("CINEMA_REQUIRE_SERVICES"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
    throw new IllegalStateException("unreachable");
  }

  /** {@code program} on the PATH (installed by scripts/install-packages.sh), or a skip (a failure when services are required). */
  public static void requireProgram(String program) {
    if (!Commands.onPath(program)) {
      String message = "This test needs " + program + " on the PATH; scripts/install-packages.sh installs it";
      if ("true".equals(System.getenv("CINEMA_REQUIRE_SERVICES"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
  }
}
