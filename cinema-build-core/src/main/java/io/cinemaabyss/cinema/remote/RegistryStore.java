package io.cinemaabyss.cinema.remote;

import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.Reference;
import io.cinemaabyss.cinema.store.ImageNotFoundException;
import io.cinemaabyss.cinema.store.ImageSource;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** An image in a registry repository, read through {@link RegistryHttp} for the exact bytes. */
public final class RegistryStore implements ImageSource {

  private final Reference image;
  private final RegistryHttp http;

  public RegistryStore(Reference image, RegistryHttp http) {
    this.image = image;
    this.http = http;
  }

  /** The image {@code reference}, such as {@code ghcr.io/owner/movies:1.0}, in its registry. */
  public static RegistryStore of(String reference, RegistryAccess access, RegistryCredentials credentials) {
    Reference image = RegistryAccess.parse(reference);
    return new RegistryStore(image, access.http(image, credentials, false));
  }

  /** Like {@link #of(String, RegistryAccess, RegistryCredentials)}, with the standard credential chain. */
  public static RegistryStore of(String reference, RegistryAccess access) {
    Reference image = RegistryAccess.parse(reference);
    return new RegistryStore(image, access.http(image, RegistryCredentials.standard(image, List.of(), System.getenv(), access.log()), false));
  }

  public Reference image() {
    return image;
  }

  @Override
  public String name() {
    return image.familiarString();
  }

  @Override
  public String reference() {
    return image.qualifier();
  }

  @Override
  public ImageContent manifest(String reference) {
    String ref = reference == null || reference.isBlank() ? image.qualifier() : reference.trim();
    return http.manifest(ref).orElseThrow(() -> new ImageNotFoundException(
        "No manifest '" + ref + "' in " + image.host() + "/" + image.repository()
            + ": the tag or digest does not exist there. Check the image reference (cinema.image), or push the image first."));
  }

  /** Through the referrers API where the registry has it, else the {@code sha256-<hex>} tag of the referrers tag schema. */
  @Override
  public List<Descriptor> referrers(Digest subject) {
    Optional<Index> api = http.referrers(subject.toString());
    if (api.isPresent()) {
      return api.get().manifests();
    }
    return http.manifest(ReferrersTag.of(subject))
        .filter(Index.class::isInstance)
        .map(content -> ((Index) content).manifests())
        .orElse(List.of());
  }

  @Override
  public InputStream blob(Descriptor descriptor) {
    return http.blob(descriptor.digest().toString(), descriptor.size());
  }
}
