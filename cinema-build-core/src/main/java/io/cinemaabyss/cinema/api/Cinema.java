package io.cinemaabyss.cinema.api;

import java.nio.file.Path;

/**
 * The front door: every operation starts here, is configured fluently, and ends in one call.
 *
 * <pre>{@code
 * Built built = Cinema.go(Path.of("services/movies")).platforms("linux/amd64", "linux/arm64")
 *     .to(Registry.of("ghcr.io/owner/movies:1.0.0", Credentials.standard()));
 * Verification checked = Cinema.verify(Registry.of("ghcr.io/owner/movies:1.0.0"))
 *     .requirePlatforms(built.summary().platforms()).run().requireOk();
 * }</pre>
 */
public final class Cinema {

  private Cinema() {}

  /** A build of the Go module at {@code moduleDirectory} (the directory holding go.mod). */
  public static GoServiceBuild go(Path moduleDirectory) {
    return new GoServiceBuild(moduleDirectory);
  }

  /** A build of every platform from {@code dockerfile} (needs a Docker daemon). */
  public static DockerfileBuild dockerfile(Path dockerfile) {
    return new DockerfileBuild(dockerfile);
  }

  /** A copy of the image at {@code source} to {@code sink}: blobs first, manifests, then the index and tags. */
  public static Copy copy(Location source, Location sink) {
    return new Copy(source, sink);
  }

  /**
   * An index over single-platform images already in a registry, such as
   * {@code reg/app:1.0-amd64} and {@code reg/app:1.0-arm64}, built by separate runners.
   */
  public static IndexJoin index(java.util.List<String> sources) {
    return new IndexJoin(sources);
  }

  /** An inspection of the image at {@code image}, in a layout or a registry alike. */
  public static Inspect inspect(Location image) {
    return new Inspect(image);
  }

  /** A verification of the image at {@code image}: required platforms, ELF of each entrypoint, smoke runs. */
  public static Verify verify(Location image) {
    return new Verify(image);
  }
}
