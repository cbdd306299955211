package io.cinemaabyss.cinema.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.image.Descriptor;
import io.cinemaabyss.cinema.image.Json;
import io.cinemaabyss.cinema.image.MediaTypes;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.platform.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The summary of an image in a layout: its platforms and the size of all its blobs. */
final class LayoutImages {

  private LayoutImages() {}

  static ImageSummary summary(OciLayout layout, String reference, String shownAs) {
    Descriptor top = layout.resolve(reference)
        .orElseThrow(() -> new CinemaException("The OCI layout " + layout.root() + " has no image '" + reference + "'."));
    Map<String, Long> blobs = new LinkedHashMap<>();
    List<Platform> platforms = new ArrayList<>();
    blobs.put(top.digest(), top.size());
    List<Descriptor> manifests = new ArrayList<>();
    if (MediaTypes.isIndex(top.mediaType())) {
      for (JsonNode child : json(layout, top).path("manifests")) {
        manifests.add(Descriptor.fromJson(child));
      }
    } else {
      manifests.add(top);
    }
    for (Descriptor manifest : manifests) {
      manifest.platform().ifPresent(platforms::add);
      blobs.put(manifest.digest(), manifest.size());
      JsonNode json = json(layout, manifest);
      Descriptor config = Descriptor.fromJson(json.path("config"));
      blobs.put(config.digest(), config.size());
      for (JsonNode layer : json.path("layers")) {
        Descriptor d = Descriptor.fromJson(layer);
        blobs.put(d.digest(), d.size());
      }
    }
    return new ImageSummary(shownAs, top.digest(), platforms, blobs.values().stream().mapToLong(Long::longValue).sum());
  }

  private static JsonNode json(OciLayout layout, Descriptor descriptor) {
    return Json.parse(layout.readBlob(descriptor.digest()), descriptor.digest() + " in the OCI layout " + layout.root());
  }
}
