package io.cinemaabyss.cinema.remote;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the registry client behaves on a bad network and which registries it may treat as insecure.
 *
 * @param retries how many times a request that failed transiently (5xx, 429, a reset connection,
 *     a refused connection) is tried again before the push fails
 * @param backoffBase the first wait before a retry; it doubles per attempt, capped, with jitter
 * @param backoffCap the longest wait between two attempts, and the longest {@code Retry-After} honoured
 * @param connectTimeout how long opening a connection may take
 * @param readTimeout how long the registry may stay silent on one request before it is given up
 * @param deadline how long one operation (a whole push, inspect, index) may take in total
 * @param insecureRegistries registries (host[:port]) whose self-signed TLS, or plain HTTP, is accepted;
 *     {@code *} for every registry (what {@code allowInsecureRegistries} means)
 * @param plainHttpCredentialRegistries registries (host[:port]) to which credentials may be sent over
 *     plain HTTP; loopback registries are always allowed, every other must be named here
 * @param chunkSize a blob larger than this is uploaded in PATCH chunks of this many bytes, so a
 *     connection reset costs at most the chunk it broke (where the registry keeps the session)
 */
public record RegistryOptions(
    int retries,
    Duration backoffBase,
    Duration backoffCap,
    Duration connectTimeout,
    Duration readTimeout,
    Duration deadline,
    Set<String> insecureRegistries,
    Set<String> plainHttpCredentialRegistries,
    long chunkSize,
    java.util.function.UnaryOperator<String> settingNames) {

  public static final int DEFAULT_RETRIES = 5;

  public static final long DEFAULT_CHUNK_SIZE = 16L * 1024 * 1024;

  public RegistryOptions {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, not " + retries);
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be >= 1 byte, not " + chunkSize);
    }
    insecureRegistries = normalise(insecureRegistries);
    plainHttpCredentialRegistries = normalise(plainHttpCredentialRegistries);
  }

  /** 5 retries from 250 ms to 10 s, 10 s to connect, 30 s of silence per request, 30 minutes in all, 16 MiB chunks. */
  public static RegistryOptions defaults() {
    return new RegistryOptions(
        DEFAULT_RETRIES, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(30), Set.of(), Set.of(), DEFAULT_CHUNK_SIZE, java.util.function.UnaryOperator.identity());
  }

  /** Jib's {@code allowInsecureRegistries}: self-signed TLS and plain HTTP for every registry. */
  public RegistryOptions allowInsecure(boolean all) {
    return all ? insecure(Set.of("*")) : this;
  }

  /**
   * How messages name a setting: given the Maven property (such as
   * {@code cinema.allowInsecureRegistries=true}, {@code cinema.insecureRegistries},
   * {@code cinema.plainHttpCredentialRegistries}, {@code cinema.registry.readTimeout},
   * {@code cinema.registry.connectTimeout}, {@code cinema.registry.deadline}), the caller's own
   * name for it, such as a command-line option.
   */
  public RegistryOptions settingNames(java.util.function.UnaryOperator<String> names) {
    return new RegistryOptions(retries, backoffBase, backoffCap, connectTimeout, readTimeout, deadline, insecureRegistries, plainHttpCredentialRegistries, chunkSize, names);
  }

  /** The caller's name for the setting whose Maven property is {@code property}. */
  public String setting(String property) {
    return settingNames.apply(property);
  }

  public RegistryOptions insecure(Set<String> registries) {
    return new RegistryOptions(retries, backoffBase, backoffCap, connectTimeout, readTimeout, deadline, registries, plainHttpCredentialRegistries, chunkSize, settingNames);
  }

  public RegistryOptions plainHttpCredentials(Set<String> registries) {
    return new RegistryOptions(retries, backoffBase, backoffCap, connectTimeout, readTimeout, deadline, insecureRegistries, registries, chunkSize, settingNames);
  }

  public RegistryOptions retries(int value) {
    return new RegistryOptions(value, backoffBase, backoffCap, connectTimeout, readTimeout, deadline, insecureRegistries, plainHttpCredentialRegistries, chunkSize, settingNames);
  }

  public RegistryOptions backoff(Duration base, Duration cap) {
    return new RegistryOptions(retries, base, cap, connectTimeout, readTimeout, deadline, insecureRegistries, plainHttpCredentialRegistries, chunkSize, settingNames);
  }

  public RegistryOptions timeouts(Duration connect, Duration read, Duration total) {
    return new RegistryOptions(retries, backoffBase, backoffCap, connect, read, total, insecureRegistries, plainHttpCredentialRegistries, chunkSize, settingNames);
  }

  /** Blobs over {@code bytes} go in PATCH chunks of {@code bytes}. */
  public RegistryOptions chunkSize(long bytes) {
    return new RegistryOptions(retries, backoffBase, backoffCap, connectTimeout, readTimeout, deadline, insecureRegistries, plainHttpCredentialRegistries, bytes, settingNames);
  }

  /** Whether {@code registry} (host[:port]) may be reached over unverified TLS or plain HTTP. */
  public boolean isInsecure(String registry) {
    return insecureRegistries.contains("*") || insecureRegistries.contains(registry.toLowerCase(Locale.ROOT));
  }

  /** Whether credentials may go over plain HTTP to {@code registry}: loopback, or named by the user. */
  public boolean mayCredentialOverHttp(String registry, String host) {
    return isLoopback(host) || plainHttpCredentialRegistries.contains(registry.toLowerCase(Locale.ROOT));
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
  }

  private static Set<String> normalise(Set<String> registries) {
    return registries == null
        ? Set.of()
        : registries.stream().map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }
}
