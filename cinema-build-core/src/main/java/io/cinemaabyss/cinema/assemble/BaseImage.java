package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.oci.Reference;
import java.util.Map;
import java.util.Optional;

/**
 * A base image resolved for the platforms of a build: the reference the user gave, the digest it
 * resolved to, and for each platform the digest of that platform's manifest. {@code scratch} has
 * none of these; the built-in {@code static} base has the digest of its layer.
 */
public record BaseImage(String name, Optional<Reference> reference, Optional<String> digest, Map<Platform, String> manifests) {

  public static final String SCRATCH = "scratch";

  public BaseImage {
    manifests = Map.copyOf(manifests);
  }

  public static BaseImage scratch() {
    return new BaseImage(SCRATCH, Optional.empty(), Optional.empty(), Map.of());
  }

  /** Nothing at all under the binary. */
  public boolean isScratch() {
    return reference.isEmpty() && !isStatic();
  }

  /** The built-in static base ({@link StaticBase}). */
  public boolean isStatic() {
    return reference.isEmpty() && StaticBase.NAME.equals(name);
  }

  /** Whether a {@code from} value names a registry image, not {@code scratch} or the built-in {@code static}. */
  public static boolean isRegistryName(String from) {
    String name = from == null ? "" : from.trim();
    return !name.isEmpty() && !name.equals(SCRATCH) && !name.equals(StaticBase.NAME);
  }

  /** The reference pinned to {@code platform}'s manifest, e.g. {@code reg/busybox@sha256:...}. */
  public Reference pinnedFor(Platform platform) {
    return reference.orElseThrow().withDigest(Digest.parse(manifests.get(platform)));
  }
}
