package io.cinemaabyss.cinema.sink;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Reference;
import io.cinemaabyss.cinema.remote.RegistryAccess;

/**
 * The name a docker archive or a daemon gives an image: {@code repository:tag}, the repository as
 * Docker writes it ({@code movies} for Docker Hub's {@code library/movies}, else with its registry).
 */
public record RepoTag(String repository, String tag) {

  /** The name of {@code image}, such as {@code ghcr.io/owner/movies:1.0}; no tag is {@code latest}. */
  public static RepoTag of(String image) {
    Reference reference = RegistryAccess.parse(image);
    if (reference.tag().isEmpty() && reference.digest().isPresent()) {
      throw new CinemaException("The image '" + image + "' has a digest but no tag: Docker names a loaded image by"
          + " repository:tag, so give cinema.image a tag, such as " + reference.familiarName() + ":1.0.");
    }
    return new RepoTag(reference.familiarName(), reference.tag().orElse("latest"));
  }

  @Override
  public String toString() {
    return repository + ":" + tag;
  }
}
