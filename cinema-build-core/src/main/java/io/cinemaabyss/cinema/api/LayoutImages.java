package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.Platform;
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
    Map<Digest, Long> blobs = new LinkedHashMap<>();
    List<Platform> platforms = new ArrayList<>();
    blobs.put(top.digest(), top.size());
    List<Descriptor> manifests = top.isIndex() ? Index.parse(read(layout, top), where(layout, top)).manifests() : List.of(top);
    for (Descriptor manifest : manifests) {
      manifest.platform().ifPresent(platforms::add);
      blobs.put(manifest.digest(), manifest.size());
      for (Descriptor blob : Manifest.parse(read(layout, manifest), where(layout, manifest)).blobs()) {
        blobs.put(blob.digest(), blob.size());
      }
    }
    return new ImageSummary(shownAs, top.digest().toString(), platforms, blobs.values().stream().mapToLong(Long::longValue).sum());
  }

  private static byte[] read(OciLayout layout, Descriptor descriptor) {
    return layout.readBlob(descriptor.digest());
  }

  private static String where(OciLayout layout, Descriptor descriptor) {
    return descriptor.digest() + " in the OCI layout " + layout.root();
  }
}
