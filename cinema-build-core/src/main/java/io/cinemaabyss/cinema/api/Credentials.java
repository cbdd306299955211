package io.cinemaabyss.cinema.api;

import com.google.cloud.tools.jib.api.LogEvent;
import io.cinemaabyss.cinema.oci.Reference;
import io.cinemaabyss.cinema.remote.NamedCredentialSource;
import io.cinemaabyss.cinema.remote.RegistryCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where the credentials for a registry come from, in order; the first source that has one wins.
 * Explicit sources come first, in the order given, then (with {@link #standard()}) Docker's
 * config.json and its credential helpers, then {@code CINEMA_REGISTRY_USERNAME} /
 * {@code CINEMA_REGISTRY_PASSWORD}, then {@code GITHUB_TOKEN} for ghcr.io: the order Jib uses.
 */
public final class Credentials {

  /** A username and a password (or token); {@link #toString()} never shows the password. */
  public record Login(String username, String password) {
    @Override
    public String toString() {
      return "Login{username=" + username + ", password=****}";
    }
  }

  private record Explicit(Function<String, String> source, Function<String, Optional<Login>> lookup) {}

  private final List<Explicit> explicit;
  private final Optional<Map<String, String>> standardEnvironment;

  private Credentials(List<Explicit> explicit, Optional<Map<String, String>> standardEnvironment) {
    this.explicit = List.copyOf(explicit);
    this.standardEnvironment = standardEnvironment;
  }

  /** No credentials: anonymous access. */
  public static Credentials none() {
    return new Credentials(List.of(), Optional.empty());
  }

  /** Docker's config and helpers, then the environment of this process. */
  public static Credentials standard() {
    return standard(System.getenv());
  }

  /** Docker's config and helpers (found through {@code environment}'s DOCKER_CONFIG and PATH), then {@code environment}. */
  public static Credentials standard(Map<String, String> environment) {
    return new Credentials(List.of(), Optional.of(Map.copyOf(environment)));
  }

  /** Only this username and password, for every registry. */
  public static Credentials of(String username, String password) {
    return none().explicit("explicit credentials", username, password);
  }

  /** Tries {@code username}/{@code password} before the sources so far; {@code source} names it in logs. */
  public Credentials explicit(String source, String username, String password) {
    if (username == null || password == null) {
      return this;
    }
    Login login = new Login(username, password);
    return explicit(source, registry -> Optional.of(login));
  }

  /**
   * Tries {@code lookup} (given the registry host, such as {@code ghcr.io}) after the explicit
   * sources so far and before the standard ones; {@code source} names it in logs.
   */
  public Credentials explicit(String source, Function<String, Optional<Login>> lookup) {
    return explicit(registry -> source, lookup);
  }

  /** Like {@link #explicit(String, Function)}, with a name that depends on the registry (a settings.xml server id). */
  public Credentials explicit(Function<String, String> source, Function<String, Optional<Login>> lookup) {
    List<Explicit> all = new ArrayList<>(explicit);
    all.add(new Explicit(source, lookup));
    return new Credentials(all, standardEnvironment);
  }

  /** The chain for one image's registry, as the registry client takes it. */
  RegistryCredentials forImage(Reference image, Consumer<LogEvent> log) {
    List<NamedCredentialSource> sources = new ArrayList<>();
    for (Explicit e : explicit) {
      e.lookup().apply(image.host())
          .ifPresent(login -> sources.add(RegistryCredentials.fixed(e.source().apply(image.host()), login.username(), login.password())));
    }
    return standardEnvironment.isPresent()
        ? RegistryCredentials.standard(image, sources, standardEnvironment.get(), log)
        : RegistryCredentials.of(sources);
  }
}
