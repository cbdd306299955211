package io.cinemaabyss.cinema.check;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.oci.ConfigFile;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.InvalidContentException;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.store.ImageNotFoundException;
import io.cinemaabyss.cinema.store.ImageSource;
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

  private static final Set<String> IMAGE_CONFIGS = Set.of(MediaType.OCI_CONFIG.value(), MediaType.DOCKER_CONFIG.value(), "");

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
   * @throws InvalidContentException when a manifest, index or config is malformed
   */
  public ImageReport inspect() {
    ImageContent root = source.manifest(source.reference());
    String mediaType = mediaType(root, "");
    Walk walk = new Walk();
    if (root instanceof Index index) {
      walk.index(index, List.of(), 0);
    } else {
      walk.platform(root.descriptor(), "", List.of(), root);
    }
    walk.linkAttestations();
    return new ImageReport(
        source.name(), source.reference(), root.digest().toString(), mediaType, root.size(), walk.platforms, walk.attestations, walk.notes);
  }

  /** State of one walk over an image. */
  private final class Walk {
    final List<PlatformReport> platforms = new ArrayList<>();
    final List<Attestation> attestations = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    void index(Index index, List<String> via, int depth) {
      List<String> path = new ArrayList<>(via);
      if (depth > 0) {
        path.add(index.digest().toString());
      }
      for (Descriptor descriptor : index.manifests()) {
        String platform = descriptor.platformText();
        if (ATTESTATION.equals(descriptor.annotations().get(REFERENCE_TYPE))) {
          attestations.add(new Attestation(
              descriptor.digest().toString(), descriptor.mediaType(), descriptor.size(),
              descriptor.annotations().getOrDefault(REFERENCE_DIGEST, ""), ""));
          continue;
        }
        if (descriptor.isIndex()) {
          if (depth + 1 >= MAX_DEPTH) {
            notes.add("nested index " + descriptor.digest() + " is more than " + MAX_DEPTH + " levels deep: not followed");
            continue;
          }
          ImageContent nested = source.manifest(descriptor.digest().toString());
          if (!(nested instanceof Index nestedIndex)) {
            throw new InvalidContentException(
                "The index entry " + descriptor.digest() + " of " + source.name() + " is declared an index but holds a manifest.");
          }
          index(nestedIndex, path, depth + 1);
          continue;
        }
        if (!descriptor.mediaType().isEmpty() && !descriptor.isManifest()) {
          notes.add("entry " + descriptor.digest() + " (" + descriptor.mediaType() + ") is neither an image nor an index: skipped");
          continue;
        }
        platform(descriptor, platform, path, source.manifest(descriptor.digest().toString()));
      }
    }

    void platform(Descriptor descriptor, String indexPlatform, List<String> via, ImageContent content) {
      String mediaType = mediaType(content, descriptor.mediaType());
      if (!(content instanceof Manifest manifest)) {
        throw new InvalidContentException(
            "The index entry " + content.digest() + " of " + source.name() + " is declared a manifest but holds an index.");
      }
      Descriptor config = manifest.config();
      if (!IMAGE_CONFIGS.contains(config.mediaType())) {
        notes.add("entry " + content.digest() + " is an artifact (config " + config.mediaType() + "), not a runnable image: skipped");
        return;
      }
      List<Descriptor> layers = manifest.layers();
      long total = config.size() + layers.stream().mapToLong(Descriptor::size).sum();
      ConfigFile image = readConfig(config, content.digest());
      String shown = indexPlatform.isEmpty() ? image.platformText() : indexPlatform;
      Optional<EntrypointFinding> entrypoint = Optional.empty();
      if (analyseBinaries) {
        log.debug("Resolving the entrypoint of " + shown + " (" + layers.size() + " layers)");
        entrypoint = Optional.of(EntrypointResolver.analyse(source, layers, image));
      }
      Descriptor manifestDescriptor = new Descriptor(mediaType, content.digest(), content.size());
      platforms.add(new PlatformReport(
          indexPlatform, manifestDescriptor, via, total, config, layers, image, entrypoint,
          PlatformVerdicts.of(indexPlatform, image, entrypoint), source.referrers(content.digest())));
    }

    void linkAttestations() {
      Map<String, String> platformOf = new HashMap<>();
      for (PlatformReport p : platforms) {
        platformOf.put(p.manifest().digest().toString(), p.platformText());
      }
      attestations.replaceAll(a -> new Attestation(
          a.digest(), a.mediaType(), a.size(), a.refersTo(), platformOf.getOrDefault(a.refersTo(), "")));
    }
  }

  private ConfigFile readConfig(Descriptor config, Digest manifestDigest) {
    byte[] bytes;
    try (InputStream in = source.blob(config)) {
      bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the config " + config.digest() + " of " + source.name(), e);
    }
    if (bytes.length > MAX_CONFIG_BYTES) {
      throw new InvalidContentException(
          "The config " + config.digest() + " of " + source.name() + " is over " + MAX_CONFIG_BYTES + " bytes: not an image config this tool will read.");
    }
    Digest actual = Digest.of(bytes);
    if (!actual.equals(config.digest())) {
      throw new InvalidContentException(
          "The config of manifest " + manifestDigest + " in " + source.name() + " does not match its digest "
              + config.digest() + " (got " + actual + "): the image is corrupt.");
    }
    return ConfigFile.parse(bytes, "The config " + config.digest() + " of " + source.name());
  }

  /** The media type of a manifest: as the content declares it, else as its descriptor does, else the OCI one of its kind. */
  private String mediaType(ImageContent content, String descriptor) {
    String type = content.mediaType();
    if (type.isEmpty() || type.equals("application/json")) {
      type = descriptor;
    }
    if (type.isEmpty() || type.equals("application/json")) {
      type = content instanceof Index ? MediaType.OCI_INDEX.value() : MediaType.OCI_MANIFEST.value();
    }
    if (!MediaType.isIndex(type) && !MediaType.isManifest(type)) {
      throw new InvalidContentException(
          "The manifest " + content.digest() + " of " + source.name() + " has media type '" + type
              + "', neither an image index nor an image manifest: it is not an image this tool can inspect.");
    }
    return type;
  }
}
