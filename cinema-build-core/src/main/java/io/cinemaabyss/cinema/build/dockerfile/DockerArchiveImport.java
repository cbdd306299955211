package io.cinemaabyss.cinema.build.dockerfile;

import com.fasterxml.jackson.databind.JsonNode;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.assemble.PlatformImage;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.ConfigFile;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Moves one image from a {@code docker save} archive into an OCI layout: layers as they are when
 * gzip-compressed, else gzipped deterministically (no name, no time), the config as it is, and a
 * new manifest over them.
 */
final class DockerArchiveImport {

  private DockerArchiveImport() {}

  /**
   * Imports the archive's (only) image as {@code platform}'s image. When {@code setPlatform} is true
   * and the config names another platform (the classic builder writes the daemon's own
   * architecture into images FROM scratch), the config's os/architecture/variant are set to
   * {@code platform}.
   */
  static PlatformImage importInto(OciLayout layout, Path archive, Platform platform, IndexFormat format, boolean setPlatform, Path work) {
    try (TarFile tar = new TarFile(archive)) {
      JsonNode manifests = Json.parse(read(tar, "manifest.json"), archive + "!manifest.json");
      if (!manifests.isArray() || manifests.size() != 1) {
        throw new CinemaException(archive + " holds " + manifests.size() + " images; expected the one just built.");
      }
      JsonNode entry = manifests.get(0);
      ConfigFile config = ConfigFile.parse(read(tar, entry.path("Config").asText()), archive + "!" + entry.path("Config").asText());
      List<Digest> diffIds = config.diffIds();
      JsonNode layerPaths = entry.path("Layers");
      if (diffIds.size() != layerPaths.size()) {
        throw new CinemaException(archive + ": the config lists " + diffIds.size() + " layers, the archive " + layerPaths.size());
      }
      boolean oci = format == IndexFormat.OCI;
      List<Descriptor> layers = new ArrayList<>();
      for (int i = 0; i < layerPaths.size(); i++) {
        Descriptor layer = importLayer(layout, tar, layerPaths.get(i).asText(), diffIds.get(i), work);
        layers.add(new Descriptor(oci ? MediaType.OCI_LAYER_GZIP.value() : MediaType.DOCKER_LAYER_GZIP.value(), layer.digest(), layer.size()));
      }
      if (setPlatform && !sameArchitecture(config, platform)) {
        config = config.withPlatform(platform);
      }
      Descriptor configDescriptor = layout.writeBlob(oci ? MediaType.OCI_CONFIG.value() : MediaType.DOCKER_CONFIG.value(), config.bytes());
      Descriptor manifestDescriptor =
          layout.write(Manifest.of(format.manifestMediaType(), configDescriptor, layers, java.util.Map.of())).withPlatform(platform);
      return new PlatformImage(platform, manifestDescriptor, configDescriptor.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the image archive " + archive, e);
    }
  }

  static boolean sameArchitecture(ConfigFile config, Platform platform) {
    return config.platform()
        .map(actual -> actual.os().equals(platform.os()) && actual.architecture().equals(platform.architecture()))
        .orElse(false);
  }

  private static Descriptor importLayer(OciLayout layout, TarFile tar, String path, Digest diffId, Path work) throws IOException {
    TarArchiveEntry entry = find(tar, path);
    try (InputStream raw = new BufferedInputStream(tar.getInputStream(entry), 65536)) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      if (gzip) {
        return layout.importBlob(MediaType.OCI_LAYER_GZIP.value(), raw, Optional.empty());
      }
      Files.createDirectories(work);
      Path gz = Files.createTempFile(work, "layer-", ".tar.gz");
      try {
        GzipParameters parameters = new GzipParameters();
        parameters.setModificationTime(0);
        Digest.Sha256InputStream digesting = new Digest.Sha256InputStream(raw);
        try (digesting; OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(gz), parameters)) {
          digesting.transferTo(out);
        }
        Digest actual = digesting.digest();
        if (!actual.equals(diffId)) {
          throw new CinemaException("Layer " + path + " of the saved image has digest " + actual + " but its config says " + diffId);
        }
        try (InputStream in = Files.newInputStream(gz)) {
          return layout.importBlob(MediaType.OCI_LAYER_GZIP.value(), in, Optional.empty());
        }
      } finally {
        Files.deleteIfExists(gz);
      }
    }
  }

  private static byte[] read(TarFile tar, String path) throws IOException {
    try (InputStream in = tar.getInputStream(find(tar, path))) {
      return in.readAllBytes();
    }
  }

  /** The entry at {@code path}, following a symlink entry (docker save links layers it has already written). */
  private static TarArchiveEntry find(TarFile tar, String path) {
    String wanted = archiveName(path);
    for (int hops = 0; hops < 10; hops++) {
      TarArchiveEntry found = null;
      for (TarArchiveEntry e : tar.getEntries()) {
        if (archiveName(e.getName()).equals(wanted)) {
          found = e;
        }
      }
      if (found == null) {
        throw new CinemaException("The image archive has no " + path);
      }
      if (!found.isSymbolicLink()) {
        return found;
      }
      String dir = wanted.contains("/") ? wanted.substring(0, wanted.lastIndexOf('/') + 1) : "";
      wanted = archiveName(Path.of(dir + found.getLinkName()).normalize().toString());
    }
    throw new CinemaException("The image archive's entry " + path + " is a symlink loop");
  }

  /** A tar entry name without leading {@code ./} or {@code /} and trailing {@code /}, for comparing names. */
  static String archiveName(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    while (n.startsWith("/")) {
      n = n.substring(1);
    }
    while (n.endsWith("/")) {
      n = n.substring(0, n.length() - 1);
    }
    return n.equals(".") ? "" : n;
  }
}
