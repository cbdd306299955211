package io.cinemaabyss.cinema.oci;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A manifest or an index, exactly as it was read or written: {@link #bytes()} are what is hashed
 * ({@link #digest()}), stored and pushed.
 */
public sealed interface ImageContent permits Manifest, Index {

  /** Manifests and indexes over this size are refused, as registries refuse them. */
  int MAX_BYTES = 4 * 1024 * 1024;

  /** Docker's deprecated schema 1 manifests, refused with a message that says so. */
  java.util.Set<String> SCHEMA1 = java.util.Set.of(
      "application/vnd.docker.distribution.manifest.v1+json", "application/vnd.docker.distribution.manifest.v1+prettyjws");

  /** The exact bytes (a copy). */
  byte[] bytes();

  Digest digest();

  /** The media type, exactly as declared. */
  String mediaType();

  default long size() {
    return bytes().length;
  }

  /** A descriptor of this content (no platform, no annotations). */
  default Descriptor descriptor() {
    return new Descriptor(mediaType(), digest(), size());
  }

  /**
   * Parses a manifest or an index. {@code declaredMediaType} is what the source declared (a
   * registry's Content-Type, a layout entry's mediaType), used when the JSON has none; empty when
   * there is none.
   *
   * @param where names the content in errors, such as {@code "The manifest sha256:... of ghcr.io/o/r"}
   */
  static ImageContent parse(byte[] bytes, String declaredMediaType, String where) {
    if (bytes.length > MAX_BYTES) {
      throw new InvalidContentException(
          where + " is " + bytes.length + " bytes, over the 4 MB that registries accept for a manifest: it is not a manifest this tool will read.");
    }
    JsonNode json = OciJson.parse(bytes, where);
    if (json.path("schemaVersion").asInt(2) == 1 || SCHEMA1.contains(json.path("mediaType").asText(declaredMediaType))) {
      throw new InvalidContentException(
          where + " is a Docker schema 1 manifest, which is deprecated and not read by this tool: re-push it with a current client.");
    }
    String mediaType = json.path("mediaType").asText("");
    if (mediaType.isEmpty()) {
      mediaType = declaredMediaType == null ? "" : declaredMediaType;
    }
    MediaType type = MediaType.of(mediaType);
    boolean index = type.kind() == MediaType.Kind.INDEX
        || (type.kind() != MediaType.Kind.MANIFEST && json.has("manifests") && !json.has("config"));
    return index ? Index.parse(bytes, json, mediaType, where) : Manifest.parse(bytes, json, mediaType, where);
  }
}
