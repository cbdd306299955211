package io.cinemaabyss.cinema.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import java.util.TreeMap;

/**
 * JSON written by hand, for tests that need manifests the model would not write (hostile,
 * malformed, or with platforms spelt as some tool spells them).
 */
public final class RawJson {

  private RawJson() {}

  public static ObjectNode descriptor(Descriptor d) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("mediaType", d.mediaType());
    node.put("digest", d.digest().toString());
    node.put("size", d.size());
    d.platform().ifPresent(p -> {
      ObjectNode platform = node.putObject("platform");
      platform.put("architecture", p.architecture());
      platform.put("os", p.os());
      if (!p.variant().isEmpty()) {
        platform.put("variant", p.variant());
      }
    });
    if (!d.annotations().isEmpty()) {
      ObjectNode annotations = node.putObject("annotations");
      new TreeMap<>(d.annotations()).forEach(annotations::put);
    }
    return node;
  }

  /** Stores {@code json} as a blob of {@code mediaType}, byte for byte as Jackson writes it. */
  public static Descriptor write(OciLayout layout, String mediaType, JsonNode json) {
    return layout.writeBlob(mediaType, Json.bytes(json));
  }
}
