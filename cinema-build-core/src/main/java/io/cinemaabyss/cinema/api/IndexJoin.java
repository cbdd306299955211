package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.remote.ImagePusher;
import io.cinemaabyss.cinema.remote.PushResult;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import io.cinemaabyss.cinema.remote.RegistryIndexAssembler;
import io.cinemaabyss.cinema.remote.RegistryStore;
import java.util.List;
import java.util.Map;

/**
 * Joins single-platform images already in a registry (built by separate CI runners) into one index
 * pushed to a registry; see {@link Cinema#index}. Each source's platform is read from its config;
 * the sources' blobs are mounted in the target's registry, else copied. The sources are read with
 * the target's credentials and connection rules.
 */
public final class IndexJoin {

  private final List<String> sources;
  private List<Platform> platforms = List.of();
  private Format format = Format.OCI;
  private Map<String, String> annotations = Map.of();
  private int parallelism = ImagePusher.DEFAULT_PARALLELISM;
  private BuildLog log = BuildLog.NONE;

  IndexJoin(List<String> sources) {
    this.sources = sources.stream().filter(s -> s != null && !s.isBlank()).map(String::trim).toList();
  }

  /** The platforms the sources must be, one each, in any order; by default the sources are taken as they are. */
  public IndexJoin requirePlatforms(List<Platform> value) {
    this.platforms = List.copyOf(value);
    return this;
  }

  public IndexJoin format(Format value) {
    this.format = value;
    return this;
  }

  /** Annotations of the index (OCI only). */
  public IndexJoin annotations(Map<String, String> value) {
    this.annotations = Map.copyOf(value);
    return this;
  }

  /** How many sources copy their blobs at once. */
  public IndexJoin parallelism(int value) {
    this.parallelism = Math.max(1, value);
    return this;
  }

  public IndexJoin log(BuildLog value) {
    this.log = value;
    return this;
  }

  /** Checks every source, then pushes the index to {@code target} (and its extra tags); nothing is pushed when a check fails. */
  public Copied to(Registry target) {
    RegistryAccess access = target.connection().access(log);
    PushResult result = new RegistryIndexAssembler(access, image -> target.credentials().forImage(image, access.log()), log)
        .parallelism(parallelism)
        .assemble(sources, platforms, target.parsed(), target.extraTags(), format.core(), annotations);
    String pinned = result.pinned();
    RegistryStore pushed = RegistryStore.of(pinned, access, target.credentials().forImage(target.parsed(), access.log()));
    return new Copied(result, ImageSummaries.of(pushed, target.reference()));
  }
}
