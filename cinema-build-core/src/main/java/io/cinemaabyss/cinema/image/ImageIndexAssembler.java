package io.cinemaabyss.cinema.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Joins per-platform manifests into one OCI image index or Docker manifest list. */
public final class ImageIndexAssembler {

  private ImageIndexAssembler() {}

  /**
   * The index JSON over {@code manifests} (each with its platform), with {@code annotations} on the
   * index itself (left out of a Docker list, which has no place for them).
   */
  public static ObjectNode index(IndexFormat format, List<Descriptor> manifests, Map<String, String> annotations) {
    ObjectNode index = JsonNodeFactory.instance.objectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", format.indexMediaType());
    ArrayNode entries = index.putArray("manifests");
    for (Descriptor manifest : manifests) {
      if (manifest.platform().isEmpty()) {
        throw new IllegalArgumentException("Index entry " + manifest.digest() + " has no platform");
      }
      entries.add(manifest.toJson());
    }
    if (format == IndexFormat.OCI && !annotations.isEmpty()) {
      ObjectNode node = index.putObject("annotations");
      new TreeMap<>(annotations).forEach(node::put);
    }
    return index;
  }
}
