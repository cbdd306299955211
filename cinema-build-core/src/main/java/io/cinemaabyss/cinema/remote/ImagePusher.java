package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageAnnotations;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.oci.Reference;
import io.cinemaabyss.cinema.store.ImageCopy;
import io.cinemaabyss.cinema.store.ImageSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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

  /** Blobs uploaded at once by default: enough to fill a link, few enough not to swamp a registry. */
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

  /** How many blobs upload at once (at least 1). */
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
  public PushResult push(OciLayout layout, String layoutTag, Reference target, List<String> extraTags) {
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
    for (Descriptor child : index.manifests()) {
      requireBlob(layout, child.digest(), "the " + child.platformText() + " manifest");
    }
    ImageCopy.Result plan = ImageCopy.plan(source, index);
    for (ImageCopy.Child child : plan.children()) {
      int n = 0;
      for (Descriptor blob : child.manifest().blobs()) {
        requireBlob(layout, blob.digest(), "the " + child.entry().platformText() + " " + (n++ == 0 ? "config" : "layer"));
      }
    }
    Optional<String> base = baseRepository(index, target);
    return push(source, plan, base.map(m -> "; base layers mount from " + m).orElse(""), base,
        blob -> blob.type().kind() == MediaType.Kind.LAYER ? base : Optional.empty(), target, extraTags);
  }

  /**
   * Copies the index {@code reference} names in {@code from}, another repository of a registry, to
   * {@code target}. In the same registry every blob is mounted from the source repository (nothing
   * passes through this machine); from another registry, blobs stream through, checked on the way.
   */
  public PushResult copy(RegistryStore from, ImageCopy.Result plan, Reference target, List<String> extraTags) {
    ImageContent root = plan.root();
    if (!(root instanceof Index)) {
      throw new CinemaException(from.name() + " is a single-platform manifest (" + root.descriptor().mediaType()
          + "), not an image index; a copy between registries takes an index: copy the index that names it, or use skopeo copy for a single manifest.");
    }
    Reference source = from.image();
    Optional<String> mount = source.host().equals(target.host()) && !source.repository().equals(target.repository())
        ? Optional.of(source.repository()) : Optional.empty();
    return push(from, plan, mount.map(m -> "; blobs mount from " + m).orElse(""), mount, blob -> mount, target,
        extraTags);
  }

  private PushResult push(ImageSource source, ImageCopy.Result plan, String mountNote, Optional<String> mountScope,
      Function<Descriptor, Optional<String>> mountFrom, Reference target, List<String> extraTags) {
    long start = System.nanoTime();
    Index index = (Index) plan.root();
    List<String> tags = PushTargets.tags(target, extraTags);
    PushTargets.requireDigestMatches(target, index.digest().toString());
    List<PushResult.PlatformManifest> platforms = new ArrayList<>();
    Map<Platform, List<String>> planned = new LinkedHashMap<>();
    for (ImageCopy.Child child : plan.children()) {
      Descriptor entry = child.entry();
      Platform platform = entry.platform().orElseThrow(() -> new CinemaException(
          "Index entry " + entry.digest() + " in " + source.name() + " has no platform this tool knows: " + entry.platformText()));
      platforms.add(new PushResult.PlatformManifest(platform, entry.digest(), entry.mediaType(), entry.size()));
      planned.put(platform, child.manifest().blobs().stream().map(b -> b.digest().toString()).toList());
    }
    if (platforms.isEmpty()) {
      throw new CinemaException("The index " + index.digest() + " in " + source.name() + " has no platforms.");
    }

    log.info("Pushing " + index.digest() + " (" + platforms.stream().map(p -> p.platform().toString()).collect(Collectors.joining(", "))
        + ") to " + repository(target) + " as " + tags.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + mountNote);
    RegistryHttp http = access.http(target, credentials, true);
    mountScope.ifPresent(http::mountingFrom);
    Optional<Digest> previous = PushTargets.currentDigest(http, tags);
    log.info("Registry " + target.host() + ": using " + http.credentialName());

    PushProgress progress = new PushProgress(repository(target), planned, index.digest().toString(), tags);
    RegistrySink sink = new RegistrySink(http, progress, log, listener, parallelism, (child, blob) -> mountFrom.apply(blob));
    ImageCopy.copy(source, plan, sink, tags);
    return new PushResult(
        target.familiarString(), repository(target), index.digest(), index.mediaType(), tags, platforms,
        PushResult.BlobStats.of(sink.pushed(), sink.blobMillisSince(start)), previous);
  }

  static String repository(Reference target) {
    return target.host() + "/" + target.repository();
  }

  private static void requireBlob(OciLayout layout, Digest digest, String what) {
    if (!layout.hasBlob(digest)) {
      throw new CinemaException(
          "The OCI layout " + layout.root() + " is incomplete: " + what + " " + digest
              + " is missing. Build the image again (mvn clean package).");
    }
  }

  /** The base image's repository when it is in the target's registry, so its layers can be mounted. */
  private Optional<String> baseRepository(Index index, Reference target) {
    String base = index.annotations().getOrDefault(ImageAnnotations.BASE_NAME, "");
    if (base.isBlank()) {
      return Optional.empty();
    }
    try {
      Reference ref = RegistryAccess.parse(base);
      if (ref.host().equals(target.host()) && !ref.repository().equals(target.repository())) {
        return Optional.of(ref.repository());
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
