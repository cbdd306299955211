package io.cinemaabyss.cinema.sink;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.LoadResponseItem;
import com.github.dockerjava.api.model.Version;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.host.DockerHost;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.store.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Loads an image into a Docker daemon through the Engine API ({@code POST /images/load}), as
 * {@code docker load} does: the image is written as a docker archive (every blob checked against
 * its digest) to a file beside the build, streamed to the daemon, and the tag then checked to
 * name the image ID the config's digest gives.
 */
public final class DockerDaemonSink implements AutoCloseable {

  private final DockerHost host;
  private final DockerClient client;

  private DockerDaemonSink(DockerHost host) {
    this.host = host;
    this.client = host.client(Duration.ofMinutes(30));
  }

  /** The daemon at {@code host} (see {@link DockerHost#resolve}: configured, DOCKER_HOST, the local socket). */
  public static DockerDaemonSink at(DockerHost host) {
    return new DockerDaemonSink(host);
  }

  public DockerHost host() {
    return host;
  }

  /** The daemon's own platform, whose image it runs without emulation. */
  public io.cinemaabyss.cinema.oci.Platform platform() {
    try {
      Version version = client.versionCmd().exec();
      return new io.cinemaabyss.cinema.oci.Platform(
          Optional.ofNullable(version.getOperatingSystem()).orElse("linux"), version.getArch(), "");
    } catch (RuntimeException e) {
      throw unreachable(e);
    }
  }

  /**
   * Loads the image whose manifest {@code manifest} names in {@code source}, tagged {@code repoTag};
   * {@code scratch} holds the archive while it is sent (deleted after).
   *
   * @return the image ID in the daemon (the config's digest)
   */
  public String load(ImageSource source, String manifest, RepoTag repoTag, Path scratch) {
    String configDigest = source.manifest(manifest) instanceof Manifest m ? m.config().digest().toString() : "";
    Path archive = new DockerArchiveSink(source).write(manifest, repoTag, scratch);
    StringBuilder errors = new StringBuilder();
    try (InputStream in = Files.newInputStream(archive)) {
      client.loadImageAsyncCmd(in)
          .exec(
              new ResultCallback.Adapter<LoadResponseItem>() {
                @Override
                public void onNext(LoadResponseItem item) {
                  if (item.isErrorIndicated()) {
                    errors.append(item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError());
                  }
                }
              })
          .awaitCompletion();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the docker archive " + archive, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CinemaException("Interrupted while loading " + repoTag + " into the Docker daemon at " + host, e);
    } catch (DockerClientException | DockerException e) {
      throw new DaemonLoadException("The Docker daemon at " + host + " refused the image " + repoTag + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw e.getCause() instanceof IOException ? unreachable(e) : e;
    } finally {
      try {
        Files.deleteIfExists(archive);
      } catch (IOException ignored) {
        // a leftover archive in the work directory is replaced next time
      }
    }
    if (errors.length() > 0) {
      throw new DaemonLoadException("The Docker daemon at " + host + " refused the image " + repoTag + ": " + errors, null);
    }
    InspectImageResponse loaded;
    try {
      loaded = client.inspectImageCmd(repoTag.toString()).exec();
    } catch (NotFoundException e) {
      throw new DaemonLoadException("The Docker daemon at " + host + " has no " + repoTag + " after loading it.", e);
    }
    if (!configDigest.equals(loaded.getId())) {
      throw new DaemonLoadException("The Docker daemon at " + host + " tagged " + repoTag + " as " + loaded.getId()
          + ", not the image " + configDigest + " that was sent.", null);
    }
    return loaded.getId();
  }

  private CinemaException unreachable(RuntimeException e) {
    return new DaemonLoadException(host.unreachable(e), e);
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // nothing left to release that matters
    }
  }

  /** The daemon could not be reached, refused the image, or does not show it under its tag afterwards. */
  public static final class DaemonLoadException extends CinemaException {
    DaemonLoadException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
