package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.registry.ImagePusher;
import io.cinemaabyss.cinema.registry.RegistryAccess;
import io.cinemaabyss.cinema.store.ImageCopy;
import io.cinemaabyss.cinema.store.ImageSource;
import java.util.List;

/**
 * A copy to run; see {@link Cinema#copy}. From an OCI layout to a registry (a push), and from a
 * layout or a registry into a layout (a pull); a registry-to-registry copy is refused, naming the
 * way round it.
 */
public final class Copy {

  /** How many platforms upload at once unless {@link #parallelism} says otherwise. */
  public static final int DEFAULT_PARALLELISM = ImagePusher.DEFAULT_PARALLELISM;

  private final Location source;
  private final Location sink;
  private int parallelism = ImagePusher.DEFAULT_PARALLELISM;
  private BuildLog log = BuildLog.NONE;

  Copy(Location source, Location sink) {
    this.source = source;
    this.sink = sink;
  }

  /** How many platforms upload at once. */
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
    if (!(source instanceof Layout layout)) {
      throw new CinemaException("Copying from a registry (" + source.name() + ") to a registry (" + sink.name()
          + ") is not supported yet: copy it into an OCI layout first, then from the layout to the registry.");
    }
    Registry registry = (Registry) sink;
    String tag = layout.requireTag();
    OciLayout oci = OciLayout.open(layout.directory());
    RegistryAccess access = registry.connection().access(log);
    var result = new ImagePusher(access, registry.credentials().forImage(registry.parsed(), access.log()), log)
        .parallelism(parallelism)
        .push(oci, tag, registry.parsed(), registry.extraTags());
    return new Copied(result, ImageSummaries.of(new LayoutStore(oci, tag), registry.reference()));
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
    ImageSummary summary = ImageSummaries.of(new LayoutStore(store.layout(), tag), target.name());
    return Copied.intoLayout(source, target, summary, List.of(tag), missing);
  }
}
