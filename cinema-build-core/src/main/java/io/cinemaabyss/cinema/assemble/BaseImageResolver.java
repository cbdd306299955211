package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.ConfigFile;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.oci.Reference;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import io.cinemaabyss.cinema.remote.RegistryCredentials;
import io.cinemaabyss.cinema.remote.RegistryStore;
import io.cinemaabyss.cinema.store.ImageNotFoundException;
import io.cinemaabyss.cinema.store.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resolves a base image reference to one manifest per target platform. */
public final class BaseImageResolver {

  private final RegistryAccess access;

  public BaseImageResolver(RegistryAccess access) {
    this.access = access;
  }

  /**
   * @throws CinemaException when the image cannot be read, or lacks one of the platforms (listing
   *     the platforms it has)
   */
  public BaseImage resolve(String name, List<Platform> platforms, RegistryCredentials credentials) {
    if (name == null || name.isBlank() || name.trim().equals(BaseImage.SCRATCH)) {
      return BaseImage.scratch();
    }
    Reference ref = RegistryAccess.parse(name);
    RegistryStore source = new RegistryStore(ref, access.http(ref, credentials, false));
    String qualifier = ref.qualifier();
    ImageContent top;
    try {
      top = source.manifest(qualifier);
    } catch (ImageNotFoundException e) {
      throw new CinemaException(
          "Base image " + name + " was not found in registry " + ref.host()
              + ". Check cinema.from (<from>): the repository and tag must exist, or use 'scratch'.");
    } catch (io.cinemaabyss.cinema.remote.RegistryException e) {
      throw new CinemaException("Cannot read base image " + name + ": " + e.getMessage(), e);
    }
    Map<Platform, String> chosen = new LinkedHashMap<>();
    if (top instanceof Index index) {
      List<Descriptor> entries = index.manifests();
      for (Platform platform : platforms) {
        Descriptor match =
            find(entries, platform)
                .orElseThrow(
                    () -> new CinemaException(
                        "Base image " + name + " has no " + platform + " entry; it has: "
                            + entries.stream().map(d -> d.platform().map(Platform::toString).orElse("unknown")).toList()
                            + ". Choose a multi-platform base (cinema.from) or drop " + platform + " from cinema.platforms."));
        chosen.put(platform, match.digest().toString());
      }
    } else {
      Platform own = configPlatform(source, (Manifest) top, name);
      for (Platform platform : platforms) {
        if (!own.equals(platform)) {
          throw new CinemaException(
              "Base image " + name + " is a single-platform image for " + own + ", so it cannot be the base of the "
                  + platform + " image. Use a multi-platform base (an index) in cinema.from, or build only " + own + ".");
        }
        chosen.put(platform, top.digest().toString());
      }
    }
    return new BaseImage(name.trim(), Optional.of(ref), Optional.of(top.digest().toString()), chosen);
  }

  static Optional<Descriptor> find(List<Descriptor> entries, Platform platform) {
    Optional<Descriptor> exact = entries.stream().filter(d -> d.platform().equals(Optional.of(platform))).findFirst();
    if (exact.isPresent() || platform.variant().isEmpty()) {
      return exact;
    }
    Platform plain = Platform.of(platform.os(), platform.architecture());
    return entries.stream().filter(d -> d.platform().equals(Optional.of(plain))).findFirst();
  }

  private static Platform configPlatform(ImageSource source, Manifest manifest, String name) {
    Descriptor config = manifest.config();
    try (InputStream in = source.blob(config)) {
      ConfigFile file = ConfigFile.parse(in.readAllBytes(), "The config " + config.digest() + " of base image " + name);
      return file.platform().orElseThrow(() -> new CinemaException(
          "The config of base image " + name + " names no platform this tool knows (" + file.platformText() + ")"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
