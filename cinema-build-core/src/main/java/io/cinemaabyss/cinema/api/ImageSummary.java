package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.oci.Platform;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One image in one line: where it is, its digest, its platforms, and its size (every manifest,
 * config and layer of every platform, each blob counted once, as stored and pulled).
 */
public record ImageSummary(String reference, String digest, List<Platform> platforms, long size) {

  public ImageSummary {
    platforms = List.copyOf(platforms);
  }

  /** Such as {@code ghcr.io/o/movies:1.0 sha256:9f2c... linux/amd64,linux/arm64 4.1 MB}. */
  public String line() {
    return reference + " " + digest + " " + platforms.stream().map(Platform::toString).collect(Collectors.joining(","))
        + " " + humanSize(size);
  }

  static String humanSize(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  @Override
  public String toString() {
    return line();
  }
}
