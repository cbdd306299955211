package io.cinemaabyss.cinema.image;

import com.google.cloud.tools.jib.api.ImageReference;
import io.cinemaabyss.cinema.platform.Platform;
import java.util.Map;
import java.util.Optional;

/**
 * A base image resolved for the platforms of a build: the reference the user gave, the digest it
 * resolved to, and for each platform the digest of that platform's manifest. {@code scratch} has
 * none of these.
 */
public record BaseImage(String name, Optional<ImageReference> reference, Optional<String> digest, Map<Platform, String> manifests) {

  public static final String SCRATCH = "scratch";

  public BaseImage {
    manifests = Map.copyOf(manifests);
  }

  public static BaseImage scratch() {
    return new BaseImage(SCRATCH, Optional.empty(), Optional.empty(), Map.of());
  }

  public boolean isScratch() {
    return reference.isEmpty();
  }

  /** The reference pinned to {@code platform}'s manifest, e.g. {@code reg/busybox@sha256:...}. */
  public ImageReference pinnedFor(Platform platform) {
    ImageReference ref = reference.orElseThrow();
    String manifest = manifests.get(platform);
    return ImageReference.of(ref.getRegistry(), ref.getRepository(), null, manifest);
  }
}
