package io.cinemaabyss.cinema.remote;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.registry.credentials.CredentialHelperUnhandledServerUrlException;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import com.google.cloud.tools.jib.registry.credentials.DockerConfigCredentialRetriever;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Reference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where credentials for one registry come from, in order; the first source that has one wins. The
 * order follows Jib: explicit, then build-tool settings, then Docker config and credential helpers,
 * then environment.
 */
public final class RegistryCredentials {

  private final List<NamedCredentialSource> sources;

  private RegistryCredentials(List<NamedCredentialSource> sources) {
    this.sources = List.copyOf(sources);
  }

  public static RegistryCredentials none() {
    return new RegistryCredentials(List.of());
  }

  public static RegistryCredentials of(List<NamedCredentialSource> sources) {
    return new RegistryCredentials(sources);
  }

  /**
   * The standard chain for {@code image}: the given explicit sources first, then Docker's config.json
   * ({@code $DOCKER_CONFIG} or {@code ~/.docker}: the {@code docker-credential-*} helper of credHelpers or
   * credsStore, found on the PATH of {@code env}, then auths), then the environment
   * ({@code CINEMA_REGISTRY_USERNAME}/{@code _PASSWORD}; {@code GITHUB_TOKEN} for ghcr.io).
   */
  public static RegistryCredentials standard(
      Reference image, List<NamedCredentialSource> explicit, Map<String, String> env, Consumer<LogEvent> log) {
    List<NamedCredentialSource> chain = new ArrayList<>(explicit);
    String dockerConfigDir = env.get("DOCKER_CONFIG");
    Path config =
        dockerConfigDir != null && !dockerConfigDir.isBlank()
            ? Path.of(dockerConfigDir, "config.json")
            : Path.of(System.getProperty("user.home"), ".docker", "config.json");
    DockerCredentialHelper.find(config, serverNames(image), env)
        .ifPresent(helper -> chain.add(new NamedCredentialSource(helper.sourceName(), credentialHelper(image, helper.executable(), env, log))));
    chain.add(new NamedCredentialSource("Docker config " + config, dockerConfig(image, config, log)));
    String user = env.get("CINEMA_REGISTRY_USERNAME");
    String password = env.get("CINEMA_REGISTRY_PASSWORD");
    if (user != null && password != null && !password.isEmpty()) {
      chain.add(fixed("environment CINEMA_REGISTRY_USERNAME/CINEMA_REGISTRY_PASSWORD", user, password));
    }
    String token = env.get("GITHUB_TOKEN");
    if (image.host().equals("ghcr.io") && token != null && !token.isEmpty()) {
      String actor = env.getOrDefault("GITHUB_ACTOR", "cinema-build");
      chain.add(fixed("environment GITHUB_TOKEN", actor, token));
    }
    return new RegistryCredentials(chain);
  }

  /**
   * The names a login for the image's registry is stored under. Docker Hub's: {@code docker login}
   * keeps it as {@code https://index.docker.io/v1/}, and other tools use its hosts.
   */
  static List<String> serverNames(Reference image) {
    return image.onDockerHub() ? DOCKER_HUB_SERVERS : List.of(image.host());
  }

  static final List<String> DOCKER_HUB_SERVERS =
      List.of("https://index.docker.io/v1/", Reference.DOCKER_HUB_HOST, "index.docker.io", Reference.DOCKER_HUB);

  /** The login {@code helper} (a {@code docker-credential-*} executable) has for the image's registry, under any of its names. */
  private static CredentialRetriever credentialHelper(Reference image, Path helper, Map<String, String> env, Consumer<LogEvent> log) {
    return () -> {
      for (String server : serverNames(image)) {
        try {
          Credential credential = new com.google.cloud.tools.jib.registry.credentials.DockerCredentialHelper(server, helper, env).retrieve();
          log.accept(LogEvent.lifecycle("Using credential helper " + helper.getFileName() + " for " + image.familiarString()));
          return Optional.of(credential);
        } catch (CredentialHelperUnhandledServerUrlException e) {
          // not under this name
        } catch (IOException e) {
          throw new CredentialRetrievalException(e);
        }
      }
      log.accept(LogEvent.info("No credentials for " + image.host() + " in " + helper));
      return Optional.empty();
    };
  }

  /** The login config.json's {@code auths} has for the image's registry host (Jib's reader, which knows Docker Hub's aliases). */
  private static CredentialRetriever dockerConfig(Reference image, Path config, Consumer<LogEvent> log) {
    DockerConfigCredentialRetriever reader = DockerConfigCredentialRetriever.create(image.host(), config);
    return () -> {
      try {
        Optional<Credential> credential = reader.retrieve(log);
        credential.ifPresent(c -> log.accept(LogEvent.lifecycle("Using credentials from Docker config (" + config + ") for " + image.familiarString())));
        return credential;
      } catch (IOException e) {
        log.accept(LogEvent.info("Unable to parse Docker config file: " + config));
        return Optional.empty();
      }
    };
  }

  public static NamedCredentialSource fixed(String name, String username, String password) {
    Credential credential = Credential.from(username, password);
    return new NamedCredentialSource(name, () -> Optional.of(credential));
  }

  public List<NamedCredentialSource> sources() {
    return sources;
  }

  /** The first credential any source has, with the source's name; empty for anonymous access. */
  public Optional<Found> find() {
    for (NamedCredentialSource source : sources) {
      try {
        Optional<Credential> credential = source.retriever().retrieve();
        if (credential.isPresent()) {
          return Optional.of(new Found(source.name(), credential.get()));
        }
      } catch (CredentialRetrievalException e) {
        throw new CinemaException("Reading registry credentials from " + source.name() + " failed: " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** A credential and the name of the source it came from. */
  public record Found(String source, Credential credential) {
    @Override
    public String toString() {
      return "credential of user '" + credential.getUsername() + "' from " + source;
    }
  }
}
