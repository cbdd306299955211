package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.ConfigFile;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.ImageIndexAssembler;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.oci.Reference;
import io.cinemaabyss.cinema.store.ImageCopy;
import io.cinemaabyss.cinema.store.ImageNotFoundException;
import io.cinemaabyss.cinema.store.ImageSource;
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
  private final Function<Reference, RegistryCredentials> credentials;
  private final BuildLog log;
  private int parallelism = ImagePusher.DEFAULT_PARALLELISM;
  private PushListener listener = PushListener.NONE;

  /** @param credentials the credentials for a registry image (the target's and each source's) */
  public RegistryIndexAssembler(
      RegistryAccess access, Function<Reference, RegistryCredentials> credentials, BuildLog log) {
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
  private record Child(String source, Reference reference, RegistryStore store, Platform platform, Manifest manifest) {}

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
      Reference target,
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
    List<PushResult.PlatformManifest> platforms = new ArrayList<>();
    Map<Descriptor, Child> childOf = new LinkedHashMap<>();
    for (Child child : children) {
      Manifest manifest = child.manifest();
      if (format == IndexFormat.DOCKER && !manifest.mediaType().equals(MediaType.DOCKER_MANIFEST.value())) {
        log.warn("Source " + child.source() + " is a " + manifest.mediaType() + " in a Docker manifest list; old clients may not read it.");
      }
      Descriptor entry = manifest.descriptor().withPlatform(child.platform());
      entries.add(entry);
      childOf.put(entry, child);
      platforms.add(new PushResult.PlatformManifest(child.platform(), manifest.digest(), manifest.mediaType(), manifest.size()));
    }
    Index index = ImageIndexAssembler.index(format, entries, annotations);
    String indexMediaType = index.mediaType();
    String indexDigest = index.digest().toString();
    PushTargets.requireDigestMatches(target, indexDigest);
    List<String> tags = PushTargets.tags(target, extraTags);

    RegistryCredentials targetCredentials = credentials.apply(target);
    RegistryHttp http = access.http(target, targetCredentials, true);
    Optional<Digest> previous = PushTargets.currentDigest(http, tags);
    Optional<String> mountScope =
        children.stream()
            .filter(c -> c.reference().host().equals(target.host()) && !c.reference().repository().equals(target.repository()))
            .map(c -> c.reference().repository())
            .findFirst();
    mountScope.ifPresent(http::mountingFrom);
    log.info("Joining " + children.size() + " images into " + indexMediaType + " " + indexDigest + " at " + ImagePusher.repository(target)
        + " as " + tags.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + "; registry " + target.host()
        + ": using " + http.credentialName());

    Map<Platform, List<String>> planned = new LinkedHashMap<>();
    children.forEach(c -> planned.put(c.platform(), c.manifest().blobs().stream().map(d -> d.digest().toString()).toList()));
    PushProgress progress = new PushProgress(ImagePusher.repository(target), planned, indexDigest, tags);
    RegistrySink sink = new RegistrySink(http, progress, log, listener, parallelism, (entry, blob) -> mountFrom(childOf.get(entry), target));
    List<ImageCopy.Child> copied = new ArrayList<>();
    childOf.forEach((entry, child) -> copied.add(new ImageCopy.Child(entry, child.manifest())));
    ImageCopy.copy(joined(index, childOf), new ImageCopy.Result(index, copied), sink, tags);
    return new PushResult(
        target.familiarString(), ImagePusher.repository(target), index.digest(), indexMediaType, tags, platforms,
        PushResult.BlobStats.of(sink.pushed(), sink.blobMillisSince(start)), previous);
  }

  private static String join(List<Platform> platforms) {
    return platforms.stream().map(Platform::toString).collect(Collectors.joining(", "));
  }

  private Child read(String source) {
    Reference ref = RegistryAccess.parse(source);
    RegistryStore store = new RegistryStore(ref, access.http(ref, credentials.apply(ref), false));
    String qualifier = ref.qualifier();
    ImageContent top;
    try {
      top = store.manifest(qualifier);
    } catch (ImageNotFoundException e) {
      throw new CinemaException(
          "Source image " + source + " was not found in registry " + ref.host()
              + ": push each platform's image first, then name it in cinema.sources.");
    }
    ImageContent content = top;
    if (top instanceof Index index) {
      if (index.manifests().size() != 1) {
        throw new CinemaException(
            "Source " + source + " is an index of " + index.manifests().size() + " images; name each platform's image on its own (by digest: "
                + ImagePusher.repository(ref) + "@sha256:...), or use an index with a single platform.");
      }
      Digest childDigest = index.manifests().get(0).digest();
      try {
        content = store.manifest(childDigest.toString());
      } catch (ImageNotFoundException e) {
        throw new CinemaException("Source " + source + " lists " + childDigest + ", which the registry does not have.");
      }
    }
    if (!(content instanceof Manifest manifest) || !MediaType.isManifest(content.mediaType())) {
      throw new CinemaException("Source " + source + " is a '" + content.mediaType() + "', not an image manifest.");
    }
    return new Child(source, ref, store, configPlatform(source, store, manifest), manifest);
  }

  /** The platform a config declares: os, architecture and variant, as the runtime will match them. */
  private static Platform configPlatform(String source, RegistryStore store, Manifest manifest) {
    Descriptor config = manifest.config();
    ConfigFile file;
    try (InputStream in = store.blob(config)) {
      file = ConfigFile.parse(in.readAllBytes(), "The config " + config.digest() + " of " + source);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the config " + config.digest() + " of " + source, e);
    }
    if (file.os().isEmpty() || file.architecture().isEmpty()) {
      throw new CinemaException("The config of " + source + " names no os/architecture, so its platform is unknown.");
    }
    return file.platform().orElseThrow(() -> new CinemaException(
        "The config of " + source + " names the platform " + file.platformText() + ", which is not one this tool can represent."));
  }

  /** The sources and the new index over them, as one image source. */
  private static ImageSource joined(Index index, Map<Descriptor, Child> children) {
    return new ImageSource() {
      @Override
      public String name() {
        return "the sources " + children.values().stream().map(Child::source).collect(Collectors.joining(", "));
      }

      @Override
      public String reference() {
        return index.digest().toString();
      }

      @Override
      public ImageContent manifest(String reference) {
        if (reference.isEmpty() || reference.equals(index.digest().toString())) {
          return index;
        }
        return children.values().stream().map(Child::manifest).filter(m -> m.digest().toString().equals(reference)).findFirst()
            .orElseThrow(() -> new ImageNotFoundException("No manifest " + reference + " among " + name()));
      }

      @Override
      public InputStream blob(Descriptor descriptor) {
        Child child = children.values().stream().filter(c -> c.manifest().blobs().contains(descriptor)).findFirst()
            .orElseThrow(() -> new ImageNotFoundException("No blob " + descriptor.digest() + " among " + name()));
        return child.store().blob(descriptor);
      }
    };
  }

  /** The source's repository when it is another repository of the target's registry, to mount its blobs from. */
  private static Optional<String> mountFrom(Child child, Reference target) {
    boolean sameRegistry = child.reference().host().equals(target.host());
    boolean sameRepository = sameRegistry && child.reference().repository().equals(target.repository());
    return sameRegistry && !sameRepository ? Optional.of(child.reference().repository()) : Optional.empty();
  }
}
