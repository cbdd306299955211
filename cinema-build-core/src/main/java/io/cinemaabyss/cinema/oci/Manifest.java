package io.cinemaabyss.cinema.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image manifest (OCI or Docker schema 2): a config and layers. Read ones keep their exact
 * bytes; {@link #of} writes new ones canonically (compact, keys in order).
 */
public final class Manifest implements ImageContent {

  private final byte[] bytes;
  private final Digest digest;
  private final String mediaType;
  private final Descriptor config;
  private final List<Descriptor> layers;
  private final Map<String, String> annotations;
  private final Optional<Descriptor> subject;

  private Manifest(byte[] bytes, String mediaType, Descriptor config, List<Descriptor> layers,
      Map<String, String> annotations, Optional<Descriptor> subject) {
    this.bytes = bytes.clone();
    this.digest = Digest.of(bytes);
    this.mediaType = mediaType;
    this.config = config;
    this.layers = List.copyOf(layers);
    this.annotations = Map.copyOf(annotations);
    this.subject = subject;
  }

  /** Parses a manifest from its exact bytes. */
  public static Manifest parse(byte[] bytes, String where) {
    ImageContent content = ImageContent.parse(bytes, "", where);
    if (content instanceof Manifest manifest) {
      return manifest;
    }
    throw new InvalidContentException(where + " is an image index (" + content.mediaType() + "), not an image manifest");
  }

  static Manifest parse(byte[] bytes, JsonNode json, String mediaType, String where) {
    if (json.path("schemaVersion").asInt(0) != 2) {
      throw new InvalidContentException(where + " is not a schema 2 image manifest (schemaVersion " + json.path("schemaVersion") + ")");
    }
    JsonNode configNode = json.get("config");
    if (configNode == null || !configNode.isObject() || !configNode.has("digest")) {
      throw new InvalidContentException(where + " has no valid 'config' descriptor: it is not an image manifest.");
    }
    Descriptor config = Descriptor.fromJson(configNode, where + " (its config)");
    List<Descriptor> layers = new ArrayList<>();
    JsonNode layerNodes = json.path("layers");
    if (!layerNodes.isArray()) {
      throw new InvalidContentException(where + " has no layers array");
    }
    int i = 0;
    for (JsonNode layer : layerNodes) {
      layers.add(Descriptor.fromJson(layer, where + " (layer " + i++ + ")"));
    }
    Optional<Descriptor> subject = json.has("subject")
        ? Optional.of(Descriptor.fromJson(json.get("subject"), where + " (its subject)")) : Optional.empty();
    return new Manifest(bytes, mediaType, config, layers, OciJson.strings(json.get("annotations")), subject);
  }

  /** A new manifest, written canonically. */
  public static Manifest of(String mediaType, Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
    ObjectNode json = OciJson.object();
    json.put("schemaVersion", 2);
    json.put("mediaType", mediaType);
    json.set("config", config.toJson());
    ArrayNode array = json.putArray("layers");
    layers.forEach(l -> array.add(l.toJson()));
    OciJson.putStrings(json, "annotations", annotations);
    return new Manifest(OciJson.bytes(json), mediaType, config, layers, annotations, Optional.empty());
  }

  public static Manifest of(MediaType type, Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
    return of(type.value(), config, layers, annotations);
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

  public Descriptor config() {
    return config;
  }

  public List<Descriptor> layers() {
    return layers;
  }

  /** The config followed by the layers: every blob this manifest needs. */
  public List<Descriptor> blobs() {
    List<Descriptor> all = new ArrayList<>();
    all.add(config);
    all.addAll(layers);
    return all;
  }

  public Map<String, String> annotations() {
    return annotations;
  }

  public Optional<Descriptor> subject() {
    return subject;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest other && other.digest.equals(digest) && other.mediaType.equals(mediaType);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "Manifest[" + mediaType + " " + digest + "]";
  }
}
