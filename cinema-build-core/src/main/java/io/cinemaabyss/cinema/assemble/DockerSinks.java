package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.host.DockerHost;
import io.cinemaabyss.cinema.layout.LayoutStore;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.sink.DockerArchiveSink;
import io.cinemaabyss.cinema.sink.DockerDaemonSink;
import io.cinemaabyss.cinema.sink.HostPlatformNotBuiltException;
import io.cinemaabyss.cinema.sink.RepoTag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What {@code cinema:tar} and {@code cinema:load} do with a build: its images as docker archives, or in a daemon. */
public final class DockerSinks {

  private DockerSinks() {}

  /** One platform's archive. */
  public record Archive(Platform platform, Path file) {}

  /** The image a daemon now has. */
  public record Loaded(Platform platform, RepoTag name, String imageId, DockerHost host) {}

  /**
   * Writes each platform's image of {@code result} to {@code <directory>/<baseName>-<os>-<arch>[-<variant>].tar},
   * tagged as {@code image}.
   */
  public static List<Archive> tar(BuildResult result, String image, Path directory, String baseName) {
    RepoTag name = RepoTag.of(image);
    DockerArchiveSink sink = new DockerArchiveSink(new LayoutStore(result.layout(), ""));
    List<Archive> archives = new ArrayList<>();
    for (PlatformImage platformImage : result.images()) {
      Path file = directory.resolve(baseName + "-" + platformImage.platform().slug() + ".tar");
      archives.add(new Archive(platformImage.platform(), sink.write(platformImage.manifest().digest().toString(), name, file)));
    }
    return archives;
  }

  /**
   * Loads the image of {@code result} for the daemon's platform into the daemon at {@code host},
   * tagged as {@code image}; {@code workDirectory} holds the archive while it is sent.
   *
   * @throws HostPlatformNotBuiltException when the build made no image for the daemon's platform
   */
  public static Loaded load(BuildResult result, String image, DockerHost host, Path workDirectory) {
    RepoTag name = RepoTag.of(image);
    try (DockerDaemonSink daemon = DockerDaemonSink.at(host)) {
      Platform platform = daemon.platform();
      PlatformImage chosen = forPlatform(result.images(), platform)
          .orElseThrow(() -> new HostPlatformNotBuiltException(platform, result.images().stream().map(PlatformImage::platform).toList(), host.uri()));
      String id = daemon.load(new LayoutStore(result.layout(), ""), chosen.manifest().digest().toString(), name,
          workDirectory.resolve("load-" + chosen.platform().slug() + ".tar"));
      return new Loaded(chosen.platform(), name, id, host);
    }
  }

  /** The image for {@code platform}: the exact one, else (the daemon names no variant) the one of its os and architecture. */
  static Optional<PlatformImage> forPlatform(List<PlatformImage> images, Platform platform) {
    return images.stream().filter(i -> i.platform().equals(platform)).findFirst()
        .or(() -> images.stream()
            .filter(i -> i.platform().os().equals(platform.os()) && i.platform().architecture().equals(platform.architecture()))
            .findFirst());
  }
}
