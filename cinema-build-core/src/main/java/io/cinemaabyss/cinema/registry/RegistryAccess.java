package io.cinemaabyss.cinema.registry;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.LogEvent;
import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import java.util.function.Consumer;

/**
 * How to reach registries: the {@link RegistryOptions} (retries, timeouts, which registries are
 * insecure) and where log lines go. Hands out {@link RegistryHttp} clients, one per repository,
 * over one shared transport, so a registry is probed once however many clients use it.
 */
public final class RegistryAccess {

  private final RegistryOptions options;
  private final Consumer<LogEvent> log;
  private final RegistryTransport transport;

  public RegistryAccess(boolean allowInsecure, Consumer<LogEvent> log) {
    this(RegistryOptions.defaults().allowInsecure(allowInsecure), log);
  }

  public RegistryAccess(RegistryOptions options, Consumer<LogEvent> log) {
    this.options = options;
    this.log = log;
    this.transport = new RegistryTransport(options, toBuildLog(log));
  }

  /**
   * Registry access that reports to a build log: warnings as warnings, jib's progress chatter
   * (blank lines, "Container entrypoint set to") at debug, so the build's own lines stay readable.
   */
  public static RegistryAccess forLog(boolean allowInsecure, BuildLog buildLog) {
    return forLog(RegistryOptions.defaults().allowInsecure(allowInsecure), buildLog);
  }

  public static RegistryAccess forLog(RegistryOptions options, BuildLog buildLog) {
    return new RegistryAccess(
        options,
        event -> {
          String message = event.getMessage();
          if (message == null || message.isBlank()) {
            return;
          }
          switch (event.getLevel()) {
            case ERROR, WARN -> buildLog.warn(message.strip());
            case LIFECYCLE, INFO -> buildLog.info(message.strip());
            default -> buildLog.debug(message.strip());
          }
        });
  }

  public RegistryOptions options() {
    return options;
  }

  /** Whether any registry may be insecure (jib's allowInsecureRegistries, for jib's own base reads). */
  public boolean allowInsecure() {
    return !options.insecureRegistries().isEmpty();
  }

  public Consumer<LogEvent> log() {
    return log;
  }

  /** Parses an image reference, failing with the fix when it is not one. */
  public static ImageReference parse(String reference) {
    try {
      return ImageReference.parse(reference.trim());
    } catch (InvalidImageReferenceException e) {
      throw new CinemaException("'" + reference + "' is not a valid image reference" + why(reference.trim())
          + ". Use registry/repository[:tag][@sha256:digest], e.g. ghcr.io/owner/movies:1.0");
    }
  }

  /** What is wrong with a reference jib refused, when it is one of the usual mistakes. */
  private static String why(String reference) {
    String name = reference.replaceFirst("@.*$", "");
    int slash = name.indexOf('/');
    String registry = slash > 0 && (name.substring(0, slash).contains(".") || name.substring(0, slash).contains(":")
        || name.substring(0, slash).equals("localhost")) ? name.substring(0, slash) : "";
    String rest = registry.isEmpty() ? name : name.substring(slash + 1);
    int colon = rest.lastIndexOf(':');
    String repository = colon >= 0 ? rest.substring(0, colon) : rest;
    if (!repository.equals(repository.toLowerCase(java.util.Locale.ROOT))) {
      return ": repository names must be lowercase ('" + repository + "' has capitals; use '"
          + repository.toLowerCase(java.util.Locale.ROOT) + "')";
    }
    if (reference.isEmpty()) {
      return ": it is empty";
    }
    if (reference.contains(" ")) {
      return ": it contains a space";
    }
    return "";
  }

  /**
   * The client of {@code image}'s repository, authenticated for pull (and push when {@code push})
   * with the first credential found; its operations share one deadline from now.
   */
  public RegistryHttp http(ImageReference image, RegistryCredentials credentials, boolean push) {
    return new RegistryHttp(transport, image, credentials.find(), push);
  }

  private static BuildLog toBuildLog(Consumer<LogEvent> log) {
    return new BuildLog() {
      @Override
      public void info(String message) {
        log.accept(LogEvent.info(message));
      }

      @Override
      public void warn(String message) {
        log.accept(LogEvent.warn(message));
      }

      @Override
      public void debug(String message) {
        log.accept(LogEvent.debug(message));
      }
    };
  }
}
