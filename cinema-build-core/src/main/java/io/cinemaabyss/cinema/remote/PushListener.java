package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.oci.Platform;

/**
 * Hears the steps of a push as they finish, for progress displays and for tests that need to act
 * at a known point (for example, stop the registry once the first platform's blobs are in).
 * Called from upload threads; implementations must be thread-safe.
 */
public interface PushListener {

  PushListener NONE = new PushListener() {};

  /** One blob is now in the target repository. */
  default void blobPushed(BlobPush blob) {}

  /** Every blob of {@code platform} is now in the target repository. */
  default void platformBlobsPushed(Platform platform) {}
}
