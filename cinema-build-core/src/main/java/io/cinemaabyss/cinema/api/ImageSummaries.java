package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.store.ImageCopy;
import io.cinemaabyss.cinema.store.ImageSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The summary of an image in any source (a layout, a registry): its platforms and the size of all its blobs. */
final class ImageSummaries {

  private ImageSummaries() {}

  /** The image {@code source} starts from, named {@code shownAs} in the summary line. */
  static ImageSummary of(ImageSource source, String shownAs) {
    return of(source.manifest(""), child -> source.manifest(child.digest().toString()), shownAs);
  }

  /** The image a copy planned (its manifests already read), named {@code shownAs}. */
  static ImageSummary of(ImageCopy.Result plan, String shownAs) {
    Map<Digest, Manifest> children = new LinkedHashMap<>();
    plan.children().forEach(child -> children.put(child.entry().digest(), child.manifest()));
    return of(plan.root(), child -> children.get(child.digest()), shownAs);
  }

  private static ImageSummary of(ImageContent top, Function<Descriptor, ImageContent> read, String shownAs) {
    Map<Digest, Long> blobs = new LinkedHashMap<>();
    List<Platform> platforms = new ArrayList<>();
    blobs.put(top.digest(), top.size());
    if (top instanceof Index index) {
      for (Descriptor child : index.manifests()) {
        child.platform().ifPresent(platforms::add);
        blobs.put(child.digest(), child.size());
        if (read.apply(child) instanceof Manifest manifest) {
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
