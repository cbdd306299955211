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
  private final String artifactType;

  private Manifest(byte[] bytes, String mediaType, Descriptor config, List<Descriptor> layers,
      Map<String, String> annotations, Optional<Descriptor> subject, String artifactType) {
    this.bytes = bytes.clone();
    this.digest = Digest.of(bytes);
    this.mediaType = mediaType;
    this.config = config;
    this.layers = List.copyOf(layers);
    this.annotations = Map.copyOf(annotations);
    this.subject = subject;
    this.artifactType = artifactType;
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
    return new Manifest(
        bytes, mediaType, config, layers, OciJson.strings(json.get("annotations")), subject, json.path("artifactType").asText(""));
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
    return new Manifest(OciJson.bytes(json), mediaType, config, layers, annotations, Optional.empty(), "");
  }

  /** The empty config of an artifact manifest, {@code {}}. */
  public static final byte[] EMPTY_CONFIG = {'{', '}'};

  /** The descriptor of {@link #EMPTY_CONFIG}, as OCI 1.1 names it. */
  public static Descriptor emptyConfig() {
    return new Descriptor(MediaType.OCI_EMPTY, Digest.of(EMPTY_CONFIG), EMPTY_CONFIG.length);
  }

  /**
   * An OCI 1.1 artifact manifest, written canonically: an image manifest with {@code artifactType},
   * the empty config, the documents as layers, and the manifest they describe as its {@code subject}.
   */
  public static Manifest artifact(String artifactType, List<Descriptor> layers, Descriptor subject, Map<String, String> annotations) {
    Descriptor config = emptyConfig();
    Descriptor bareSubject = new Descriptor(subject.mediaType(), subject.digest(), subject.size());
    ObjectNode json = OciJson.object();
    json.put("schemaVersion", 2);
    json.put("mediaType", MediaType.OCI_MANIFEST.value());
    json.put("artifactType", artifactType);
    json.set("config", config.toJson());
    ArrayNode array = json.putArray("layers");
    layers.forEach(l -> array.add(l.toJson()));
    json.set("subject", bareSubject.toJson());
    OciJson.putStrings(json, "annotations", annotations);
    return new Manifest(
        OciJson.bytes(json), MediaType.OCI_MANIFEST.value(), config, layers, annotations, Optional.of(bareSubject), artifactType);
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

  /**
   * What an artifact manifest holds: its {@code artifactType}, else (as OCI 1.1 says) its config's
   * media type when that is not an image config; empty for an image.
   */
  public String artifactType() {
    if (!artifactType.isEmpty()) {
      return artifactType;
    }
    return switch (config.type()) {
      case OCI_CONFIG, DOCKER_CONFIG -> "";
      default -> config.mediaType().equals(MediaType.OCI_EMPTY.value()) ? "" : config.mediaType();
    };
  }

  /** A descriptor of this manifest that carries its artifact type and annotations, as a referrers index lists it. */
  public Descriptor referrerDescriptor() {
    return descriptor().withArtifactType(artifactType()).withAnnotations(annotations);
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
