package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.oci.InvalidContentException;
/** A layer entry whose path (or hardlink target) climbs out of the image root with {@code ..}. */
public final class LayerPathEscapeException extends InvalidContentException {

  public LayerPathEscapeException(String layer, String entryName) {
    super(
        "Layer " + layer + " has an entry '" + entryName + "' that points outside the image root: "
            + "the layer is malformed or hostile, and runtimes refuse it. Rebuild the image with a trusted tool.");
  }
}
