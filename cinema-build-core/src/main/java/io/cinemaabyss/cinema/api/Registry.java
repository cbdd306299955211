package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Reference;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import java.util.List;

/**
 * An image in a registry, such as {@code ghcr.io/owner/movies:1.0} or {@code reg/movies@sha256:...},
 * with the credentials and connection rules to reach it. As a sink, {@link #alsoTag} adds tags that
 * name the same image.
 */
public final class Registry implements Location {

  private final String reference;
  private final Reference parsed;
  private final Credentials credentials;
  private final Connection connection;
  private final List<String> extraTags;

  private Registry(String reference, Credentials credentials, Connection connection, List<String> extraTags) {
    this.parsed = RegistryAccess.parse(reference); // fails naming what is wrong
    this.reference = reference.trim();
    this.credentials = credentials;
    this.connection = connection;
    this.extraTags = List.copyOf(extraTags);
  }

  /** The image {@code reference} (validated: an error names what is wrong), with the standard credentials. */
  public static Registry of(String reference) {
    return new Registry(reference, Credentials.standard(), Connection.defaults(), List.of());
  }

  public static Registry of(String reference, Credentials credentials) {
    return of(reference).credentials(credentials);
  }

  public Registry credentials(Credentials value) {
    return new Registry(reference, value, connection, extraTags);
  }

  public Registry connection(Connection value) {
    return new Registry(reference, credentials, value, extraTags);
  }

  /** More tags for the image written here, in the same repository, such as {@code latest}. */
  public Registry alsoTag(List<String> tags) {
    return new Registry(reference, credentials, connection, tags.stream().filter(t -> t != null && !t.isBlank()).map(String::trim).toList());
  }

  /**
   * This image, or an error when its name has no registry and no owner (such as {@code movies:1.0}),
   * which would send it to Docker Hub's official library; {@code parameter} is what the user set.
   */
  public Registry requireQualified(String parameter) {
    if (!reference.contains("/")) {
      throw new CinemaException(parameter + " '" + reference + "' names no registry or owner, so it would go to Docker Hub's official library."
          + " Name the target in full, such as ghcr.io/<owner>/" + parsed.repository().replaceFirst("^library/", "") + ":"
          + parsed.tag().orElse("latest") + ".");
    }
    return this;
  }

  public String reference() {
    return reference;
  }

  public Credentials credentials() {
    return credentials;
  }

  public Connection connection() {
    return connection;
  }

  public List<String> extraTags() {
    return extraTags;
  }

  Reference parsed() {
    return parsed;
  }

  @Override
  public String name() {
    return reference;
  }

  @Override
  public String toString() {
    return reference;
  }
}
