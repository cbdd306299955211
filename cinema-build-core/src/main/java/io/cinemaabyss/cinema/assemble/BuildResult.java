package io.cinemaabyss.cinema.assemble;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.build.go.GoBinary;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import java.util.List;

/**
 * What a build made: the index in a layout under a tag, each platform's image and binary, and the
 * base it was built on.
 */
public record BuildResult(
    OciLayout layout, String tag, Descriptor index, List<PlatformImage> images, List<GoBinary> binaries, BaseImage base) {

  public BuildResult {
    images = List.copyOf(images);
    binaries = List.copyOf(binaries);
  }

  /** The facts of the build as JSON: layout, tag, index and each platform's manifest digest. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("layout", layout.root().toAbsolutePath().toString());
    node.put("tag", tag);
    node.put("mediaType", index.mediaType());
    node.put("digest", index.digest().toString());
    base.digest().ifPresent(d -> node.put("base", base.name() + "@" + d));
    ArrayNode platforms = node.putArray("platforms");
    for (PlatformImage image : images) {
      ObjectNode entry = platforms.addObject();
      entry.put("platform", image.platform().toString());
      entry.put("digest", image.manifest().digest().toString());
      entry.put("config", image.configDigest().toString());
    }
    return node;
  }

  /** A few lines a person can read: the index digest and one line per platform. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append("Image index ").append(index.digest()).append(" (").append(index.mediaType()).append(")")
        .append(" tagged '").append(tag).append("' in ").append(layout.root()).append(System.lineSeparator());
    for (PlatformImage image : images) {
      out.append(String.format("  %-16s %s  %,d bytes manifest%n", image.platform(), image.manifest().digest(), image.manifest().size()));
    }
    return out.toString();
  }
}
