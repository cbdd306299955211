package io.cinemaabyss.cinema.store;

import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import java.io.InputStream;
import java.util.List;

/**
 * Where an image is read from: an OCI image layout, a registry repository, memory. Each gives the
 * same two things, so inspection, verification and copies work the same way on any: manifests and
 * indexes by tag or digest (parsed, with their exact bytes), and blobs as streams checked against
 * their digest.
 */
public interface ImageSource {

  /** How to name this source in messages, such as {@code 127.0.0.1:5000/movies:1.0}. */
  String name();

  /** The reference reading starts from: a tag, a digest, or empty for the source's only image. */
  String reference();

  /**
   * The manifest or index that {@code reference} (a tag, a {@code sha256:} digest, or empty for
   * {@link #reference()}) names.
   *
   * @throws ImageNotFoundException when the source has none
   */
  ImageContent manifest(String reference);

  /**
   * Opens a blob (config or layer) for streaming; the caller closes it. The stream fails if the
   * bytes are not the blob's.
   *
   * @throws ImageNotFoundException when the source has no such blob
   */
  InputStream blob(Descriptor descriptor);

  /**
   * The OCI 1.1 referrers of the manifest {@code subject} (SBOMs, provenance, signatures): their
   * descriptors with {@code artifactType} and annotations, as a referrers index lists them; empty
   * when there are none or the source keeps none.
   */
  default List<Descriptor> referrers(Digest subject) {
    return List.of();
  }
}
