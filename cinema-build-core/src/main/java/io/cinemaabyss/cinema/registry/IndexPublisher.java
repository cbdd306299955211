package io.cinemaabyss.cinema.registry;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.image.Json;
import io.cinemaabyss.cinema.oci.Platform;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The second half of every push, once the blobs are in: each platform's manifest by digest, then
 * the index by digest, read back and compared, and only then the tags. So a tag never names an
 * index whose children are not all in the registry.
 */
final class IndexPublisher {

  /** A platform's manifest exactly as it is to be stored. */
  record ManifestBytes(Platform platform, String digest, String mediaType, byte[] bytes) {}

  private final RegistryHttp http;
  private final PushProgress progress;
  private final BuildLog log;

  IndexPublisher(RegistryHttp http, PushProgress progress, BuildLog log) {
    this.http = http;
    this.progress = progress;
    this.log = log;
  }

  void publish(List<ManifestBytes> children, String indexMediaType, byte[] indexBytes, List<String> tags) {
    for (ManifestBytes child : children) {
      try {
        http.putManifest(child.digest(), child.mediaType(), child.bytes());
      } catch (CinemaException e) {
        throw progress.failed("pushing the " + child.platform() + " manifest " + child.digest(), e);
      }
      progress.manifestPushed(child.platform());
      log.info(String.format("%-14s manifest %s pushed", child.platform(), child.digest()));
    }
    String indexDigest = Json.sha256(indexBytes);
    try {
      http.putManifest(indexDigest, indexMediaType, indexBytes);
    } catch (CinemaException e) {
      throw progress.failed("pushing the index " + indexDigest, e);
    }
    progress.indexPushed();
    readBack(indexDigest, indexMediaType, indexBytes);
    log.info("Index " + indexDigest + " pushed and read back by digest (" + indexMediaType + ")");
    for (String tag : tags) {
      try {
        http.putManifest(tag, indexMediaType, indexBytes);
      } catch (CinemaException e) {
        throw progress.failed("tagging the index as '" + tag + "'", e);
      }
      progress.tagMoved(tag);
      log.info("Tag '" + tag + "' -> " + indexDigest);
    }
    if (!tags.isEmpty()) {
      String tag = tags.get(0);
      Optional<RegistryHttp.RawManifest> tagged = http.manifest(tag);
      if (tagged.isEmpty() || !tagged.get().digest().equals(indexDigest)) {
        throw progress.failed(
            "checking the tag '" + tag + "'",
            new CinemaException("the registry resolves it to " + tagged.map(RegistryHttp.RawManifest::digest).orElse("nothing")
                + " instead of " + indexDigest + "; another push may have moved it at the same time"));
      }
    }
  }

  /** Registries answer 404 for an OCI index asked for without its media type; RegistryHttp asks right. */
  private void readBack(String digest, String mediaType, byte[] bytes) {
    Optional<RegistryHttp.RawManifest> stored;
    try {
      stored = http.manifest(digest);
    } catch (CinemaException e) {
      throw progress.failed("reading the index " + digest + " back", e);
    }
    if (stored.isEmpty()) {
      throw progress.failed(
          "reading the index " + digest + " back",
          new CinemaException("the registry has no manifest " + digest + " right after accepting it"));
    }
    RegistryHttp.RawManifest raw = stored.get();
    if (!Arrays.equals(raw.bytes(), bytes) || (!raw.mediaType().isEmpty() && !raw.mediaType().equals(mediaType))) {
      throw progress.failed(
          "reading the index " + digest + " back",
          new CinemaException(
              "the registry returned other content (" + raw.mediaType() + ", digest " + raw.digest() + ", "
                  + raw.bytes().length + " bytes) than was pushed (" + mediaType + ", " + bytes.length
                  + " bytes); it may not support " + mediaType + ". Try cinema.format=DOCKER"));
    }
  }
}
