package io.cinemaabyss.cinema.oci;

import java.util.List;
import java.util.Map;


/** Joins per-platform manifests into one OCI image index or Docker manifest list. */
public final class ImageIndexAssembler {

  private ImageIndexAssembler() {}

  /**
   * The index over {@code manifests} (each with its platform), with {@code annotations} on the
   * index itself (left out of a Docker list, which has no place for them).
   */
  public static Index index(IndexFormat format, List<Descriptor> manifests, Map<String, String> annotations) {
    for (Descriptor manifest : manifests) {
      if (manifest.platform().isEmpty()) {
        throw new IllegalArgumentException("Index entry " + manifest.digest() + " has no platform");
      }
    }
    return Index.of(format.indexMediaType(), manifests, format == IndexFormat.OCI ? annotations : Map.of());
  }
}
