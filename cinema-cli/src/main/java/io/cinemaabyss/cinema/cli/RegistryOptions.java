package io.cinemaabyss.cinema.cli;

import io.cinemaabyss.cinema.api.Connection;
import io.cinemaabyss.cinema.api.Credentials;
import io.cinemaabyss.cinema.api.Layout;
import io.cinemaabyss.cinema.api.Location;
import io.cinemaabyss.cinema.api.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * How registries are reached and with which credentials: the plugin's rules, as options. A password
 * is never an option value (a process list shows those): it comes from stdin or a named variable.
 */
final class RegistryOptions {

  private static final Pattern LAYOUT_DIGEST = Pattern.compile("(.+):(sha256:[0-9a-f]{64})");

  @Option(names = "--username", paramLabel = "USER", description = "The registry username; the password comes from --password-stdin or --password-env.")
  String username;

  @Option(names = "--password-stdin", description = "Reads the password (or token) from stdin, as docker login does.")
  boolean passwordStdin;

  @Option(names = "--password-env", paramLabel = "VARIABLE", description = "The environment variable that holds the password (or token).")
  String passwordEnvironment;

  @Option(names = "--allow-insecure-registries", description = "Every registry may be plain HTTP or self-signed (prefer --insecure-registry HOST).")
  boolean allowInsecureRegistries;

  @Option(names = "--insecure-registry", split = ",", paramLabel = "HOST[:PORT]",
      description = "May be plain HTTP or have a certificate that does not verify (repeatable or comma-separated). Sends no credential over plain HTTP by itself.")
  List<String> insecureRegistries = List.of();

  @Option(names = "--plain-http-credentials", split = ",", paramLabel = "HOST[:PORT]",
      description = "Credentials may go over plain HTTP to this registry (loopback ones need no entry).")
  List<String> plainHttpCredentials = List.of();

  @Option(names = "--retries", defaultValue = "5", description = "How many times a transient failure (5xx, 429, a reset) is retried; default ${DEFAULT-VALUE}.")
  int retries;

  @Option(names = "--connect-timeout", defaultValue = "10", paramLabel = "SECONDS", description = "Default ${DEFAULT-VALUE}.")
  int connectTimeout;

  @Option(names = "--read-timeout", defaultValue = "30", paramLabel = "SECONDS", description = "Silence allowed on one request; default ${DEFAULT-VALUE}.")
  int readTimeout;

  @Option(names = "--deadline", defaultValue = "1800", paramLabel = "SECONDS", description = "One operation in all; default ${DEFAULT-VALUE}.")
  int deadline;

  Connection connection() {
    Connection connection = Connection.defaults()
        .allowInsecure(allowInsecureRegistries)
        .plainHttpCredentials(plainHttpCredentials)
        .retries(retries)
        .timeouts(Duration.ofSeconds(connectTimeout), Duration.ofSeconds(readTimeout), Duration.ofSeconds(deadline))
        .settingNames(RegistryOptions::option);
    // a host list narrows what may be insecure: with --allow-insecure-registries every registry already may
    return allowInsecureRegistries || insecureRegistries.isEmpty() ? connection : connection.insecure(insecureRegistries);
  }

  /** The option that sets what the core names by its Maven property. */
  static String option(String property) {
    return switch (property) {
      case "cinema.allowInsecureRegistries=true" -> "--allow-insecure-registries";
      case "cinema.insecureRegistries" -> "--insecure-registry HOST[:PORT]";
      case "cinema.plainHttpCredentialRegistries" -> "--plain-http-credentials";
      case "cinema.registry.readTimeout" -> "--read-timeout";
      case "cinema.registry.connectTimeout" -> "--connect-timeout";
      case "cinema.registry.deadline" -> "--deadline";
      default -> property;
    };
  }

  /**
   * The explicit login (when given) before Docker's config, its helpers and the environment.
   *
   * @param usage makes the usage error for a missing or conflicting password source
   */
  Credentials credentials(Map<String, String> environment, InputStream stdin, Function<String, ? extends RuntimeException> usage) throws IOException {
    Credentials standard = Credentials.standard(environment);
    if (username == null) {
      if (passwordStdin || passwordEnvironment != null) {
        throw usage.apply("--password-stdin and --password-env need --username.");
      }
      return standard;
    }
    if (passwordStdin == (passwordEnvironment != null)) {
      throw usage.apply("--username needs its password from exactly one of --password-stdin and --password-env VARIABLE.");
    }
    String password;
    if (passwordStdin) {
      password = new String(stdin.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (password.isEmpty()) {
        throw usage.apply("--password-stdin read nothing from stdin: pipe the password in, such as: echo \"$TOKEN\" | cinema ... --password-stdin.");
      }
    } else {
      password = environment.get(passwordEnvironment);
      if (password == null || password.isEmpty()) {
        throw usage.apply("--password-env names " + passwordEnvironment + ", which is not set (or empty) in the environment.");
      }
    }
    return standard.explicit("--username with " + (passwordStdin ? "--password-stdin" : "--password-env " + passwordEnvironment), username, password);
  }

  /**
   * {@code oci:DIR[:TAG]} or {@code oci:DIR:sha256:HEX} (a layout), else {@code docker://REF} or
   * {@code REF} (a registry image, read with {@code credentials}).
   */
  Location location(String text, Credentials credentials) {
    if (text.startsWith("oci:")) {
      String rest = text.substring("oci:".length());
      Matcher digest = LAYOUT_DIGEST.matcher(rest);
      if (digest.matches()) {
        return Layout.at(Path.of(digest.group(1))).tag(digest.group(2));
      }
      int colon = rest.lastIndexOf(':');
      if (colon > 0 && rest.indexOf('/', colon) < 0) {
        return Layout.at(Path.of(rest.substring(0, colon))).tag(rest.substring(colon + 1));
      }
      return Layout.at(Path.of(rest));
    }
    String reference = text.startsWith("docker://") ? text.substring("docker://".length()) : text;
    if (reference.matches("[a-z][a-z0-9+.-]*:/.*") || reference.startsWith("docker-daemon:") || reference.startsWith("docker-archive:")) {
      throw new IllegalArgumentException("'" + text + "' is not an image this tool reads: use oci:DIR[:TAG] for an OCI layout, or docker://REF (or REF) for a registry image.");
    }
    return Registry.of(reference, credentials).connection(connection());
  }
}
