package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

  /**
   * A check of a deployment's images against its nodes: {@code manifests} are Kubernetes YAML files
   * and directories (relative to {@code base}), or {@code -} for YAML on {@code stdin} (the output of
   * {@code helm template} or {@code kubectl kustomize}).
   */
  public static CheckDeployment checkDeployment(List<String> manifests, Path base, InputStream stdin) {
    return new CheckDeployment(manifests, base, stdin);
  }

  /** Lints {@code dockerfile} for multi-architecture mistakes; {@code target} names the stage built (the last when empty). */
  public static DockerfileLintReport lintDockerfile(Path dockerfile, Optional<String> target) {
    return DockerfileLintReport.of(dockerfile, target);
  }

  /** Makes this Linux host run binaries of {@code platforms} under QEMU where it can (binfmt_misc), and says what it did. */
  public static HostEmulationSetup ensureEmulation(List<Platform> platforms, BuildLog log) {
    return HostEmulationSetup.ensure(platforms, log);
  }

  /**
   * Compares the image at {@code expected} (such as a rebuild from the checked-out sources) with the
   * one at {@code actual} (such as the image pushed), naming where they part.
   */
  public static Comparison compare(Location expected, Location actual, BuildLog log) {
    return new Comparison(io.cinemaabyss.cinema.check.ImageComparison.compare(Sources.of(expected, log), Sources.of(actual, log)));
  }
}
