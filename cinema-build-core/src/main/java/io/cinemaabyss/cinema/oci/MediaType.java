package io.cinemaabyss.cinema.oci;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The media types of the OCI image spec and Docker's distribution formats this tool knows, plus
 * {@link #UNKNOWN}. A {@link Descriptor} keeps the exact string, so a type this enum does not list
 * is carried through unchanged.
 */
public enum MediaType {
  OCI_INDEX("application/vnd.oci.image.index.v1+json", Kind.INDEX),
  OCI_MANIFEST("application/vnd.oci.image.manifest.v1+json", Kind.MANIFEST),
  OCI_CONFIG("application/vnd.oci.image.config.v1+json", Kind.CONFIG),
  OCI_EMPTY("application/vnd.oci.empty.v1+json", Kind.CONFIG),
  OCI_LAYER("application/vnd.oci.image.layer.v1.tar", Kind.LAYER),
  OCI_LAYER_GZIP("application/vnd.oci.image.layer.v1.tar+gzip", Kind.LAYER),
  OCI_LAYER_ZSTD("application/vnd.oci.image.layer.v1.tar+zstd", Kind.LAYER),
  OCI_LAYER_NONDISTRIBUTABLE_GZIP("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", Kind.LAYER),
  DOCKER_LIST("application/vnd.docker.distribution.manifest.list.v2+json", Kind.INDEX),
  DOCKER_MANIFEST("application/vnd.docker.distribution.manifest.v2+json", Kind.MANIFEST),
  DOCKER_CONFIG("application/vnd.docker.container.image.v1+json", Kind.CONFIG),
  DOCKER_LAYER_GZIP("application/vnd.docker.image.rootfs.diff.tar.gzip", Kind.LAYER),
  DOCKER_FOREIGN_LAYER_GZIP("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", Kind.LAYER),
  UNKNOWN("", Kind.OTHER);

  /** What a blob of a media type is. */
  public enum Kind {
    INDEX,
    MANIFEST,
    CONFIG,
    LAYER,
    OTHER
  }

  private static final Map<String, MediaType> BY_VALUE =
      Arrays.stream(values()).filter(t -> t != UNKNOWN).collect(Collectors.toMap(MediaType::value, Function.identity()));

  private final String value;
  private final Kind kind;

  MediaType(String value, Kind kind) {
    this.value = value;
    this.kind = kind;
  }

  /** The type {@code value} names (parameters such as {@code ;charset} ignored), or {@link #UNKNOWN}. */
  public static MediaType of(String value) {
    if (value == null) {
      return UNKNOWN;
    }
    int semi = value.indexOf(';');
    String bare = (semi < 0 ? value : value.substring(0, semi)).trim();
    return BY_VALUE.getOrDefault(bare, UNKNOWN);
  }

  public static boolean isIndex(String value) {
    return of(value).kind == Kind.INDEX;
  }

  public static boolean isManifest(String value) {
    return of(value).kind == Kind.MANIFEST;
  }

  /** The exact string, empty for {@link #UNKNOWN}. */
  public String value() {
    return value;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isDocker() {
    return value.startsWith("application/vnd.docker.");
  }

  @Override
  public String toString() {
    return value;
  }
}
