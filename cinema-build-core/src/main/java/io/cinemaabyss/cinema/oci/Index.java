package io.cinemaabyss.cinema.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image index (OCI) or manifest list (Docker): descriptors of manifests, usually one per
 * platform. Read ones keep their exact bytes; {@link #of} writes new ones canonically. The
 * {@code index.json} of an OCI layout is one too.
 */
public final class Index implements ImageContent {

  private final byte[] bytes;
  private final Digest digest;
  private final String mediaType;
  private final List<Descriptor> manifests;
  private final Map<String, String> annotations;

  private Index(byte[] bytes, String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
    this.bytes = bytes.clone();
    this.digest = Digest.of(bytes);
    this.mediaType = mediaType;
    this.manifests = List.copyOf(manifests);
    this.annotations = Map.copyOf(annotations);
  }

  /** Parses an index from its exact bytes. */
  public static Index parse(byte[] bytes, String where) {
    JsonNode json = OciJson.parse(bytes, where);
    String mediaType = json.path("mediaType").asText("");
    if (MediaType.isManifest(mediaType) || (json.has("config") && !json.has("manifests"))) {
      throw new InvalidContentException(where + " is an image manifest (" + mediaType + "), not an image index");
    }
    return parse(bytes, json, mediaType, where);
  }

  static Index parse(byte[] bytes, JsonNode json, String mediaType, String where) {
    if (json.path("schemaVersion").asInt(0) != 2) {
      throw new InvalidContentException(where + " is not a schema 2 image index (schemaVersion " + json.path("schemaVersion") + ")");
    }
    JsonNode nodes = json.path("manifests");
    if (!nodes.isArray()) {
      throw new InvalidContentException(where + " has no manifests array");
    }
    List<Descriptor> manifests = new ArrayList<>();
    int i = 0;
    for (JsonNode node : nodes) {
      manifests.add(Descriptor.fromJson(node, where + " (entry " + i++ + ")"));
    }
    return new Index(bytes, mediaType, manifests, OciJson.strings(json.get("annotations")));
  }

  /** A new index, written canonically. */
  public static Index of(String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
    ObjectNode json = OciJson.object();
    json.put("schemaVersion", 2);
    json.put("mediaType", mediaType);
    ArrayNode array = json.putArray("manifests");
    manifests.forEach(m -> array.add(m.toJson()));
    OciJson.putStrings(json, "annotations", annotations);
    return new Index(OciJson.bytes(json), mediaType, manifests, annotations);
  }

  public static Index of(MediaType type, List<Descriptor> manifests, Map<String, String> annotations) {
    return of(type.value(), manifests, annotations);
  }

  /** This index with other entries, written canonically, same media type and annotations. */
  public Index withManifests(List<Descriptor> value) {
    return of(mediaType, value, annotations);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public Digest digest() {
    return digest;
  }

  @Override
  public String mediaType() {
    return mediaType;
  }

  public List<Descriptor> manifests() {
    return manifests;
  }

  public Map<String, String> annotations() {
    return annotations;
  }

  /** The entry for {@code platform}, if the index has one. */
  public Optional<Descriptor> manifest(Platform platform) {
    return manifests.stream().filter(d -> d.platform().equals(Optional.of(platform))).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Index other && other.digest.equals(digest) && other.mediaType.equals(mediaType);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "Index[" + mediaType + " " + digest + ", " + manifests.size() + " manifests]";
  }
}
