package io.cinemaabyss.cinema.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.oci.Platform;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An OCI content descriptor: what a manifest, index or blob is, by media type, digest and size,
 * with the platform it is for (index entries) and its annotations.
 */
public record Descriptor(
    String mediaType, String digest, long size, Optional<Platform> platform, Map<String, String> annotations) {

  public Descriptor {
    annotations = Map.copyOf(annotations);
  }

  public Descriptor(String mediaType, String digest, long size) {
    this(mediaType, digest, size, Optional.empty(), Map.of());
  }

  public Descriptor withPlatform(Platform value) {
    return new Descriptor(mediaType, digest, size, Optional.of(value), annotations);
  }

  public Descriptor withAnnotations(Map<String, String> value) {
    return new Descriptor(mediaType, digest, size, platform, value);
  }

  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("mediaType", mediaType);
    node.put("digest", digest);
    node.put("size", size);
    platform.ifPresent(
        p -> {
          ObjectNode platformNode = node.putObject("platform");
          platformNode.put("architecture", p.architecture());
          platformNode.put("os", p.os());
          if (!p.variant().isEmpty()) {
            platformNode.put("variant", p.variant());
          }
        });
    if (!annotations.isEmpty()) {
      ObjectNode annotationsNode = node.putObject("annotations");
      new TreeMap<>(annotations).forEach(annotationsNode::put);
    }
    return node;
  }

  /** Reads a descriptor; a platform this tool does not know is kept out of {@link #platform}. */
  public static Descriptor fromJson(JsonNode node) {
    Optional<Platform> platform = Optional.empty();
    JsonNode p = node.get("platform");
    if (p != null && p.hasNonNull("architecture") && p.hasNonNull("os")) {
      try {
        platform =
            Optional.of(new Platform(p.get("os").asText(), p.get("architecture").asText(), p.path("variant").asText("")));
      } catch (IllegalArgumentException e) {
        platform = Optional.empty();
      }
    }
    Map<String, String> annotations = new TreeMap<>();
    JsonNode a = node.get("annotations");
    if (a != null && a.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        annotations.put(e.getKey(), e.getValue().asText());
      }
    }
    return new Descriptor(
        node.path("mediaType").asText(""), node.path("digest").asText(""), node.path("size").asLong(-1), platform, annotations);
  }
}
