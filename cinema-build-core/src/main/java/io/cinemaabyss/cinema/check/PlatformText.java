package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.oci.Platform;
import java.util.Optional;

/** Platforms as images write them ({@code linux/arm64/v8}), read leniently for comparison. */
final class PlatformText {

  private PlatformText() {}

  static Optional<Platform> parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : ""));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether two written platforms name the same thing: same os and architecture, and the same
   * variant when both give one ({@code arm64/v8} and {@code arm64} agree).
   */
  static boolean agree(String a, String b) {
    Optional<Platform> pa = parse(a);
    Optional<Platform> pb = parse(b);
    if (pa.isEmpty() || pb.isEmpty()) {
      return a.equals(b);
    }
    if (!pa.get().os().equals(pb.get().os()) || !pa.get().architecture().equals(pb.get().architecture())) {
      return false;
    }
    boolean bothVariants = a.split("/").length == 3 && b.split("/").length == 3;
    return !bothVariants || pa.get().variant().equals(pb.get().variant());
  }

  /** The normalised architecture of a written platform, or the text as given. */
  static String architecture(String text) {
    return parse(text).map(Platform::architecture).orElse(text.contains("/") ? text.split("/")[1] : text);
  }
}
