package io.cinemaabyss.cinema.oci;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference, {@code [registry/]repository[:tag][@digest]}, validated against the
 * distribution spec's grammar with errors that say what is wrong. As Docker does, a reference
 * without a registry is on Docker Hub ({@code docker.io}), and a one-part Docker Hub repository is
 * under {@code library/}.
 */
public record Reference(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {

  public static final String DOCKER_HUB = "docker.io";

  /** The host that serves Docker Hub's registry API, as Docker and Jib name it. */
  public static final String DOCKER_HUB_HOST = "registry-1.docker.io";

  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
  private static final Pattern REGISTRY =
      Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?");

  public Reference {
    tag = tag == null ? Optional.empty() : tag;
    digest = digest == null ? Optional.empty() : digest;
    String problem = problem(registry, repository, tag);
    if (problem != null) {
      throw new InvalidContentException(
          "'" + registry + "/" + repository + tag.map(t -> ":" + t).orElse("") + "' is not a valid image reference: " + problem);
    }
  }

  /**
   * Parses {@code [registry/]repository[:tag][@sha256:digest]}.
   *
   * @throws InvalidContentException saying what is wrong and how to write it
   */
  public static Reference parse(String text) {
    String input = text == null ? "" : text.trim();
    try {
      return parseStrict(input);
    } catch (InvalidContentException e) {
      throw new InvalidContentException(
          "'" + input + "' is not a valid image reference: " + e.getMessage()
              + ". Use registry/repository[:tag][@sha256:digest], e.g. ghcr.io/owner/movies:1.0", e);
    }
  }

  private static Reference parseStrict(String input) {
    if (input.isEmpty()) {
      throw new InvalidContentException("it is empty");
    }
    if (input.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidContentException("it contains a space");
    }
    String name = input;
    Optional<Digest> digest = Optional.empty();
    int at = name.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(Digest.parse(name.substring(at + 1)));
      name = name.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    if (colon > slash) {
      tag = Optional.of(name.substring(colon + 1));
      name = name.substring(0, colon);
    }
    String registry = DOCKER_HUB;
    int first = name.indexOf('/');
    if (first > 0) {
      String head = name.substring(0, first);
      if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
        registry = head;
        name = name.substring(first + 1);
      }
    }
    if (registry.equals(DOCKER_HUB) && !name.contains("/") && !name.isEmpty()) {
      name = "library/" + name;
    }
    String problem = problem(registry, name, tag);
    if (problem != null) {
      throw new InvalidContentException(problem);
    }
    return new Reference(registry, name, tag, digest);
  }

  /** What is wrong with these parts, or null when nothing is. */
  private static String problem(String registry, String repository, Optional<String> tag) {
    if (registry == null || !REGISTRY.matcher(registry).matches()) {
      return "'" + registry + "' is not a registry host[:port]";
    }
    if (repository == null || repository.isEmpty()) {
      return "the repository name is missing";
    }
    if (!repository.equals(repository.toLowerCase(Locale.ROOT))) {
      return "repository names must be lowercase ('" + repository + "' has capitals; use '" + repository.toLowerCase(Locale.ROOT) + "')";
    }
    for (String component : repository.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        return "'" + component + "' in '" + repository
            + "' is not a repository name component (lowercase letters and digits, separated by '.', '_', '__' or '-', no empty parts)";
      }
    }
    if (repository.length() > 255) {
      return "the repository name is over 255 characters";
    }
    if (tag.isPresent() && !TAG.matcher(tag.get()).matches()) {
      return "'" + tag.get() + "' is not a valid tag (up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-')";
    }
    return null;
  }

  /** Whether {@code text} is a valid tag. */
  public static boolean isTag(String text) {
    return text != null && TAG.matcher(text).matches();
  }

  /** The same repository at {@code value}, without a digest. */
  public Reference withTag(String value) {
    return new Reference(registry, repository, Optional.of(value), Optional.empty());
  }

  /** The same repository at {@code value}, without a tag. */
  public Reference withDigest(Digest value) {
    return new Reference(registry, repository, Optional.empty(), Optional.of(value));
  }

  /** {@code registry/repository}. */
  public String repositoryName() {
    return registry + "/" + repository;
  }

  /**
   * The host[:port] that serves this registry's API, and names it to credential sources: {@link
   * #DOCKER_HUB_HOST} for Docker Hub, else the registry as written.
   */
  public String host() {
    return registry.equals(DOCKER_HUB) ? DOCKER_HUB_HOST : registry;
  }

  /** Whether the repository is on Docker Hub ({@code docker.io}, or its API host written out). */
  public boolean onDockerHub() {
    return host().equals(DOCKER_HUB_HOST);
  }

  /**
   * The repository as Docker shows it: without the registry on Docker Hub, and without {@code
   * library/} for an official image there ({@code busybox}, {@code owner/movies}); elsewhere {@code
   * registry/repository}.
   */
  public String familiarName() {
    if (!onDockerHub()) {
      return repositoryName();
    }
    String official = repository.startsWith("library/") ? repository.substring("library/".length()) : repository;
    return official.contains("/") ? repository : official;
  }

  /** The reference as Docker shows it: {@link #familiarName()} with the tag and digest. */
  public String familiarString() {
    return familiarName() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  /** What to ask the registry for: the digest when there is one, else the tag, else {@code latest}. */
  public String qualifier() {
    return digest.map(Digest::toString).orElse(tag.orElse("latest"));
  }

  @Override
  public String toString() {
    return repositoryName() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }
}
