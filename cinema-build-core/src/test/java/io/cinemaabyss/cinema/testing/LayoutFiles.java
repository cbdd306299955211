package io.cinemaabyss.cinema.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Test-side reading of an image in a layout: its manifest, config, and a file from its layers. */
public final class LayoutFiles {

  private LayoutFiles() {}

  public static JsonNode index(OciLayout layout, String tag) {
    Digest digest = layout.resolve(tag).orElseThrow(() -> new AssertionError("no tag " + tag)).digest();
    return Json.parse(layout.readBlob(digest), "index");
  }

  public static JsonNode manifest(OciLayout layout, String tag, Platform platform) {
    for (JsonNode entry : index(layout, tag).path("manifests")) {
      JsonNode p = entry.path("platform");
      if (new Platform(p.path("os").asText(), p.path("architecture").asText(), p.path("variant").asText("")).equals(platform)) {
        return Json.parse(layout.readBlob(Digest.parse(entry.path("digest").asText())), "manifest");
      }
    }
    throw new AssertionError("no " + platform + " in " + tag);
  }

  public static JsonNode config(OciLayout layout, String tag, Platform platform) {
    return Json.parse(layout.readBlob(Digest.parse(manifest(layout, tag, platform).path("config").path("digest").asText())), "config");
  }

  /** Copies {@code path} (no leading slash) from the platform's layers, the last layer that has it winning. */
  public static Optional<Path> extract(OciLayout layout, String tag, Platform platform, String path, Path dest) throws IOException {
    Optional<Path> found = Optional.empty();
    for (JsonNode layer : manifest(layout, tag, platform).path("layers")) {
      try (InputStream raw = layout.openBlob(Digest.parse(layer.path("digest").asText()))) {
        Optional<TarArchiveInputStream> file = find(raw, path);
        if (file.isPresent()) {
          Files.createDirectories(dest.getParent());
          Files.copy(file.get(), dest, StandardCopyOption.REPLACE_EXISTING);
          dest.toFile().setExecutable(true);
          found = Optional.of(dest);
        }
      }
    }
    return found;
  }

  /** The first {@code limit} bytes of {@code path} (no leading slash) in one layer blob, if it is there. */
  public static Optional<byte[]> head(Path layer, String path, int limit) throws IOException {
    try (InputStream raw = Files.newInputStream(layer)) {
      Optional<TarArchiveInputStream> file = find(raw, path);
      return file.isPresent() ? Optional.of(file.get().readNBytes(limit)) : Optional.empty();
    }
  }

  /** The gzipped layer {@code raw}, positioned at the regular file {@code path}; closing {@code raw} closes it. */
  private static Optional<TarArchiveInputStream> find(InputStream raw, String path) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(raw)));
    TarArchiveEntry entry;
    while ((entry = tar.getNextTarEntry()) != null) {
      String name = entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
      if (name.equals(path) && entry.isFile()) {
        return Optional.of(tar);
      }
    }
    return Optional.empty();
  }
}
