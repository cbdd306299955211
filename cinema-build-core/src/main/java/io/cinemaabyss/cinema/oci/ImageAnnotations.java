package io.cinemaabyss.cinema.oci;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code org.opencontainers.image.*} annotations of an index: where the source lives, which
 * commit, when, what, under which licence, and the base it was built on. GHCR links a package to its
 * repository by {@code source} and shows {@code description} (up to 512 characters).
 */
public final class ImageAnnotations {

  public static final String PREFIX = "org.opencontainers.image.";
  public static final String SOURCE = PREFIX + "source";
  public static final String REVISION = PREFIX + "revision";
  public static final String CREATED = PREFIX + "created";
  public static final String TITLE = PREFIX + "title";
  public static final String DESCRIPTION = PREFIX + "description";
  public static final String LICENSES = PREFIX + "licenses";
  public static final String VERSION = PREFIX + "version";
  public static final String URL = PREFIX + "url";
  public static final String BASE_NAME = PREFIX + "base.name";
  public static final String BASE_DIGEST = PREFIX + "base.digest";

  /** GHCR shows at most this many characters of a description. */
  public static final int MAX_DESCRIPTION = 512;

  private final Map<String, String> values = new TreeMap<>();

  public ImageAnnotations put(String key, String value) {
    if (value != null && !value.isBlank()) {
      values.put(key, key.equals(DESCRIPTION) ? cut(value.strip()) : value.strip());
    }
    return this;
  }

  public ImageAnnotations put(String key, Optional<String> value) {
    value.ifPresent(v -> put(key, v));
    return this;
  }

  public ImageAnnotations created(Instant time) {
    return put(CREATED, time.toString());
  }

  public ImageAnnotations putAll(Map<String, String> more) {
    more.forEach(this::put);
    return this;
  }

  /** The annotations that belong in each image config's Labels too (GHCR and docker inspect read labels). */
  public static final java.util.Set<String> LABELS = java.util.Set.of(SOURCE, REVISION, CREATED, TITLE, DESCRIPTION, LICENSES, VERSION, URL);

  /**
   * The labels of a config: the OCI ones of these annotations under {@code labels}, which win.
   */
  public Map<String, String> labelsUnder(Map<String, String> labels) {
    Map<String, String> out = new java.util.TreeMap<>();
    asMap().forEach((k, v) -> {
      if (LABELS.contains(k)) {
        out.put(k, v);
      }
    });
    out.putAll(labels);
    return out;
  }

  public Map<String, String> asMap() {
    return Map.copyOf(values);
  }

  private static String cut(String description) {
    String oneLine = description.replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_DESCRIPTION ? oneLine : oneLine.substring(0, MAX_DESCRIPTION - 3) + "...";
  }
}
