package io.cinemaabyss.cinema.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Reads files out of an image layer (a gzipped tar), as a runtime would unpack them. */
public final class LayerFiles {

  private LayerFiles() {}

  /** The first {@code limit} bytes of {@code path} (no leading slash) in the layer, if it is there. */
  public static Optional<byte[]> head(Path layer, String path, int limit) throws IOException {
    try (InputStream file = new BufferedInputStream(Files.newInputStream(layer));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
        if (name.equals(path) && entry.isFile()) {
          return Optional.of(tar.readNBytes(limit));
        }
      }
    }
    return Optional.empty();
  }
}
