package io.cinemaabyss.cinema.build.dockerfile;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DockerClientConfig;
import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.host.DockerHost;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds one platform's image from a Dockerfile through the Docker Engine API (docker-java, the
 * daemon's classic builder), and saves it from the daemon as a {@code docker save} archive.
 */
final class EngineApiBuilder implements AutoCloseable {

  /** Lines of build output kept to quote when a build fails. */
  private static final int TAIL = 25;

  private final DockerHost host;
  private final DockerClient client;
  private final DockerClientConfig config;
  private final BuildLog log;

  EngineApiBuilder(DockerHost host, BuildLog log) {
    this.host = host;
    this.log = log;
    this.config = host.clientConfig();
    // A build step may print nothing for a long time (a compile); the build has its own limits.
    this.client = host.client(Duration.ofHours(2));
  }

  /** The daemon's own platform: what $BUILDPLATFORM is for a build on it. */
  Platform daemonPlatform() {
    try {
      Version version = client.versionCmd().exec();
      return new Platform(Optional.ofNullable(version.getOperatingSystem()).orElse("linux"), version.getArch(), "");
    } catch (RuntimeException e) {
      throw unreachable(e);
    }
  }

  /**
   * The ID of {@code reference}'s image for {@code platform} in the daemon, pulled for that
   * platform when the daemon has none or one of another architecture under that name. (The
   * classic builder would otherwise take whatever image the name points to, whatever its
   * platform.)
   */
  String imageFor(String reference, Platform platform) {
    String ref = withDefaultTag(reference);
    Optional<InspectImageResponse> local = inspect(ref);
    if (local.isPresent() && matches(local.get(), platform)) {
      return local.get().getId();
    }
    log.info("Pulling " + ref + " for " + platform
        + local.map(l -> " (the daemon has it only for " + l.getOs() + "/" + l.getArch() + ")").orElse(""));
    try {
      client.pullImageCmd(ref)
          .withPlatform(platform.toString())
          .withAuthConfig(config.effectiveAuthConfig(ref))
          .exec(
              new PullImageResultCallback() {
                @Override
                public void onNext(PullResponseItem item) {
                  if (item.getStatus() != null && item.getProgressDetail() == null && item.getId() == null) {
                    log.info("[" + platform + "] " + item.getStatus());
                  }
                  super.onNext(item);
                }
              })
          .awaitCompletion();
    } catch (DockerClientException | DockerException e) {
      throw new DockerfileBuildException(
          "Cannot pull " + ref + " for " + platform + " into the daemon at " + host + ": " + e.getMessage()
              + local.map(l -> ". The daemon has " + ref + " only for " + l.getOs() + "/" + l.getArch() + ".").orElse(".")
              + " Give a base image that exists for " + platform + " (a multi-platform image, or one loaded into the daemon for it).", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CinemaException("Interrupted pulling " + ref, e);
    }
    InspectImageResponse pulled =
        inspect(ref).orElseThrow(() -> new DockerfileBuildException("The daemon at " + host + " has no " + ref + " after pulling it."));
    if (!matches(pulled, platform)) {
      throw new DockerfileBuildException(
          ref + " has no " + platform + " image: the registry gave " + pulled.getOs() + "/" + pulled.getArch()
              + ". Use a base image published for " + platform + ".");
    }
    return pulled.getId();
  }

  private Optional<InspectImageResponse> inspect(String ref) {
    try {
      return Optional.of(client.inspectImageCmd(ref).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException) {
        throw unreachable(e);
      }
      throw e;
    }
  }

  private static boolean matches(InspectImageResponse image, Platform platform) {
    try {
      Platform actual = new Platform(Optional.ofNullable(image.getOs()).orElse("linux"), Optional.ofNullable(image.getArch()).orElse(""), "");
      return actual.os().equals(platform.os()) && actual.architecture().equals(platform.architecture());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code name} as the daemon should pull it: with {@code :latest} when it names neither tag nor digest. */
  static String withDefaultTag(String name) {
    String last = name.substring(name.lastIndexOf('/') + 1);
    return last.contains(":") || last.contains("@") ? name : name + ":latest";
  }

  /**
   * Builds {@code dockerfileText} in the context archive for {@code platform}, tags the result
   * {@code localTag}, and saves it to {@code archive}.
   *
   * @return the image ID
   */
  String build(
      Path contextTar, String dockerfileName, Platform platform, Map<String, String> buildArgs, Map<String, String> labels,
      Optional<String> target, String localTag, Path archive) {
    Deque<String> tail = new ArrayDeque<>();
    StringBuilder errors = new StringBuilder();
    String imageId;
    try (InputStream context = Files.newInputStream(contextTar)) {
      var command =
          client.buildImageCmd()
              .withTarInputStream(context)
              .withDockerfilePath(dockerfileName)
              .withTags(Set.of(localTag))
              .withPull(false)
              .withRemove(true)
              .withForcerm(true);
      new LinkedHashMap<>(buildArgs).forEach(command::withBuildArg);
      if (!labels.isEmpty()) {
        command.withLabels(new LinkedHashMap<>(labels));
      }
      target.filter(t -> !t.isBlank()).ifPresent(command::withTarget);
      BuildImageResultCallback callback =
          command.exec(
              new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                  relay(platform, item, tail, errors);
                  super.onNext(item);
                }
              });
      imageId = callback.awaitImageId();
    } catch (DockerClientException e) {
      throw failed(platform, errors.length() > 0 ? errors.toString().strip() : e.getMessage(), tail, e);
    } catch (DockerException e) {
      throw failed(platform, e.getMessage(), tail, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot send the build context " + contextTar, e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException) {
        throw unreachable(e);
      }
      throw e;
    }
    try (InputStream saved = client.saveImageCmd(imageId).exec()) {
      Files.createDirectories(archive.getParent());
      Files.copy(saved, archive, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save image " + imageId + " from the daemon at " + host, e);
    }
    return imageId;
  }

  private void relay(Platform platform, BuildResponseItem item, Deque<String> tail, StringBuilder errors) {
    if (item.getErrorDetail() != null || item.getError() != null) {
      String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
          ? item.getErrorDetail().getMessage() : item.getError();
      errors.append(message).append('\n');
      keep(tail, message);
      return;
    }
    if (item.getStream() != null) {
      for (String line : item.getStream().split("\\r?\\n")) {
        if (line.isBlank()) {
          continue;
        }
        keep(tail, line.stripTrailing());
        if (line.contains("does not match the detected host platform")) {
          // Expected: each FROM names its platform instead of the build (see LegacyBuilderDockerfile).
          log.debug("[" + platform + "] " + line.strip());
        } else {
          log.info("[" + platform + "] " + line.stripTrailing());
        }
      }
    } else if (item.getStatus() != null && item.getProgressDetail() == null) {
      String line = (item.getId() != null ? item.getId() + ": " : "") + item.getStatus();
      keep(tail, line);
      log.info("[" + platform + "] " + line);
    }
  }

  private static void keep(Deque<String> tail, String line) {
    tail.addLast(line);
    while (tail.size() > TAIL) {
      tail.removeFirst();
    }
  }

  private DockerfileBuildException failed(Platform platform, String error, Deque<String> tail, Exception cause) {
    String output = String.join(System.lineSeparator() + "  ", tail);
    String hint = "";
    if (output.contains("exec format error") || String.valueOf(error).contains("exec format error")) {
      hint = System.lineSeparator() + "A RUN step ran a " + platform.architecture() + " program this host cannot execute:"
          + " register QEMU emulation (mvn cinema:binfmt as root), or build that stage FROM --platform=$BUILDPLATFORM.";
    }
    return new DockerfileBuildException(
        "The Docker build for " + platform + " failed on " + host + ": " + error + System.lineSeparator()
            + "Last output:" + System.lineSeparator() + "  " + output + hint, cause);
  }

  private CinemaException unreachable(RuntimeException e) {
    return new DockerfileBuildException(host.unreachable(e), e);
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // nothing left to release that matters
    }
  }
}
