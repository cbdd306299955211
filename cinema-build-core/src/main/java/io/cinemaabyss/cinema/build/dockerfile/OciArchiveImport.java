package io.cinemaabyss.cinema.build.dockerfile;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.assemble.PlatformImage;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.ConfigFile;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Moves the images of an OCI archive ({@code docker buildx build --output type=oci}) into an OCI
 * layout: every blob, checked against its digest, and for each wanted platform its manifest.
 * Attestation manifests (platform unknown/unknown) are left out.
 */
final class OciArchiveImport {

  private OciArchiveImport() {}

  static List<PlatformImage> importInto(OciLayout layout, Path archive, List<Platform> platforms) {
    try (TarFile tar = new TarFile(archive)) {
      Index top = null;
      for (TarArchiveEntry e : tar.getEntries()) {
        String name = DockerArchiveImport.archiveName(e.getName());
        if (name.startsWith("blobs/sha256/") && e.isFile()) {
          try (InputStream in = tar.getInputStream(e)) {
            layout.importBlob("application/octet-stream", in, Optional.of(new Digest(Digest.SHA256, name.substring("blobs/sha256/".length()))));
          }
        } else if (name.equals("index.json")) {
          try (InputStream in = tar.getInputStream(e)) {
            top = Index.parse(in.readAllBytes(), archive + "!index.json");
          }
        }
      }
      if (top == null || top.manifests().isEmpty()) {
        throw new CinemaException(archive + " is not an OCI archive: it has no index.json with a manifest.");
      }
      List<Descriptor> candidates = new ArrayList<>();
      for (Descriptor d : top.manifests()) {
        if (d.isIndex()) {
          candidates.addAll(Index.parse(layout.readBlob(d.digest()), "index " + d.digest() + " of " + archive).manifests());
        } else {
          candidates.add(d);
        }
      }
      List<PlatformImage> images = new ArrayList<>();
      for (Platform platform : platforms) {
        PlatformImage image = null;
        for (Descriptor d : candidates) {
          Manifest manifest = Manifest.parse(layout.readBlob(d.digest()), "manifest " + d.digest() + " of " + archive);
          Digest configDigest = manifest.config().digest();
          Optional<Platform> actual = d.platform().or(() ->
              ConfigFile.parse(layout.readBlob(configDigest), "config " + configDigest + " of " + archive).platform());
          if (actual.isPresent() && actual.get().os().equals(platform.os()) && actual.get().architecture().equals(platform.architecture())
              && (platform.variant().isEmpty() || platform.variant().equals(actual.get().variant()))) {
            image = new PlatformImage(platform, new Descriptor(d.mediaType(), d.digest(), d.size()).withPlatform(platform), configDigest);
            break;
          }
        }
        if (image == null) {
          throw new CinemaException(archive + " has no image for " + platform + "; buildx built: " + candidates.stream().map(c -> c.platform().map(Platform::toString).orElse("?")).toList());
        }
        images.add(image);
      }
      return images;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the OCI archive " + archive, e);
    }
  }
}
