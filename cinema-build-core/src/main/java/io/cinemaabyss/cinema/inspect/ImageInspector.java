package io.cinemaabyss.cinema.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.image.Descriptor;
import io.cinemaabyss.cinema.image.Json;
import io.cinemaabyss.cinema.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Inspects any image, from a registry or an OCI layout: walks an OCI index, Docker manifest list,
 * nested indexes or a single manifest; reads each platform's manifest and config; finds the ELF
 * binary each entrypoint really runs; and gives verdicts. Attestation entries are reported as such,
 * never as platforms.
 *
 * <pre>{@code
 * ImageReport report = ImageInspector.of(ImageSource.registry("ghcr.io/owner/movies:1.0", access)).inspect();
 * System.out.println(report.table());
 * }</pre>
 */
public final class ImageInspector {

  /** Indexes nested deeper than this are reported, not followed. */
  static final int MAX_DEPTH = 4;

  /** Configs are small JSON documents; one over this is refused. */
  static final int MAX_CONFIG_BYTES = 8 * 1024 * 1024;

  static final String REFERENCE_TYPE = "vnd.docker.reference.type";
  static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";
  static final String ATTESTATION = "attestation-manifest";

  private static final String SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
  private static final String SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
  private static final Set<String> IMAGE_CONFIGS = Set.of(MediaTypes.OCI_CONFIG, MediaTypes.DOCKER_CONFIG, "");

  private final ImageSource source;
  private boolean analyseBinaries = true;
  private BuildLog log = BuildLog.NONE;

  private ImageInspector(ImageSource source) {
    this.source = source;
  }

  public static ImageInspector of(ImageSource source) {
    return new ImageInspector(source);
  }

  /** Whether to read layers to find each entrypoint's ELF binary (on by default). */
  public ImageInspector analyseBinaries(boolean value) {
    this.analyseBinaries = value;
    return this;
  }

  public ImageInspector log(BuildLog value) {
    this.log = value;
    return this;
  }

  public ImageSource source() {
    return source;
  }

  /**
   * Reads the image and reports on it.
   *
   * @throws ImageNotFoundException when the reference names nothing
   * @throws InvalidImageException when a manifest, index or config is malformed
   */
  public ImageReport inspect() {
    ManifestContent root = source.manifest(source.reference());
    JsonNode json = root.json(source.name());
    String mediaType = mediaType(root.mediaType(), "", json, root.digest());
    Walk walk = new Walk();
    if (MediaTypes.isIndex(mediaType)) {
      walk.index(json, root.digest(), List.of(), 0);
    } else {
      Descriptor self = new Descriptor(mediaType, root.digest(), root.bytes().length);
      walk.platform(self, "", List.of(), root);
    }
    walk.linkAttestations();
    return new ImageReport(
        source.name(), source.reference(), root.digest(), mediaType, root.bytes().length, walk.platforms, walk.attestations, walk.notes);
  }

  /** State of one walk over an image. */
  private final class Walk {
    final List<PlatformReport> platforms = new ArrayList<>();
    final List<Attestation> attestations = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    void index(JsonNode index, String digest, List<String> via, int depth) {
      JsonNode manifests = index.get("manifests");
      if (manifests == null || !manifests.isArray()) {
        throw new InvalidImageException(
            "The index " + digest + " of " + source.name() + " has no 'manifests' array: it is not a valid image index.");
      }
      List<String> path = new ArrayList<>(via);
      if (depth > 0) {
        path.add(digest);
      }
      for (JsonNode entry : manifests) {
        Descriptor descriptor = Descriptor.fromJson(entry);
        if (!descriptor.digest().startsWith("sha256:")) {
          throw new InvalidImageException(
              "An entry of the index " + digest + " of " + source.name() + " has no sha256 digest: " + entry);
        }
        String platform = PlatformText.of(entry.get("platform"));
        if (ATTESTATION.equals(descriptor.annotations().get(REFERENCE_TYPE))) {
          attestations.add(new Attestation(
              descriptor.digest(), descriptor.mediaType(), descriptor.size(),
              descriptor.annotations().getOrDefault(REFERENCE_DIGEST, ""), ""));
          continue;
        }
        if (MediaTypes.isIndex(descriptor.mediaType())) {
          if (depth + 1 >= MAX_DEPTH) {
            notes.add("nested index " + descriptor.digest() + " is more than " + MAX_DEPTH + " levels deep: not followed");
            continue;
          }
          ManifestContent nested = source.manifest(descriptor.digest());
          index(nested.json(source.name()), descriptor.digest(), path, depth + 1);
          continue;
        }
        if (!descriptor.mediaType().isEmpty() && !MediaTypes.isManifest(descriptor.mediaType())) {
          notes.add("entry " + descriptor.digest() + " (" + descriptor.mediaType() + ") is neither an image nor an index: skipped");
          continue;
        }
        platform(descriptor, platform, path, source.manifest(descriptor.digest()));
      }
    }

    void platform(Descriptor descriptor, String indexPlatform, List<String> via, ManifestContent content) {
      JsonNode manifest = content.json(source.name());
      String mediaType = mediaType(content.mediaType(), descriptor.mediaType(), manifest, content.digest());
      if (MediaTypes.isIndex(mediaType)) {
        throw new InvalidImageException(
            "The index entry " + content.digest() + " of " + source.name() + " is declared a manifest but holds an index.");
      }
      JsonNode configNode = manifest.get("config");
      if (configNode == null || !configNode.isObject() || !configNode.path("digest").asText("").startsWith("sha256:")) {
        throw new InvalidImageException(
            "The manifest " + content.digest() + " of " + source.name() + " has no valid 'config' descriptor: it is not an image manifest.");
      }
      Descriptor config = Descriptor.fromJson(configNode);
      if (!IMAGE_CONFIGS.contains(config.mediaType())) {
        notes.add("entry " + content.digest() + " is an artifact (config " + config.mediaType() + "), not a runnable image: skipped");
        return;
      }
      List<Descriptor> layers = new ArrayList<>();
      long total = Math.max(0, config.size());
      for (JsonNode layer : manifest.path("layers")) {
        Descriptor d = Descriptor.fromJson(layer);
        layers.add(d);
        total += Math.max(0, d.size());
      }
      ImageConfig image = ImageConfig.parse(readConfig(config, content.digest()));
      String shown = indexPlatform.isEmpty() ? image.platformText() : indexPlatform;
      Optional<EntrypointFinding> entrypoint = Optional.empty();
      if (analyseBinaries) {
        log.debug("Resolving the entrypoint of " + shown + " (" + layers.size() + " layers)");
        entrypoint = Optional.of(EntrypointResolver.analyse(source, layers, image));
      }
      Descriptor manifestDescriptor = new Descriptor(mediaType, content.digest(), content.bytes().length);
      platforms.add(new PlatformReport(
          indexPlatform, manifestDescriptor, via, total, config, layers, image, entrypoint,
          PlatformVerdicts.of(indexPlatform, image, entrypoint)));
    }

    void linkAttestations() {
      Map<String, String> platformOf = new HashMap<>();
      for (PlatformReport p : platforms) {
        platformOf.put(p.manifest().digest(), p.platformText());
      }
      attestations.replaceAll(a -> new Attestation(
          a.digest(), a.mediaType(), a.size(), a.refersTo(), platformOf.getOrDefault(a.refersTo(), "")));
    }
  }

  private JsonNode readConfig(Descriptor config, String manifestDigest) {
    byte[] bytes;
    try (InputStream in = source.blob(config)) {
      bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the config " + config.digest() + " of " + source.name(), e);
    }
    if (bytes.length > MAX_CONFIG_BYTES) {
      throw new InvalidImageException(
          "The config " + config.digest() + " of " + source.name() + " is over " + MAX_CONFIG_BYTES + " bytes: not an image config this tool will read.");
    }
    String actual = Json.sha256(bytes);
    if (!actual.equals(config.digest())) {
      throw new InvalidImageException(
          "The config of manifest " + manifestDigest + " in " + source.name() + " does not match its digest "
              + config.digest() + " (got " + actual + "): the image is corrupt.");
    }
    return Json.parse(bytes, "The config " + config.digest() + " of " + source.name());
  }

  /** The media type of a manifest: as declared by the source, the descriptor, or the JSON itself. */
  private String mediaType(String declared, String descriptor, JsonNode json, String digest) {
    String type = MediaTypes.isIndex(declared) || MediaTypes.isManifest(declared) ? declared : "";
    if (type.isEmpty()) {
      type = json.path("mediaType").asText("");
    }
    if (type.isEmpty()) {
      type = descriptor;
    }
    if (type.isEmpty() || type.equals("application/json")) {
      if (json.has("manifests")) {
        type = MediaTypes.OCI_INDEX;
      } else if (json.has("config") && json.has("layers")) {
        type = MediaTypes.OCI_MANIFEST;
      }
    }
    if (type.equals(SCHEMA1) || type.equals(SCHEMA1_SIGNED) || json.path("schemaVersion").asInt(2) == 1) {
      throw new InvalidImageException(
          source.name() + " (" + digest + ") is a Docker schema 1 manifest, which is deprecated and not read by this tool: re-push it with a current client.");
    }
    if (!MediaTypes.isIndex(type) && !MediaTypes.isManifest(type)) {
      throw new InvalidImageException(
          "The manifest " + digest + " of " + source.name() + " has media type '" + type
              + "', neither an image index nor an image manifest: it is not an image this tool can inspect.");
    }
    return type;
  }
}
