package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.store.ImageSink;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A registry repository as an image sink, for one push: blobs through {@link BlobUploader}
 * (several at once, skipped when present, layers mounted from {@code mountFrom}), each
 * platform's manifest by digest, the index by digest, read back and compared, then the tags. Each
 * step is recorded in a {@link PushProgress}, so a failure says what is in the registry and what
 * is not.
 */
final class RegistrySink implements ImageSink {

  private final RegistryHttp http;
  private final PushProgress progress;
  private final BuildLog log;
  private final PushListener listener;
  private final int parallelism;
  private final BiFunction<Descriptor, Descriptor, Optional<String>> mountFrom;
  private final List<BlobPush> pushed = Collections.synchronizedList(new ArrayList<>());
  private boolean tagChecked;
  private volatile long blobsDoneNanos;

  /** @param mountFrom for an index entry and one of its blobs, the repository of the same registry it may be mounted from */
  RegistrySink(
      RegistryHttp http, PushProgress progress, BuildLog log, PushListener listener, int parallelism,
      BiFunction<Descriptor, Descriptor, Optional<String>> mountFrom) {
    this.http = http;
    this.progress = progress;
    this.log = log;
    this.listener = listener;
    this.parallelism = parallelism;
    this.mountFrom = mountFrom;
  }

  /** What happened to each blob. */
  List<BlobPush> pushed() {
    synchronized (pushed) {
      return List.copyOf(pushed);
    }
  }

  @Override
  public String name() {
    return http.image().host() + "/" + http.image().repository();
  }

  @Override
  public boolean hasBlob(Digest digest) {
    return http.hasBlob(digest.toString());
  }

  @Override
  public void putBlob(Descriptor blob, Supplier<InputStream> content) {
    http.uploadBlob(blob.digest().toString(), blob.size(), content, Optional.empty());
  }

  /** Several calls (the platforms' blobs, then their referrers' blobs) add to what {@link #pushed} says. */
  @Override
  public void putBlobs(List<ManifestBlobs> manifests) {
    List<BlobUploader.PlatformBlobs> platforms = new ArrayList<>();
    for (ManifestBlobs manifest : manifests) {
      List<BlobUploader.BlobSource> sources = new ArrayList<>();
      for (int i = 0; i < manifest.blobs().size(); i++) {
        Blob blob = manifest.blobs().get(i);
        boolean config = i == 0;
        sources.add(new BlobUploader.BlobSource(
            blob.descriptor().digest().toString(), blob.descriptor().size(), config ? "config" : "layer", blob.content(),
            mountFrom.apply(manifest.entry(), blob.descriptor())));
      }
      platforms.add(new BlobUploader.PlatformBlobs(platform(manifest.entry()), sources));
    }
    pushed.addAll(new BlobUploader(http, parallelism, log, listener, progress).upload(platforms));
    blobsDoneNanos = System.nanoTime();
  }

  /** Milliseconds from {@code startNanos} until every blob was in. */
  long blobMillisSince(long startNanos) {
    return (blobsDoneNanos - startNanos) / 1_000_000;
  }

  @Override
  public void putManifest(Descriptor entry, ImageContent content) {
    String digest = content.digest().toString();
    if (!(content instanceof Index)) {
      Platform platform = platform(entry);
      try {
        http.putManifest(digest, content.mediaType(), content.bytes());
      } catch (CinemaException e) {
        throw progress.failed("pushing the " + platform + " manifest " + digest, e);
      }
      progress.manifestPushed(platform);
      log.info(String.format("%-14s manifest %s pushed", platform, digest));
      return;
    }
    try {
      http.putManifest(digest, content.mediaType(), content.bytes());
    } catch (CinemaException e) {
      throw progress.failed("pushing the index " + digest, e);
    }
    progress.indexPushed();
    readBack(content);
    log.info("Index " + digest + " pushed and read back by digest (" + content.mediaType() + ")");
  }

  /**
   * Pushes an artifact manifest (SBOM, provenance) by digest. A registry that answers with
   * {@code OCI-Subject} lists it as a referrer itself; for one that does not (distribution 2.8), the
   * {@code sha256-<hex>} tag of its subject gets an index with it added to what it already lists.
   */
  @Override
  public void putReferrer(Manifest referrer) {
    putReferrers(List.of(referrer));
  }

  /**
   * Pushes the artifact manifests several at once, then updates each subject's referrers tag once,
   * with all of its new referrers, where the registry does not list them itself.
   */
  @Override
  public void putReferrers(List<Manifest> referrers) {
    Map<Digest, List<Manifest>> unlisted = Collections.synchronizedMap(new LinkedHashMap<>());
    for (Manifest referrer : referrers) {
      unlisted.put(subject(referrer), Collections.synchronizedList(new ArrayList<>()));
    }
    inParallel(referrers, referrer -> {
      String digest = referrer.digest().toString();
      Digest subject = subject(referrer);
      boolean registryLists;
      try {
        registryLists = http.putReferrer(digest, referrer.mediaType(), referrer.bytes());
      } catch (CinemaException e) {
        throw progress.failed("pushing the " + referrer.artifactType() + " artifact " + digest + " of " + subject, e);
      }
      if (registryLists) {
        log.info(String.format("%-14s %s %s pushed (listed by the registry's referrers API)", "referrer", referrer.artifactType(), digest));
      } else {
        unlisted.get(subject).add(referrer);
      }
    });
    List<Map.Entry<Digest, List<Manifest>>> subjects = new ArrayList<>(unlisted.entrySet());
    subjects.removeIf(e -> e.getValue().isEmpty());
    inParallel(subjects, entry -> {
      // in the order given, whichever thread pushed which first
      List<Manifest> listed = referrers.stream().filter(entry.getValue()::contains).toList();
      String tag = ReferrersTag.of(entry.getKey());
      try {
        Optional<Index> existing = http.manifest(tag).filter(Index.class::isInstance).map(Index.class::cast);
        Optional<Index> merged = ReferrersTag.merged(existing, listed.stream().map(Manifest::referrerDescriptor).toList());
        if (merged.isPresent()) {
          http.putManifest(tag, merged.get().mediaType(), merged.get().bytes());
        }
      } catch (CinemaException e) {
        throw progress.failed("listing the artifacts " + listed.stream().map(m -> m.digest().toString()).collect(Collectors.joining(", "))
            + " under the referrers tag '" + tag + "'", e);
      }
      for (Manifest referrer : listed) {
        log.info(String.format("%-14s %s %s pushed, listed under '%s'", "referrer", referrer.artifactType(), referrer.digest(), tag));
      }
    });
  }

  private static Digest subject(Manifest referrer) {
    return referrer.subject().orElseThrow(() -> new CinemaException("The artifact manifest " + referrer.digest() + " has no subject")).digest();
  }

  /** Runs {@code step} for each item, {@code parallelism} at once; the first failure is thrown once all have ended. */
  private <T> void inParallel(List<T> items, Consumer<T> step) {
    if (items.size() <= 1 || parallelism == 1) {
      items.forEach(step);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> step.accept(item)));
      }
      RuntimeException first = null;
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          if (first == null) {
            first = e.getCause() instanceof RuntimeException r ? r : new CinemaException(String.valueOf(e.getCause()), e.getCause());
          }
        }
      }
      if (first != null) {
        throw first;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CinemaException("Interrupted while pushing the referrers", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Moves {@code tag}. The first tag is read back: a push that raced another one to the same tag
   * says so instead of reporting a digest the tag does not name.
   */
  @Override
  public void tag(String tag, ImageContent content) {
    try {
      http.putManifest(tag, content.mediaType(), content.bytes());
    } catch (CinemaException e) {
      throw progress.failed("tagging the index as '" + tag + "'", e);
    }
    progress.tagMoved(tag);
    log.info("Tag '" + tag + "' -> " + content.digest());
    if (!tagChecked) {
      tagChecked = true;
      Optional<Digest> tagged = http.manifest(tag).map(ImageContent::digest);
      if (!tagged.equals(Optional.of(content.digest()))) {
        throw progress.failed(
            "checking the tag '" + tag + "'",
            new CinemaException("the registry resolves it to " + tagged.map(Digest::toString).orElse("nothing")
                + " instead of " + content.digest() + "; another push may have moved it at the same time"));
      }
    }
  }

  /** Registries answer 404 for an OCI index asked for without its media type; RegistryHttp asks right. */
  private void readBack(ImageContent content) {
    String digest = content.digest().toString();
    Optional<ImageContent> stored;
    try {
      stored = http.manifest(digest);
    } catch (CinemaException e) {
      throw progress.failed("reading the index " + digest + " back", e);
    }
    if (stored.isEmpty()) {
      throw progress.failed(
          "reading the index " + digest + " back",
          new CinemaException("the registry has no manifest " + digest + " right after accepting it"));
    }
    ImageContent raw = stored.get();
    if (!Arrays.equals(raw.bytes(), content.bytes()) || (!raw.mediaType().isEmpty() && !raw.mediaType().equals(content.mediaType()))) {
      throw progress.failed(
          "reading the index " + digest + " back",
          new CinemaException(
              "the registry returned other content (" + raw.mediaType() + ", digest " + raw.digest() + ", "
                  + raw.size() + " bytes) than was pushed (" + content.mediaType() + ", " + content.size()
                  + " bytes); it may not support " + content.mediaType() + ". Try cinema.format=DOCKER"));
    }
  }

  private static Platform platform(Descriptor entry) {
    return entry.platform().orElseThrow(() -> new CinemaException(
        "Index entry " + entry.digest() + " has no platform this tool knows (" + entry.platformText() + ")"));
  }
}
