package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.oci.Platform;

/**
 * What happened to one blob of one platform during a push: uploaded, already in the target
 * repository (skipped), or mounted from another repository of the same registry.
 *
 * @param kind {@code config} or {@code layer}
 * @param bytes the blob's size
 * @param millis how long checking and sending it took
 */
public record BlobPush(Platform platform, String digest, String kind, Outcome outcome, long bytes, long millis) {

  /** The three ways a blob gets into the target repository. */
  public enum Outcome {
    UPLOADED,
    SKIPPED,
    MOUNTED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One progress line: platform, kind, short digest, outcome, bytes and time. */
  public String describe() {
    return String.format(
        "%-14s %-6s %s %-8s %,13d bytes %,7d ms", platform, kind, shortDigest(digest), outcome.label(), bytes, millis);
  }

  /** {@code sha256:} and the first 12 hex digits, enough to tell blobs apart in a log. */
  public static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    return digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
  }
}
