package io.cinemaabyss.cinema.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.ImageReference;
import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.image.Descriptor;
import io.cinemaabyss.cinema.image.ImageAnnotations;
import io.cinemaabyss.cinema.image.Json;
import io.cinemaabyss.cinema.image.MediaTypes;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Pushes an image index tagged in an OCI layout to a registry, in the one safe order: the blobs of
 * every platform (skipping those the registry has, mounting the base image's from its repository
 * in the same registry), then each platform's manifest by digest, then the index by digest, read
 * back and compared, then the tags. A failure on the way leaves every tag where it was and says
 * what is in the registry and what is not.
 *
 * <pre>{@code
 * PushResult result = new ImagePusher(new RegistryAccess(false, log), credentials, buildLog)
 *     .push(OciLayout.open(Path.of("target/cinema/oci")), "1.0",
 *           RegistryAccess.parse("ghcr.io/owner/movies:1.0"), List.of("latest"));
 * }</pre>
 */
public final class ImagePusher {

  /** Platforms uploaded at once by default: enough to fill a link, few enough not to swamp a registry. */
  public static final int DEFAULT_PARALLELISM = 4;

  private final RegistryAccess access;
  private final RegistryCredentials credentials;
  private final BuildLog log;
  private int parallelism = DEFAULT_PARALLELISM;
  private PushListener listener = PushListener.NONE;

  public ImagePusher(RegistryAccess access, RegistryCredentials credentials, BuildLog log) {
    this.access = access;
    this.credentials = credentials;
    this.log = log;
  }

  /** How many platforms upload at once. */
  public ImagePusher parallelism(int value) {
    this.parallelism = Math.max(1, value);
    return this;
  }

  public ImagePusher listener(PushListener value) {
    this.listener = value == null ? PushListener.NONE : value;
    return this;
  }

  /**
   * Pushes the index tagged {@code layoutTag} in {@code layout} to {@code target}, and tags it there
   * with the target's tag (or {@code latest}) and {@code extraTags}.
   */
  public PushResult push(OciLayout layout, String layoutTag, ImageReference target, List<String> extraTags) {
    long start = System.nanoTime();
    Descriptor entry =
        layout.resolve(layoutTag)
            .orElseThrow(
                () -> new CinemaException(
                    "The OCI layout " + layout.root() + " has no image tagged '" + layoutTag + "' (it has: "
                        + layoutTags(layout) + "). Build it first (mvn package) with the same cinema.image."));
    if (!MediaTypes.isIndex(entry.mediaType())) {
      throw new CinemaException(
          "The image tagged '" + layoutTag + "' in " + layout.root() + " is a " + entry.mediaType()
              + ", not an image index; build it with cinema-build (mvn package), which writes an index.");
    }
    byte[] indexBytes = layout.readBlob(entry.digest());
    JsonNode index = Json.parse(indexBytes, "The index " + entry.digest() + " in " + layout.root());
    List<String> tags = PushTargets.tags(target, extraTags);
    PushTargets.requireDigestMatches(target, entry.digest());

    Optional<String> mountFrom = baseRepository(index, target);
    List<IndexPublisher.ManifestBytes> manifests = new ArrayList<>();
    List<BlobUploader.PlatformBlobs> blobs = new ArrayList<>();
    List<PushResult.PlatformManifest> platforms = new ArrayList<>();
    for (JsonNode child : index.path("manifests")) {
      Descriptor descriptor = Descriptor.fromJson(child);
      Platform platform =
          descriptor.platform()
              .orElseThrow(() -> new CinemaException(
                  "Index entry " + descriptor.digest() + " in " + layout.root() + " has no platform this tool knows: " + child.path("platform")));
      requireBlob(layout, descriptor.digest(), platform, "manifest");
      byte[] manifestBytes = layout.readBlob(descriptor.digest());
      manifests.add(new IndexPublisher.ManifestBytes(platform, descriptor.digest(), descriptor.mediaType(), manifestBytes));
      platforms.add(new PushResult.PlatformManifest(platform, descriptor.digest(), descriptor.mediaType(), manifestBytes.length));
      blobs.add(new BlobUploader.PlatformBlobs(platform, blobSources(layout, platform, manifestBytes, descriptor.digest(), mountFrom)));
    }
    if (platforms.isEmpty()) {
      throw new CinemaException("The index tagged '" + layoutTag + "' in " + layout.root() + " has no platforms.");
    }

    log.info("Pushing " + entry.digest() + " (" + platforms.stream().map(p -> p.platform().toString()).collect(Collectors.joining(", "))
        + ") to " + repository(target) + " as " + tags.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))
        + mountFrom.map(m -> "; base layers mount from " + m).orElse(""));
    RegistryHttp http = access.http(target, credentials, true);
    mountFrom.ifPresent(http::mountingFrom);
    Optional<String> previous = PushTargets.currentDigest(http, tags);
    log.info("Registry " + target.getRegistry() + ": using " + http.credentialName());

    Map<Platform, List<String>> planned = new LinkedHashMap<>();
    blobs.forEach(p -> planned.put(p.platform(), p.blobs().stream().map(BlobUploader.BlobSource::digest).toList()));
    PushProgress progress = new PushProgress(repository(target), planned, entry.digest(), tags);
    List<BlobPush> pushed = new BlobUploader(http, parallelism, log, listener, progress).upload(blobs);
    long blobMillis = (System.nanoTime() - start) / 1_000_000;

    new IndexPublisher(http, progress, log).publish(manifests, entry.mediaType(), indexBytes, tags);
    return new PushResult(
        target.toString(), repository(target), entry.digest(), entry.mediaType(), tags, platforms,
        PushResult.BlobStats.of(pushed, blobMillis), previous);
  }

  static String repository(ImageReference target) {
    return target.getRegistry() + "/" + target.getRepository();
  }

  private static List<BlobUploader.BlobSource> blobSources(
      OciLayout layout, Platform platform, byte[] manifestBytes, String manifestDigest, Optional<String> mountFrom) {
    JsonNode manifest = Json.parse(manifestBytes, "The " + platform + " manifest " + manifestDigest);
    List<BlobUploader.BlobSource> sources = new ArrayList<>();
    Descriptor config = Descriptor.fromJson(manifest.path("config"));
    requireBlob(layout, config.digest(), platform, "config");
    sources.add(new BlobUploader.BlobSource(
        config.digest(), config.size(), "config", () -> open(layout, config), Optional.empty()));
    for (JsonNode layerNode : manifest.path("layers")) {
      Descriptor layer = Descriptor.fromJson(layerNode);
      requireBlob(layout, layer.digest(), platform, "layer");
      sources.add(new BlobUploader.BlobSource(
          layer.digest(), layer.size(), "layer", () -> open(layout, layer), mountFrom));
    }
    return sources;
  }

  /** A layout blob to upload, checked against its digest as it is sent. */
  private static java.io.InputStream open(OciLayout layout, Descriptor blob) {
    try {
      return new DigestCheckingInputStream(
          java.nio.file.Files.newInputStream(layout.blobPath(blob.digest())), blob.digest(), blob.size(),
          "Blob " + blob.digest() + " of the OCI layout " + layout.root());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot read blob " + blob.digest() + " of " + layout.root(), e);
    }
  }

  private static void requireBlob(OciLayout layout, String digest, Platform platform, String kind) {
    if (!layout.hasBlob(digest)) {
      throw new CinemaException(
          "The OCI layout " + layout.root() + " is incomplete: the " + platform + " " + kind + " " + digest
              + " is missing. Build the image again (mvn clean package).");
    }
  }

  /** The base image's repository when it is in the target's registry, so its layers can be mounted. */
  private Optional<String> baseRepository(JsonNode index, ImageReference target) {
    String base = index.path("annotations").path(ImageAnnotations.BASE_NAME).asText("");
    if (base.isBlank()) {
      return Optional.empty();
    }
    try {
      ImageReference ref = RegistryAccess.parse(base);
      if (ref.getRegistry().equals(target.getRegistry()) && !ref.getRepository().equals(target.getRepository())) {
        return Optional.of(ref.getRepository());
      }
    } catch (CinemaException e) {
      log.debug("Base image annotation '" + base + "' is not a reference; no blob mounts: " + e.getMessage());
    }
    return Optional.empty();
  }

  private static String layoutTags(OciLayout layout) {
    Set<String> tags = new LinkedHashSet<>();
    for (Descriptor d : layout.entries()) {
      String name = d.annotations().get(OciLayout.REF_NAME);
      if (name != null) {
        tags.add("'" + name + "'");
      }
    }
    return tags.isEmpty() ? "no tags" : String.join(", ", tags);
  }
}
