package io.cinemaabyss.cinema.inspect;

import com.google.cloud.tools.jib.api.ImageReference;
import io.cinemaabyss.cinema.image.Descriptor;
import io.cinemaabyss.cinema.registry.RegistryHttp;
import java.io.InputStream;
import java.util.Optional;

/** An image in a registry repository, read through {@link RegistryHttp} for the exact bytes. */
public final class RegistryImageSource implements ImageSource {

  private final ImageReference image;
  private final RegistryHttp http;

  public RegistryImageSource(ImageReference image, RegistryHttp http) {
    this.image = image;
    this.http = http;
  }

  public ImageReference image() {
    return image;
  }

  @Override
  public String name() {
    return image.toString();
  }

  @Override
  public String reference() {
    return image.getQualifier();
  }

  @Override
  public ManifestContent manifest(String reference) {
    String ref = reference == null || reference.isBlank() ? image.getQualifier() : reference.trim();
    Optional<RegistryHttp.RawManifest> raw = http.manifest(ref);
    if (raw.isEmpty()) {
      throw new ImageNotFoundException(
          "No manifest '" + ref + "' in " + image.getRegistry() + "/" + image.getRepository()
              + ": the tag or digest does not exist there. Check the image reference (cinema.image), or push the image first.");
    }
    return new ManifestContent(raw.get().mediaType(), raw.get().digest(), raw.get().bytes());
  }

  @Override
  public InputStream blob(Descriptor descriptor) {
    return http.blob(descriptor.digest(), descriptor.size());
  }
}
