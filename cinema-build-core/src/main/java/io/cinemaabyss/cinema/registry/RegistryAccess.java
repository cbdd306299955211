package io.cinemaabyss.cinema.registry;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.registry.RegistryClient;
import io.cinemaabyss.cinema.CinemaException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to reach registries: whether plain HTTP and unverified TLS are allowed, and where log events
 * go. Hands out jib registry clients, authenticated with the first credential found.
 */
public final class RegistryAccess {

  private final boolean allowInsecure;
  private final Consumer<LogEvent> log;
  private final FailoverHttpClient http;
  private final java.util.Set<String> probed = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public RegistryAccess(boolean allowInsecure, Consumer<LogEvent> log) {
    this.allowInsecure = allowInsecure;
    this.log = log;
    this.http = new FailoverHttpClient(allowInsecure, allowInsecure, log);
  }

  /**
   * Registry access that reports to a build log: jib's warnings as warnings, its progress chatter
   * (blank lines, "Container entrypoint set to") at debug, so the build's own lines stay readable.
   */
  public static RegistryAccess forLog(boolean allowInsecure, io.cinemaabyss.cinema.BuildLog buildLog) {
    return new RegistryAccess(
        allowInsecure,
        event -> {
          String message = event.getMessage();
          if (message == null || message.isBlank()) {
            return;
          }
          switch (event.getLevel()) {
            case ERROR, WARN -> buildLog.warn(message.strip());
            default -> buildLog.debug(message.strip());
          }
        });
  }

  public boolean allowInsecure() {
    return allowInsecure;
  }

  public Consumer<LogEvent> log() {
    return log;
  }

  /** Parses an image reference, failing with the fix when it is not one. */
  public static ImageReference parse(String reference) {
    try {
      return ImageReference.parse(reference.trim());
    } catch (InvalidImageReferenceException e) {
      throw new CinemaException(
          "'" + reference + "' is not a valid image reference. Use registry/repository[:tag][@sha256:digest], e.g. ghcr.io/owner/movies:1.0");
    }
  }

  /**
   * A client for {@code image}'s repository, authenticated for pull (and push when {@code push}).
   *
   * @param mountFrom another repository of the same registry to request pull access to (for blob
   *     mounts), or empty
   */
  public Client client(
      ImageReference image, RegistryCredentials credentials, boolean push, Optional<String> mountFrom) {
    probe(image);
    Optional<RegistryCredentials.Found> found = credentials.find();
    EventHandlers handlers = EventHandlers.builder().add(LogEvent.class, log::accept).build();
    RegistryClient.Factory factory =
        mountFrom.isPresent()
            ? RegistryClient.factory(handlers, image.getRegistry(), image.getRepository(), mountFrom.get(), http)
            : RegistryClient.factory(handlers, image.getRegistry(), image.getRepository(), http);
    found.ifPresent(f -> factory.setCredential(f.credential()));
    factory.setUserAgent("cinema-build");
    RegistryClient client = factory.newRegistryClient();
    RegistryErrors.authenticate(client, image, found, push);
    return new Client(client, image, found);
  }

  /**
   * Raw manifest and blob access to {@code image}'s repository, for reading exact bytes and pushing
   * manifests and indexes as written.
   */
  public RegistryHttp http(ImageReference image, RegistryCredentials credentials, boolean push) {
    probe(image);
    return new RegistryHttp(http, image, credentials.find(), push);
  }

  private void probe(ImageReference image) {
    if (!allowInsecure && probed.add(image.getRegistry())) {
      TlsProbe.check(image.getRegistry());
    }
  }

  /** A jib client together with what it is for and which credential it uses. */
  public record Client(RegistryClient jib, ImageReference image, Optional<RegistryCredentials.Found> credential) {
    public String credentialName() {
      return credential.map(RegistryCredentials.Found::toString).orElse("no credential (anonymous)");
    }
  }
}
