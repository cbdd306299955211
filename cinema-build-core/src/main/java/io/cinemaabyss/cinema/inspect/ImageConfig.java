package io.cinemaabyss.cinema.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an image config says about where and how it runs: os, architecture and variant as written,
 * creation time, entrypoint, cmd, user, environment and working directory.
 */
public record ImageConfig(
    String os,
    String architecture,
    String variant,
    String created,
    List<String> entrypoint,
    List<String> cmd,
    String user,
    List<String> env,
    String workingDir) {

  /** The PATH a runtime uses when the image sets none. */
  public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  public ImageConfig {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
  }

  public static ImageConfig parse(JsonNode json) {
    JsonNode config = json.path("config");
    return new ImageConfig(
        json.path("os").asText(""),
        json.path("architecture").asText(""),
        json.path("variant").asText(""),
        json.path("created").asText(""),
        strings(config.get("Entrypoint")),
        strings(config.get("Cmd")),
        config.path("User").asText(""),
        strings(config.get("Env")),
        config.path("WorkingDir").asText(""));
  }

  /** {@code os/architecture[/variant]} as the config writes it. */
  public String platformText() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }

  /** The command the runtime starts: entrypoint followed by cmd, or cmd alone. */
  public List<String> command() {
    List<String> argv = new ArrayList<>(entrypoint);
    argv.addAll(cmd);
    return argv;
  }

  public Optional<String> envValue(String name) {
    for (String item : env) {
      if (item.startsWith(name + "=")) {
        return Optional.of(item.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }

  /** The directories of PATH, in order, as the runtime searches them. */
  public List<String> path() {
    List<String> dirs = new ArrayList<>();
    for (String dir : envValue("PATH").orElse(DEFAULT_PATH).split(":")) {
      dirs.add(dir.isEmpty() ? "." : dir);
    }
    return dirs;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(item -> out.add(item.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }
}
