package io.cinemaabyss.cinema.remote;

import com.google.cloud.tools.jib.api.LogEvent;
import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.oci.Reference;
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

  /**
   * Parses an image reference, failing with the fix when it is not one: {@link Reference#parse},
   * the one grammar of the registry code.
   *
   * @throws io.cinemaabyss.cinema.oci.InvalidContentException saying what is wrong and how to write it
   */
  public static Reference parse(String reference) {
    return Reference.parse(reference);
  }

  /**
   * The client of {@code image}'s repository, authenticated for pull (and push when {@code push})
   * with the first credential found; its operations share one deadline from now.
   */
  public RegistryHttp http(Reference image, RegistryCredentials credentials, boolean push) {
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
