package io.cinemaabyss.cinema.sink;

import com.google.cloud.tools.jib.api.ImageReference;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.remote.RegistryAccess;

/**
 * The name a docker archive or a daemon gives an image: {@code repository:tag}, the repository as
 * Docker writes it ({@code movies} for Docker Hub's {@code library/movies}, else with its registry).
 */
public record RepoTag(String repository, String tag) {

  /** The name of {@code image}, such as {@code ghcr.io/owner/movies:1.0}; no tag is {@code latest}. */
  public static RepoTag of(String image) {
    ImageReference reference = RegistryAccess.parse(image);
    if (reference.getTag().isEmpty()) {
      throw new CinemaException("The image '" + image + "' has a digest but no tag: Docker names a loaded image by"
          + " repository:tag, so give cinema.image a tag, such as " + ImageReference.of(reference.getRegistry(),
          reference.getRepository(), null) + ":1.0.");
    }
    String repository = ImageReference.of(reference.getRegistry(), reference.getRepository(), null).toString();
    return new RepoTag(repository, reference.getTag().get());
  }

  @Override
  public String toString() {
    return repository + ":" + tag;
  }
}
