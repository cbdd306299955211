package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import io.cinemaabyss.cinema.remote.RegistryOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * How registries are reached: which may be plain HTTP or self-signed, where credentials may go over
 * plain HTTP, retries and timeouts. By default TLS only, 5 retries of a transient failure, 10 s to
 * connect, 30 s of silence, 30 min in all.
 */
public final class Connection {

  private final RegistryOptions options;

  private Connection(RegistryOptions options) {
    this.options = options;
  }

  public static Connection defaults() {
    return new Connection(RegistryOptions.defaults());
  }

  /** Every registry may be plain HTTP or have a certificate that does not verify. */
  public Connection allowInsecure(boolean all) {
    return new Connection(options.allowInsecure(all));
  }

  /** These registries ({@code host[:port]}) may be plain HTTP or self-signed. */
  public Connection insecure(Collection<String> registries) {
    return new Connection(options.insecure(Set.copyOf(registries)));
  }

  /** Credentials may go over plain HTTP to these registries (loopback ones need no entry). */
  public Connection plainHttpCredentials(Collection<String> registries) {
    return new Connection(options.plainHttpCredentials(Set.copyOf(registries)));
  }

  /** How many times a transient failure (5xx, 429, a reset) is retried. */
  public Connection retries(int value) {
    return new Connection(options.retries(value));
  }

  /** Blobs larger than {@code bytes} are uploaded in PATCH chunks of that size, so a reset costs one chunk. */
  public Connection chunkSize(long bytes) {
    return new Connection(options.chunkSize(bytes));
  }

  /** Time to connect, silence allowed on one request, and the deadline of one operation in all. */
  public Connection timeouts(Duration connect, Duration read, Duration total) {
    return new Connection(options.timeouts(connect, read, total));
  }

  /**
   * How error messages name this connection's settings: {@code names} gets the Maven property
   * (such as {@code cinema.insecureRegistries} or {@code cinema.registry.readTimeout}) and returns
   * the caller's own name for it, such as a command-line option; by default the property itself.
   */
  public Connection settingNames(java.util.function.UnaryOperator<String> names) {
    return new Connection(options.settingNames(names));
  }

  RegistryAccess access(BuildLog log) {
    return RegistryAccess.forLog(options, log);
  }
}
