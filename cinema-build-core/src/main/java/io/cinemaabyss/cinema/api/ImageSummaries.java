package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.store.ImageSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The summary of an image in any source (a layout, a registry): its platforms and the size of all its blobs. */
final class ImageSummaries {

  private ImageSummaries() {}

  /** The image {@code source} starts from, named {@code shownAs} in the summary line. */
  static ImageSummary of(ImageSource source, String shownAs) {
    ImageContent top = source.manifest("");
    Map<Digest, Long> blobs = new LinkedHashMap<>();
    List<Platform> platforms = new ArrayList<>();
    blobs.put(top.digest(), top.size());
    if (top instanceof Index index) {
      for (Descriptor child : index.manifests()) {
        child.platform().ifPresent(platforms::add);
        blobs.put(child.digest(), child.size());
        if (source.manifest(child.digest().toString()) instanceof Manifest manifest) {
          count(manifest, blobs);
        }
      }
    } else {
      count((Manifest) top, blobs);
    }
    return new ImageSummary(shownAs, top.digest().toString(), platforms, blobs.values().stream().mapToLong(Long::longValue).sum());
  }

  private static void count(Manifest manifest, Map<Digest, Long> blobs) {
    for (Descriptor blob : manifest.blobs()) {
      blobs.put(blob.digest(), blob.size());
    }
  }
}
