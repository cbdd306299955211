package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.remote.ImagePusher;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import io.cinemaabyss.cinema.remote.RegistryStore;
import io.cinemaabyss.cinema.store.ImageCopy;
import io.cinemaabyss.cinema.store.ImageSource;
import java.util.List;

/**
 * A copy to run; see {@link Cinema#copy}. From an OCI layout to a registry (a push), from a layout
 * or a registry into a layout (a pull), and from a registry to a registry: within one registry every
 * blob is mounted from the source repository, between two the blobs stream through, checked.
 */
public final class Copy {

  /** How many blobs upload at once unless {@link #parallelism} says otherwise. */
  public static final int DEFAULT_PARALLELISM = ImagePusher.DEFAULT_PARALLELISM;

  private final Location source;
  private final Location sink;
  private int parallelism = ImagePusher.DEFAULT_PARALLELISM;
  private BuildLog log = BuildLog.NONE;

  Copy(Location source, Location sink) {
    this.source = source;
    this.sink = sink;
  }

  /** How many blobs upload at once (at least 1). */
  public Copy parallelism(int value) {
    this.parallelism = Math.max(1, value);
    return this;
  }

  public Copy log(BuildLog value) {
    this.log = value;
    return this;
  }

  public Copied run() {
    if (sink instanceof Layout target) {
      return intoLayout(target);
    }
    Registry registry = (Registry) sink;
    if (source instanceof Registry from) {
      return betweenRegistries(from, registry);
    }
    Layout layout = (Layout) source;
    String tag = layout.requireTag();
    OciLayout oci = OciLayout.open(layout.directory());
    RegistryAccess access = registry.connection().access(log);
    var result = new ImagePusher(access, registry.credentials().forImage(registry.parsed(), access.log()), log)
        .parallelism(parallelism)
        .push(oci, tag, registry.parsed(), registry.extraTags());
    return new Copied(result, ImageSummaries.of(new LayoutStore(oci, tag), registry.reference()));
  }

  /** From one registry repository to another: mounted within a registry, streamed and checked between two. */
  private Copied betweenRegistries(Registry from, Registry registry) {
    RegistryAccess access = registry.connection().access(log);
    RegistryStore source = (RegistryStore) Sources.of(from, log);
    ImageCopy.Result plan = ImageCopy.plan(source, source.manifest(""));
    var result = new ImagePusher(access, registry.credentials().forImage(registry.parsed(), access.log()), log)
        .parallelism(parallelism)
        .copy(source, plan, registry.parsed(), registry.extraTags());
    return new Copied(result, ImageSummaries.of(plan, registry.reference()));
  }

  /** Blobs first, then the manifests, then the index, then the tag: a failure leaves the tag where it was. */
  private Copied intoLayout(Layout target) {
    String tag = target.requireTag();
    ImageSource from = Sources.of(source, log);
    LayoutStore store = LayoutStore.create(target.directory());
    ImageCopy.Result plan = ImageCopy.plan(from, from.manifest(""));
    java.util.Set<io.cinemaabyss.cinema.oci.Digest> absent = new java.util.HashSet<>();
    for (ImageCopy.Child child : plan.children()) {
      for (Descriptor blob : child.manifest().blobs()) {
        if (!store.hasBlob(blob.digest())) {
          absent.add(blob.digest());
        }
      }
    }
    int missing = absent.size();
    log.info("Copying " + from.name() + " (" + plan.root().digest() + ") to " + target.name() + ": " + missing + " blobs to write");
    ImageCopy.copy(from, plan, store, List.of(tag));
    ImageSummary summary = ImageSummaries.of(plan, target.name());
    return Copied.intoLayout(source, target, summary, List.of(tag), missing);
  }
}
