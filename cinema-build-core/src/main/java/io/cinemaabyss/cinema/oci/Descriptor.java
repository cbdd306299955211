package io.cinemaabyss.cinema.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI content descriptor: what a manifest, index or blob is, by media type (the exact string,
 * so that types this tool does not know round-trip), digest and size, with the platform it is for
 * (index entries) and its annotations.
 *
 * @param platform the platform, normalised; empty when there is none or it is not one this tool can represent
 * @param platformText the platform as written ({@code linux/arm64/v8}), empty when there is none
 * @param artifactType what an OCI 1.1 artifact manifest holds ({@code application/spdx+json}), empty for an image
 */
public record Descriptor(
    String mediaType, Digest digest, long size, Optional<Platform> platform, Map<String, String> annotations,
    String platformText, String artifactType) {

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    platform = platform == null ? Optional.empty() : platform;
    annotations = Map.copyOf(annotations);
    platformText = platformText == null ? "" : platformText;
    artifactType = artifactType == null ? "" : artifactType;
  }

  public Descriptor(
      String mediaType, Digest digest, long size, Optional<Platform> platform, Map<String, String> annotations,
      String platformText) {
    this(mediaType, digest, size, platform, annotations, platformText, "");
  }

  public Descriptor(
      String mediaType, Digest digest, long size, Optional<Platform> platform, Map<String, String> annotations) {
    this(mediaType, digest, size, platform, annotations, platform == null ? "" : platform.map(Platform::toString).orElse(""));
  }

  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, Optional.empty(), Map.of());
  }

  public Descriptor(MediaType type, Digest digest, long size) {
    this(type.value(), digest, size);
  }

  /** The media type as a known type, or {@link MediaType#UNKNOWN}. */
  public MediaType type() {
    return MediaType.of(mediaType);
  }

  public boolean isIndex() {
    return type().kind() == MediaType.Kind.INDEX;
  }

  public boolean isManifest() {
    return type().kind() == MediaType.Kind.MANIFEST;
  }

  public Descriptor withPlatform(Platform value) {
    return new Descriptor(mediaType, digest, size, Optional.of(value), annotations, value.toString(), artifactType);
  }

  public Descriptor withAnnotations(Map<String, String> value) {
    return new Descriptor(mediaType, digest, size, platform, value, platformText, artifactType);
  }

  public Descriptor withMediaType(String value) {
    return new Descriptor(value, digest, size, platform, annotations, platformText, artifactType);
  }

  public Descriptor withArtifactType(String value) {
    return new Descriptor(mediaType, digest, size, platform, annotations, platformText, value);
  }

  public Optional<String> annotation(String key) {
    return Optional.ofNullable(annotations.get(key));
  }

  ObjectNode toJson() {
    ObjectNode node = OciJson.object();
    node.put("mediaType", mediaType);
    if (!artifactType.isEmpty()) {
      node.put("artifactType", artifactType);
    }
    node.put("digest", digest.toString());
    node.put("size", size);
    platform.ifPresent(p -> node.set("platform", p.toJson()));
    OciJson.putStrings(node, "annotations", annotations);
    return node;
  }

  /** Reads a descriptor; a platform this tool cannot represent is kept out of {@link #platform}. */
  static Descriptor fromJson(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new InvalidContentException(where + " has no descriptor (an object with mediaType, digest and size)");
    }
    Digest digest;
    try {
      digest = Digest.parse(node.path("digest").asText(""));
    } catch (InvalidContentException e) {
      throw new InvalidContentException(where + ": " + e.getMessage(), e);
    }
    JsonNode size = node.get("size");
    if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
      throw new InvalidContentException(where + ": the descriptor of " + digest + " has no valid size");
    }
    JsonNode platform = node.get("platform");
    return new Descriptor(
        node.path("mediaType").asText(""), digest, size.asLong(), Platform.fromJson(platform),
        OciJson.strings(node.get("annotations")), Platform.textOf(platform), node.path("artifactType").asText(""));
  }
}
