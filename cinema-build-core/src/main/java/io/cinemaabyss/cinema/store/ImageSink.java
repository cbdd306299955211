package io.cinemaabyss.cinema.store;

import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Manifest;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where an image is written: blobs by digest, manifests and indexes as their exact bytes, and tags.
 * {@link ImageCopy} calls it in the one safe order: every blob of a manifest before the manifest,
 * every manifest of an index before the index, tags last.
 */
public interface ImageSink {

  /** How to name this sink in messages. */
  String name();

  boolean hasBlob(Digest digest);

  /** Stores a blob; {@code content} is opened only if the blob must be sent, and checked against its digest. */
  void putBlob(Descriptor blob, Supplier<InputStream> content);

  /**
   * Puts the blobs of several manifests, skipping those the sink has. The default puts them one by
   * one; a registry puts several at once.
   */
  default void putBlobs(List<ManifestBlobs> manifests) {
    for (ManifestBlobs manifest : manifests) {
      for (Blob blob : manifest.blobs()) {
        if (!hasBlob(blob.descriptor().digest())) {
          putBlob(blob.descriptor(), blob.content());
        }
      }
    }
  }

  /**
   * Stores a manifest or index under its digest. {@code entry} is how the parent index names it
   * (with its platform), or the content's own descriptor for the top one.
   */
  void putManifest(Descriptor entry, ImageContent content);

  /**
   * Stores an OCI 1.1 artifact manifest whose blobs the sink already holds and whose subject it
   * holds, and makes it findable as a referrer of that subject. The default stores the manifest alone.
   */
  default void putReferrer(Manifest referrer) {
    putManifest(referrer.descriptor(), referrer);
  }

  /**
   * Stores artifact manifests as {@link #putReferrer} does; the default stores them one by one, a
   * registry several at once, with one update of each subject's referrers list.
   */
  default void putReferrers(List<Manifest> referrers) {
    for (Manifest referrer : referrers) {
      putReferrer(referrer);
    }
  }

  /** Points {@code tag} at {@code content}, which the sink already holds with everything it reaches. */
  void tag(String tag, ImageContent content);

  /** One blob to copy and how to open it. */
  record Blob(Descriptor descriptor, Supplier<InputStream> content) {}

  /** The blobs (config first, then layers) of one manifest, as its index names it. */
  record ManifestBlobs(Descriptor entry, List<Blob> blobs) {
    public ManifestBlobs {
      blobs = List.copyOf(blobs);
    }
  }
}
