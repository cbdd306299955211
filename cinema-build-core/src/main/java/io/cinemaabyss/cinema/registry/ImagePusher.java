package io.cinemaabyss.cinema.registry;

import com.google.cloud.tools.jib.api.ImageReference;
import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.image.ImageAnnotations;
import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.store.ImageCopy;
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
    if (!entry.isIndex()) {
      throw new CinemaException(
          "The image tagged '" + layoutTag + "' in " + layout.root() + " is a " + entry.mediaType()
              + ", not an image index; build it with cinema-build (mvn package), which writes an index.");
    }
    requireBlob(layout, entry.digest(), "the index");
    LayoutStore source = new LayoutStore(layout, layoutTag);
    Index index = (Index) source.manifest(layoutTag);
    List<String> tags = PushTargets.tags(target, extraTags);
    PushTargets.requireDigestMatches(target, index.digest().toString());

    Optional<String> mountFrom = baseRepository(index, target);
    List<PushResult.PlatformManifest> platforms = new ArrayList<>();
    Map<Platform, List<String>> planned = new LinkedHashMap<>();
    for (Descriptor child : index.manifests()) {
      Platform platform =
          child.platform()
              .orElseThrow(() -> new CinemaException(
                  "Index entry " + child.digest() + " in " + layout.root() + " has no platform this tool knows: " + child.platformText()));
      requireBlob(layout, child.digest(), "the " + platform + " manifest");
      platforms.add(new PushResult.PlatformManifest(platform, child.digest(), child.mediaType(), child.size()));
    }
    if (platforms.isEmpty()) {
      throw new CinemaException("The index tagged '" + layoutTag + "' in " + layout.root() + " has no platforms.");
    }
    ImageCopy.Result plan = ImageCopy.plan(source, index);
    for (ImageCopy.Child child : plan.children()) {
      Platform platform = child.entry().platform().orElseThrow();
      List<String> digests = new ArrayList<>();
      for (Descriptor blob : child.manifest().blobs()) {
        requireBlob(layout, blob.digest(), "the " + platform + " " + (digests.isEmpty() ? "config" : "layer"));
        digests.add(blob.digest().toString());
      }
      planned.put(platform, digests);
    }

    log.info("Pushing " + index.digest() + " (" + platforms.stream().map(p -> p.platform().toString()).collect(Collectors.joining(", "))
        + ") to " + repository(target) + " as " + tags.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))
        + mountFrom.map(m -> "; base layers mount from " + m).orElse(""));
    RegistryHttp http = access.http(target, credentials, true);
    mountFrom.ifPresent(http::mountingFrom);
    Optional<Digest> previous = PushTargets.currentDigest(http, tags);
    log.info("Registry " + target.getRegistry() + ": using " + http.credentialName());

    PushProgress progress = new PushProgress(repository(target), planned, index.digest().toString(), tags);
    RegistrySink sink = new RegistrySink(
        http, progress, log, listener, parallelism, (child, blob) -> blob.type().kind() == MediaType.Kind.LAYER ? mountFrom : Optional.empty());
    ImageCopy.copy(source, plan, sink, tags);
    return new PushResult(
        target.toString(), repository(target), index.digest(), index.mediaType(), tags, platforms,
        PushResult.BlobStats.of(sink.pushed(), sink.blobMillisSince(start)), previous);
  }

  static String repository(ImageReference target) {
    return target.getRegistry() + "/" + target.getRepository();
  }

  private static void requireBlob(OciLayout layout, Digest digest, String what) {
    if (!layout.hasBlob(digest)) {
      throw new CinemaException(
          "The OCI layout " + layout.root() + " is incomplete: " + what + " " + digest
              + " is missing. Build the image again (mvn clean package).");
    }
  }

  /** The base image's repository when it is in the target's registry, so its layers can be mounted. */
  private Optional<String> baseRepository(Index index, ImageReference target) {
    String base = index.annotations().getOrDefault(ImageAnnotations.BASE_NAME, "");
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
