package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.registry.ImagePusher;
import io.cinemaabyss.cinema.registry.RegistryAccess;

/**
 * A copy to run; see {@link Cinema#copy}. Today from an OCI layout to a registry (a push); the
 * other pairs are refused with an error naming them.
 */
public final class Copy {

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
    if (!(source instanceof Layout layout) || !(sink instanceof Registry registry)) {
      throw new CinemaException("Copying from " + kind(source) + " (" + source.name() + ") to " + kind(sink) + " (" + sink.name()
          + ") is not supported yet: copy from an OCI layout to a registry.");
    }
    String tag = layout.requireTag();
    OciLayout oci = OciLayout.open(layout.directory());
    RegistryAccess access = registry.connection().access(log);
    var result = new ImagePusher(access, registry.credentials().forImage(registry.parsed(), access.log()), log)
        .parallelism(parallelism)
        .push(oci, tag, registry.parsed(), registry.extraTags());
    return new Copied(result, ImageSummaries.of(new LayoutStore(oci, tag), registry.reference()));
  }

  private static String kind(Location location) {
    return location instanceof Layout ? "an OCI layout" : "a registry";
  }
}
