package io.cinemaabyss.cinema.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.SearchPath;
import io.cinemaabyss.cinema.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code docker-credential-<name>} executable that a Docker config.json names for a registry
 * ({@code credHelpers} entry for the registry, else {@code credsStore}), located on the PATH of the
 * environment given. Java starts a bare command name with the PATH the JVM started with, so the
 * helper is resolved here to an absolute path, and the environment's PATH is the one that counts.
 *
 * @param origin {@code credHelpers} or {@code credsStore}
 */
record DockerCredentialHelper(String name, String origin, Path executable, Path config) {

  /** The helper for {@code registry}, if the config names one and it is on the PATH. */
  static Optional<DockerCredentialHelper> find(Path config, String registry, Map<String, String> env) {
    return find(config, java.util.List.of(registry), env);
  }

  /** The helper for a registry known by any of {@code names} (hosts or config keys such as {@code https://index.docker.io/v1/}). */
  static Optional<DockerCredentialHelper> find(Path config, java.util.List<String> names, Map<String, String> env) {
    java.util.Set<String> hosts = new java.util.HashSet<>();
    names.forEach(n -> hosts.add(host(n)));
    if (!Files.isRegularFile(config)) {
      return Optional.empty();
    }
    JsonNode json;
    try {
      json = Json.parse(Files.readAllBytes(config), "Docker config " + config);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // jib's own reader of the same file reports what is wrong with it
    }
    String name = null;
    String origin = null;
    JsonNode helpers = json.path("credHelpers");
    for (Iterator<Map.Entry<String, JsonNode>> it = helpers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (hosts.contains(host(entry.getKey())) && !entry.getValue().asText("").isBlank()) {
        name = entry.getValue().asText();
        origin = "credHelpers";
        break;
      }
    }
    if (name == null && !json.path("credsStore").asText("").isBlank()) {
      name = json.path("credsStore").asText();
      origin = "credsStore";
    }
    if (name == null) {
      return Optional.empty();
    }
    String executable = "docker-credential-" + name;
    String helper = name;
    String from = origin;
    return SearchPath.of(env).find(executable).map(found -> new DockerCredentialHelper(helper, from, found.toAbsolutePath(), config));
  }

  /** The host[:port] of a config key, which may be written as a URL ({@code https://host/v1/}). */
  static String host(String key) {
    String host = key.trim().toLowerCase(Locale.ROOT);
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    return slash >= 0 ? host.substring(0, slash) : host;
  }

  /** The source's name in messages: which executable, and why it was chosen. */
  String sourceName() {
    return "Docker credential helper " + executable + " (" + origin + " in " + config + ")";
  }
}
