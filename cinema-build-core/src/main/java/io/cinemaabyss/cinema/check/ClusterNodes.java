package io.cinemaabyss.cinema.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.process.Command;
import io.cinemaabyss.cinema.process.ProcessResult;
import io.cinemaabyss.cinema.process.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of a Kubernetes cluster as {@code kubectl get nodes -o json} lists them: each node's
 * {@code status.nodeInfo.operatingSystem} and {@code architecture}, which is what an image must
 * provide to run anywhere in that cluster.
 */
public record ClusterNodes(String origin, List<Node> nodes) {

  /** One node and the platform it runs. */
  public record Node(String name, String operatingSystem, String architecture) {
    public Platform platform() {
      return new Platform(operatingSystem, architecture, "");
    }
  }

  public ClusterNodes {
    nodes = List.copyOf(nodes);
  }

  /** Reads a NodeList (or a single Node) as JSON; {@code origin} names it in messages. */
  public static ClusterNodes parse(byte[] json, String origin) {
    JsonNode root = Json.parse(json, "The node list from " + origin);
    List<JsonNode> items = new ArrayList<>();
    if (root.has("items") && root.get("items").isArray()) {
      root.get("items").forEach(items::add);
    } else if ("Node".equals(root.path("kind").asText())) {
      items.add(root);
    } else {
      throw new CinemaException(
          "The node list from " + origin + " is not the output of 'kubectl get nodes -o json' (no 'items' array).");
    }
    List<Node> nodes = new ArrayList<>();
    for (JsonNode item : items) {
      String name = item.path("metadata").path("name").asText("(unnamed)");
      JsonNode info = item.path("status").path("nodeInfo");
      String os = info.path("operatingSystem").asText("");
      String arch = info.path("architecture").asText("");
      if (os.isEmpty() || arch.isEmpty()) {
        throw new CinemaException(
            "Node '" + name + "' in " + origin + " has no status.nodeInfo.operatingSystem/architecture: is this 'kubectl get nodes -o json' output?");
      }
      nodes.add(new Node(name, os, arch));
    }
    if (nodes.isEmpty()) {
      throw new CinemaException("The node list from " + origin + " has no nodes: check the kubectl context.");
    }
    return new ClusterNodes(origin, nodes);
  }

  public static ClusterNodes fromFile(Path file) {
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new CinemaException("Cannot read the node list " + file + " (cinema.nodesFile): " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code command} with {@code sh -c} (such as {@code kubectl --context prod get nodes -o json})
   * and reads its standard output.
   */
  public static ClusterNodes fromCommand(String command, Duration timeout) {
    ProcessResult result = ProcessRunner.run(Command.of(List.of("/bin/sh", "-c", command), timeout));
    if (result.timedOut()) {
      throw new CinemaException("The nodes command '" + command + "' (cinema.nodesCommand) did not finish within " + timeout.toSeconds() + " s.");
    }
    if (result.exitCode() != 0) {
      throw new CinemaException(
          "The nodes command '" + command + "' (cinema.nodesCommand) exited with " + result.exitCode() + ": " + result.stderr().strip());
    }
    if (result.outputTruncated()) {
      throw new CinemaException("The nodes command '" + command + "' (cinema.nodesCommand) printed more than "
          + result.command().outputLimit() / (1024 * 1024) + " MiB: give it a selector, or save its output and use cinema.nodesFile.");
    }
    return parse(result.stdout().getBytes(StandardCharsets.UTF_8), "the command '" + command + "'");
  }

  /** One requirement per distinct platform, naming the nodes that need it. */
  public List<RequiredPlatform> requiredPlatforms() {
    Map<Platform, List<String>> byPlatform = new LinkedHashMap<>();
    for (Node node : nodes) {
      byPlatform.computeIfAbsent(node.platform(), p -> new ArrayList<>()).add(node.name());
    }
    List<RequiredPlatform> out = new ArrayList<>();
    byPlatform.forEach((platform, names) -> out.add(new RequiredPlatform(platform,
        "cluster node" + (names.size() == 1 ? " " : "s ") + String.join(", ", names) + " from " + origin, true)));
    return out;
  }
}
