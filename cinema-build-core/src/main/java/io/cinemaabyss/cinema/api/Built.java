package io.cinemaabyss.cinema.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.assemble.DockerSinks;
import io.cinemaabyss.cinema.assemble.PlatformImage;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.Platform;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What a build made: the image in one line, each platform's manifest, and the push when the sink was a registry. */
public final class Built {

  private final BuildResult result;
  private final Optional<String> image;
  private final ImageSummary summary;
  private final Optional<Copied> pushed;

  Built(BuildResult result, Optional<String> image, ImageSummary summary, Optional<Copied> pushed) {
    this.result = result;
    this.image = image;
    this.summary = summary;
    this.pushed = pushed;
  }

  /**
   * Writes each platform's image as a docker archive, {@code <directory>/<baseName>-<os>-<arch>.tar},
   * tagged as the build's image: what {@code docker load -i} and {@code podman load -i} read.
   */
  public Map<Platform, java.nio.file.Path> writeDockerArchives(java.nio.file.Path directory, String baseName) {
    Map<Platform, java.nio.file.Path> files = new LinkedHashMap<>();
    for (var archive : io.cinemaabyss.cinema.assemble.DockerSinks.tar(result, imageName(), directory, baseName)) {
      files.put(archive.platform(), archive.file());
    }
    return files;
  }

  /**
   * Loads the image for the daemon's own platform into the Docker daemon at {@code dockerHost} (else
   * DOCKER_HOST in {@code environment}, else the local socket), tagged as the build's image;
   * {@code workDirectory} holds the archive while it is sent.
   *
   * @return a line saying what was loaded where
   */
  public String loadIntoDocker(Optional<String> dockerHost, Map<String, String> environment, java.nio.file.Path workDirectory) {
    var host = io.cinemaabyss.cinema.host.DockerHost.resolve(dockerHost, environment);
    var loaded = io.cinemaabyss.cinema.assemble.DockerSinks.load(result, imageName(), host, workDirectory);
    return "Loaded " + loaded.name() + " (" + loaded.platform() + ", image ID " + loaded.imageId() + ") into the Docker daemon at " + loaded.host();
  }

  private String imageName() {
    return image.orElseThrow(() -> new io.cinemaabyss.cinema.CinemaException("The build has no image name to tag the image with; set image(...)."));
  }

  /** Reference, digest, platforms and size: the line to print at the end of a build. */
  public ImageSummary summary() {
    return summary;
  }

  /** The index (or manifest list) digest. */
  public String digest() {
    return summary.digest();
  }

  /** Each platform's manifest digest, in build order. */
  public Map<Platform, String> manifests() {
    Map<Platform, String> out = new LinkedHashMap<>();
    for (PlatformImage image : result.images()) {
      out.put(image.platform(), image.manifest().digest().toString());
    }
    return out;
  }

  /** The push, when the build was sent to a registry. */
  public Optional<Copied> pushed() {
    return pushed;
  }

  /** A few lines for a person: the index and each platform (and the push, when there was one). */
  public String details() {
    return result.summary().stripTrailing() + pushed.map(p -> System.lineSeparator() + p.details()).orElse("");
  }

  /** The build report: layout, tag, index, base and each platform's manifest and config digest, and the image name. */
  public String toJson() {
    return Json.pretty(json());
  }

  /** Writes {@link #toJson()} to {@code file}. */
  public Path writeReport(Path file) {
    return Reports.write(json(), file);
  }

  private ObjectNode json() {
    ObjectNode json = result.toJson();
    image.ifPresent(name -> json.put("image", name));
    json.put("size", summary.size());
    pushed.ifPresent(push -> {
      json.remove("layout"); // a temporary layout, deleted after the push
      json.set("pushed", push.json());
    });
    return json;
  }

  @Override
  public String toString() {
    return summary.line();
  }
}
