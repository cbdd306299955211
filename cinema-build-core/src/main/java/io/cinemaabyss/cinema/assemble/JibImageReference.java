package io.cinemaabyss.cinema.assemble;

import com.google.cloud.tools.jib.api.ImageReference;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Reference;

/**
 * The one crossing from {@link Reference} to jib's {@link ImageReference}, where jib-core names an
 * image it builds on or into; everywhere else a reference is a {@link Reference}.
 */
final class JibImageReference {

  private JibImageReference() {}

  /** Jib's form of {@code reference}, at the registry's API host, as jib's own parser names Docker Hub. */
  static ImageReference of(Reference reference) {
    return ImageReference.of(
        reference.host(), reference.repository(), reference.tag().orElse(null), reference.digest().map(Digest::toString).orElse(null));
  }
}
