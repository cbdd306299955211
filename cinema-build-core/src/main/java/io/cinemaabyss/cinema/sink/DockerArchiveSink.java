package io.cinemaabyss.cinema.sink;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.store.DigestCheckingInputStream;
import io.cinemaabyss.cinema.store.ImageSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes one platform's image as a docker-archive tarball, the format of {@code docker save} that
 * {@code docker load} and {@code podman load} read: {@code manifest.json} (Config, RepoTags,
 * Layers), the config blob as {@code <hex>.json}, each layer as the source holds it (gzip layers
 * stay gzip, so their digests are kept) as {@code <hex>.tar.gz}, and {@code repositories}. Every
 * blob is checked against its descriptor's digest and size while it is copied; a mismatch fails the
 * write, and a file target is then not left behind.
 */
public final class DockerArchiveSink {

  /** Layer media types a docker-archive can carry: gzip as is, plain tar as is. */
  private static final Map<String, String> LAYER_SUFFIX = Map.of(
      MediaType.OCI_LAYER_GZIP.value(), ".tar.gz",
      MediaType.DOCKER_LAYER_GZIP.value(), ".tar.gz",
      MediaType.OCI_LAYER.value(), ".tar",
      "application/vnd.docker.image.rootfs.diff.tar", ".tar");

  private static final Set<MediaType> CONFIG_TYPES = Set.of(MediaType.OCI_CONFIG, MediaType.DOCKER_CONFIG);

  private final ImageSource source;

  public DockerArchiveSink(ImageSource source) {
    this.source = source;
  }

  /**
   * Writes the image whose manifest {@code manifest} (a digest or tag of the source) names to
   * {@code file}, tagged {@code repoTag}; the file appears only once it is complete.
   */
  public Path write(String manifest, RepoTag repoTag, Path file) {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
        write(manifest, repoTag, out);
      }
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the docker archive " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // only a leftover of a failed write, replaced by the next one
      }
    }
  }

  /** Writes the image whose manifest has {@code manifest} as its digest; see {@link #write(String, RepoTag, Path)}. */
  public Path write(Digest manifest, RepoTag repoTag, Path file) {
    return write(manifest.toString(), repoTag, file);
  }

  /** Streams the archive to {@code out} (left open). */
  public void write(String manifest, RepoTag repoTag, OutputStream out) throws IOException {
    ImageContent content = source.manifest(manifest);
    if (!(content instanceof Manifest image)) {
      throw new CinemaException(
          source.name() + ": " + manifest + " is a " + content.mediaType() + ", not one platform's image manifest: a docker"
              + " archive holds one platform; name that platform's manifest.");
    }
    Descriptor config = image.config();
    if (!CONFIG_TYPES.contains(config.type())) {
      throw new CinemaException(source.name() + ": the config of " + content.digest() + " is a '" + config.mediaType()
          + "', not an image config: it is not a container image (an artifact?) and cannot be loaded into Docker.");
    }
    List<Descriptor> layers = image.layers();

    TarArchiveOutputStream tar = new TarArchiveOutputStream(nonClosing(out));
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    String configName = hex(config) + ".json";
    copy(tar, config, configName);
    List<String> layerNames = new ArrayList<>();
    Map<Digest, String> written = new LinkedHashMap<>();
    for (Descriptor layer : layers) {
      String suffix = LAYER_SUFFIX.get(layer.mediaType());
      if (suffix == null) {
        throw new CinemaException(source.name() + ": layer " + layer.digest() + " of " + content.digest() + " is a '"
            + layer.mediaType() + "'; a docker archive carries gzip or plain tar layers only (Docker 20.10 reads no zstd"
            + " or foreign layers). Rebuild the image with gzip layers.");
      }
      String name = hex(layer) + suffix;
      if (written.putIfAbsent(layer.digest(), name) == null) {
        copy(tar, layer, name);
      }
      layerNames.add(name);
    }
    ArrayNode manifestJson = JsonNodeFactory.instance.arrayNode();
    ObjectNode entry = manifestJson.addObject();
    entry.put("Config", configName);
    entry.putArray("RepoTags").add(repoTag.toString());
    ArrayNode layerArray = entry.putArray("Layers");
    layerNames.forEach(layerArray::add);
    file(tar, "manifest.json", Json.bytes(manifestJson));
    // For tools that read only the legacy index: the tag, and the image ID (the config's digest) it names.
    ObjectNode repositories = JsonNodeFactory.instance.objectNode();
    repositories.putObject(repoTag.repository()).put(repoTag.tag(), hex(config));
    file(tar, "repositories", Json.bytes(repositories));
    tar.finish();
    tar.flush();
  }

  private void copy(TarArchiveOutputStream tar, Descriptor blob, String name) throws IOException {
    TarArchiveEntry entry = entry(name, blob.size());
    tar.putArchiveEntry(entry);
    String what = "Blob " + blob.digest() + " of " + source.name();
    try (InputStream in = new DigestCheckingInputStream(source.blob(blob), blob.digest().toString(), blob.size(), what)) {
      long copied = in.transferTo(tar);
      if (copied != blob.size()) {
        // DigestCheckingInputStream has already failed on a short or long blob; this guards the tar entry
        throw new CinemaException(what + " is " + copied + " bytes, not the " + blob.size() + " its descriptor says.");
      }
    }
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
    tar.putArchiveEntry(entry(name, bytes.length));
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static TarArchiveEntry entry(String name, long size) {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    entry.setMode(0100644);
    entry.setModTime(0);
    return entry;
  }

  private static String hex(Descriptor blob) {
    Digest digest = blob.digest();
    if (!digest.algorithm().equals("sha256")) {
      throw new CinemaException("'" + digest + "' is not a sha256 digest; only sha256 images can be written as a docker archive.");
    }
    return digest.hex();
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
