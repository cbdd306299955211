package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.oci.Platform;

/**
 * A platform the image must have, and why: "configured platforms", or the cluster nodes that run
 * on it.
 *
 * @param anyVariant whether any variant of the architecture will do (a node reports {@code arm},
 *     not which ARM version)
 */
public record RequiredPlatform(Platform platform, String reason, boolean anyVariant) {

  public RequiredPlatform(Platform platform, String reason) {
    this(platform, reason, false);
  }

  /** Whether an image's platform serves this requirement: same os and architecture, and the required variant if any. */
  public boolean satisfiedBy(Platform candidate) {
    return candidate.os().equals(platform.os())
        && candidate.architecture().equals(platform.architecture())
        && (anyVariant || platform.variant().isEmpty() || platform.variant().equals(candidate.variant()));
  }

  /** The platform as a person reads it: {@code linux/arm} when any variant will do. */
  public String shown() {
    return anyVariant ? platform.os() + "/" + platform.architecture() : platform.toString();
  }
}
