package io.cinemaabyss.cinema.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.ImageReference;
import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.image.Descriptor;
import io.cinemaabyss.cinema.image.ImageIndexAssembler;
import io.cinemaabyss.cinema.image.IndexFormat;
import io.cinemaabyss.cinema.image.Json;
import io.cinemaabyss.cinema.image.MediaTypes;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Joins single-platform images that are already in a registry (pushed by separate CI runners, say
 * a native arm64 runner and an amd64 one) into one OCI image index or Docker manifest list. Each
 * child's platform is read from its config, never guessed; when platforms are declared, the
 * sources must be exactly those, one each. Blobs of sources in other repositories are mounted (or copied from another registry),
 * then the children, the index and the tags are pushed in the same safe order as {@link ImagePusher}.
 */
public final class RegistryIndexAssembler {

  private final RegistryAccess access;
  private final Function<ImageReference, RegistryCredentials> credentials;
  private final BuildLog log;
  private int parallelism = ImagePusher.DEFAULT_PARALLELISM;
  private PushListener listener = PushListener.NONE;

  /** @param credentials the credentials for a registry image (the target's and each source's) */
  public RegistryIndexAssembler(
      RegistryAccess access, Function<ImageReference, RegistryCredentials> credentials, BuildLog log) {
    this.access = access;
    this.credentials = credentials;
    this.log = log;
  }

  public RegistryIndexAssembler parallelism(int value) {
    this.parallelism = Math.max(1, value);
    return this;
  }

  public RegistryIndexAssembler listener(PushListener value) {
    this.listener = value == null ? PushListener.NONE : value;
    return this;
  }

  /** A source image resolved to one platform's manifest, with where its blobs come from. */
  private record Child(
      String source, ImageReference reference, RegistryHttp http, Platform platform, RegistryHttp.RawManifest manifest) {}

  /**
   * Reads each source, checks its platform, and pushes the index over them to {@code target}.
   *
   * @param sources image references, each a single-platform image (a manifest, or an index with one entry)
   * @param declared the platforms the sources must be, one each, in any order; empty to take them as they are
   * @param annotations annotations of the index (OCI only)
   */
  public PushResult assemble(
      List<String> sources,
      List<Platform> declared,
      ImageReference target,
      List<String> extraTags,
      IndexFormat format,
      Map<String, String> annotations) {
    long start = System.nanoTime();
    if (sources == null || sources.isEmpty()) {
      throw new CinemaException("No source images to join: list them in cinema.sources, such as ghcr.io/owner/movies:1.0-amd64,ghcr.io/owner/movies:1.0-arm64.");
    }
    List<Child> children = new ArrayList<>();
    for (String source : sources) {
      Child child = read(source.trim());
      if (!declared.isEmpty() && !declared.contains(child.platform())) {
        throw new CinemaException(
            "Source " + child.source() + " is a " + child.platform() + " image (its config says so), which cinema.platforms does not declare (it declares "
                + join(declared) + "). Fix the source or cinema.platforms; nothing was pushed.");
      }
      for (Child other : children) {
        if (other.platform().equals(child.platform())) {
          throw new CinemaException(
              "Sources " + other.source() + " and " + child.source() + " are both " + child.platform()
                  + " images; an index holds one image per platform. Nothing was pushed.");
        }
      }
      log.info(String.format("%-14s %s (%s)", child.platform(), child.source(), child.manifest().digest()));
      children.add(child);
    }
    List<Platform> missing =
        declared.stream().filter(p -> children.stream().noneMatch(c -> c.platform().equals(p))).toList();
    if (!missing.isEmpty()) {
      throw new CinemaException(
          "cinema.platforms declares " + join(missing) + ", but no source is such an image (the sources are "
              + join(children.stream().map(Child::platform).toList()) + "). Add the missing image to cinema.sources; nothing was pushed.");
    }

    List<Descriptor> entries = new ArrayList<>();
    List<IndexPublisher.ManifestBytes> manifests = new ArrayList<>();
    List<BlobUploader.PlatformBlobs> blobs = new ArrayList<>();
    List<PushResult.PlatformManifest> platforms = new ArrayList<>();
    for (Child child : children) {
      RegistryHttp.RawManifest manifest = child.manifest();
      if (format == IndexFormat.DOCKER && !manifest.mediaType().equals(MediaTypes.DOCKER_MANIFEST)) {
        log.warn("Source " + child.source() + " is a " + manifest.mediaType() + " in a Docker manifest list; old clients may not read it.");
      }
      entries.add(new Descriptor(manifest.mediaType(), manifest.digest(), manifest.bytes().length).withPlatform(child.platform()));
      manifests.add(new IndexPublisher.ManifestBytes(child.platform(), manifest.digest(), manifest.mediaType(), manifest.bytes()));
      platforms.add(new PushResult.PlatformManifest(child.platform(), manifest.digest(), manifest.mediaType(), manifest.bytes().length));
      blobs.add(new BlobUploader.PlatformBlobs(child.platform(), blobSources(child, target)));
    }
    String indexMediaType = format.indexMediaType();
    byte[] indexBytes = Json.bytes(ImageIndexAssembler.index(format, entries, annotations));
    String indexDigest = Json.sha256(indexBytes);
    PushTargets.requireDigestMatches(target, indexDigest);
    List<String> tags = PushTargets.tags(target, extraTags);

    RegistryCredentials targetCredentials = credentials.apply(target);
    RegistryHttp http = access.http(target, targetCredentials, true);
    Optional<String> previous = PushTargets.currentDigest(http, tags);
    Optional<String> mountScope =
        children.stream()
            .filter(c -> c.reference().getRegistry().equals(target.getRegistry()) && !c.reference().getRepository().equals(target.getRepository()))
            .map(c -> c.reference().getRepository())
            .findFirst();
    mountScope.ifPresent(http::mountingFrom);
    RegistryHttp client = http;
    log.info("Joining " + children.size() + " images into " + indexMediaType + " " + indexDigest + " at " + ImagePusher.repository(target)
        + " as " + tags.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + "; registry " + target.getRegistry()
        + ": using " + client.credentialName());

    Map<Platform, List<String>> planned = new LinkedHashMap<>();
    blobs.forEach(p -> planned.put(p.platform(), p.blobs().stream().map(BlobUploader.BlobSource::digest).toList()));
    PushProgress progress = new PushProgress(ImagePusher.repository(target), planned, indexDigest, tags);
    List<BlobPush> pushed = new BlobUploader(http, parallelism, log, listener, progress).upload(blobs);
    long blobMillis = (System.nanoTime() - start) / 1_000_000;
    new IndexPublisher(http, progress, log).publish(manifests, indexMediaType, indexBytes, tags);
    return new PushResult(
        target.toString(), ImagePusher.repository(target), indexDigest, indexMediaType, tags, platforms,
        PushResult.BlobStats.of(pushed, blobMillis), previous);
  }

  private static String join(List<Platform> platforms) {
    return platforms.stream().map(Platform::toString).collect(Collectors.joining(", "));
  }

  private Child read(String source) {
    ImageReference ref = RegistryAccess.parse(source);
    RegistryHttp http = access.http(ref, credentials.apply(ref), false);
    String qualifier = ref.getDigest().orElse(ref.getTag().orElse("latest"));
    RegistryHttp.RawManifest top =
        http.manifest(qualifier)
            .orElseThrow(() -> new CinemaException(
                "Source image " + source + " was not found in registry " + ref.getRegistry()
                    + ": push each platform's image first, then name it in cinema.sources."));
    RegistryHttp.RawManifest manifest = top;
    if (MediaTypes.isIndex(top.mediaType())) {
      JsonNode entries = top.json().path("manifests");
      if (entries.size() != 1) {
        throw new CinemaException(
            "Source " + source + " is an index of " + entries.size() + " images; name each platform's image on its own (by digest: "
                + ImagePusher.repository(ref) + "@sha256:...), or use an index with a single platform.");
      }
      String childDigest = entries.get(0).path("digest").asText();
      manifest =
          http.manifest(childDigest)
              .orElseThrow(() -> new CinemaException("Source " + source + " lists " + childDigest + ", which the registry does not have."));
    }
    if (!MediaTypes.isManifest(manifest.mediaType())) {
      throw new CinemaException("Source " + source + " is a '" + manifest.mediaType() + "', not an image manifest.");
    }
    return new Child(source, ref, http, configPlatform(source, http, manifest), manifest);
  }

  /** The platform a config declares: os, architecture and variant, as the runtime will match them. */
  private static Platform configPlatform(String source, RegistryHttp http, RegistryHttp.RawManifest manifest) {
    String configDigest = manifest.json().path("config").path("digest").asText();
    JsonNode config;
    try (InputStream in = http.blob(configDigest)) {
      config = Json.parse(in.readAllBytes(), "The config " + configDigest + " of " + source);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the config " + configDigest + " of " + source, e);
    }
    String os = config.path("os").asText("");
    String architecture = config.path("architecture").asText("");
    if (os.isEmpty() || architecture.isEmpty()) {
      throw new CinemaException("The config of " + source + " names no os/architecture, so its platform is unknown.");
    }
    return new Platform(os, architecture, config.path("variant").asText(""));
  }

  private static List<BlobUploader.BlobSource> blobSources(Child child, ImageReference target) {
    boolean sameRegistry = child.reference().getRegistry().equals(target.getRegistry());
    boolean sameRepository = sameRegistry && child.reference().getRepository().equals(target.getRepository());
    Optional<String> mountFrom = sameRegistry && !sameRepository ? Optional.of(child.reference().getRepository()) : Optional.empty();
    JsonNode manifest = child.manifest().json();
    List<BlobUploader.BlobSource> sources = new ArrayList<>();
    List<JsonNode> nodes = new ArrayList<>();
    nodes.add(manifest.path("config"));
    manifest.path("layers").forEach(nodes::add);
    boolean first = true;
    for (JsonNode node : nodes) {
      Descriptor blob = Descriptor.fromJson(node);
      String kind = first ? "config" : "layer";
      first = false;
      sources.add(new BlobUploader.BlobSource(
          blob.digest(), blob.size(), kind,
          () -> child.http().blob(blob.digest()),
          mountFrom));
    }
    return sources;
  }
}
