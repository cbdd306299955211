package io.cinemaabyss.cinema.inspect;

import com.google.cloud.tools.jib.api.ImageReference;
import io.cinemaabyss.cinema.image.Descriptor;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.registry.RegistryAccess;
import io.cinemaabyss.cinema.registry.RegistryCredentials;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where an image is read from: an OCI image layout or a registry repository. Both give the same
 * two things, so inspection and verification work the same way on either: manifests and indexes by
 * tag or digest (exact bytes), and blobs as streams.
 */
public interface ImageSource {

  /** Manifests and indexes over this size are refused, as registries refuse them. */
  int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  /** How to name this source in messages, such as {@code 127.0.0.1:5000/movies:1.0}. */
  String name();

  /** The reference the inspection starts from: a tag or a digest. */
  String reference();

  /**
   * The manifest or index that {@code reference} (a tag or a {@code sha256:} digest) names.
   *
   * @throws ImageNotFoundException when the source has none
   */
  ManifestContent manifest(String reference);

  /** Opens a blob (config or layer) for streaming; the caller closes it. */
  InputStream blob(Descriptor descriptor);

  /**
   * The image {@code reference} (a tag, a digest, or empty for its only image) in the OCI image
   * layout at {@code directory}.
   */
  static ImageSource layout(Path directory, String reference) {
    return new LayoutImageSource(OciLayout.open(directory), reference);
  }

  /** The image {@code reference}, such as {@code ghcr.io/owner/movies:1.0}, in its registry. */
  static ImageSource registry(String reference, RegistryAccess access, RegistryCredentials credentials) {
    ImageReference image = RegistryAccess.parse(reference);
    return new RegistryImageSource(image, access.http(image, credentials, false));
  }

  /** Like {@link #registry(String, RegistryAccess, RegistryCredentials)}, with the standard credential chain. */
  static ImageSource registry(String reference, RegistryAccess access) {
    ImageReference image = RegistryAccess.parse(reference);
    RegistryCredentials credentials =
        RegistryCredentials.standard(image, java.util.List.of(), System.getenv(), access.log());
    return new RegistryImageSource(image, access.http(image, credentials, false));
  }
}
