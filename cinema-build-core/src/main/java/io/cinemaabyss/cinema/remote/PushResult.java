package io.cinemaabyss.cinema.remote;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a push put where: the index digest and each platform's manifest digest, in the pinned
 * {@code repository@sha256:...} form that Helm values and Kubernetes manifests use, the tags that
 * now name the index, and how the blobs got there.
 *
 * @param image the target as given, such as {@code ghcr.io/owner/movies:1.2.0}
 * @param repository the target without tag or digest, such as {@code ghcr.io/owner/movies}
 * @param previous the digest the main tag named before the push, or empty when it was new
 */
public record PushResult(
    String image,
    String repository,
    Digest digest,
    String mediaType,
    List<String> tags,
    List<PlatformManifest> platforms,
    BlobStats blobs,
    java.util.Optional<Digest> previous) {

  public PushResult {
    tags = List.copyOf(tags);
    platforms = List.copyOf(platforms);
  }

  /** One platform's manifest in the pushed index. */
  public record PlatformManifest(Platform platform, Digest digest, String mediaType, long size) {}

  /** How many blobs were uploaded, skipped (already there) or mounted, the bytes sent, and the time taken. */
  public record BlobStats(int uploaded, int skipped, int mounted, long uploadedBytes, long millis) {

    public static BlobStats of(List<BlobPush> blobs, long millis) {
      int uploaded = 0;
      int skipped = 0;
      int mounted = 0;
      long bytes = 0;
      for (BlobPush blob : blobs) {
        switch (blob.outcome()) {
          case UPLOADED -> {
            uploaded++;
            bytes += blob.bytes();
          }
          case SKIPPED -> skipped++;
          case MOUNTED -> mounted++;
        }
      }
      return new BlobStats(uploaded, skipped, mounted, bytes, millis);
    }
  }

  /** The index pinned by digest: {@code repository@sha256:...}. */
  public String pinned() {
    return repository + "@" + digest;
  }

  public String pinned(PlatformManifest platform) {
    return repository + "@" + platform.digest();
  }

  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("image", image);
    node.put("repository", repository);
    node.put("digest", digest.toString());
    node.put("pinned", pinned());
    node.put("mediaType", mediaType);
    ArrayNode tagsNode = node.putArray("tags");
    tags.forEach(tagsNode::add);
    previous.ifPresent(p -> node.put("previous", p.toString()));
    ArrayNode platformsNode = node.putArray("platforms");
    for (PlatformManifest platform : platforms) {
      ObjectNode entry = platformsNode.addObject();
      entry.put("platform", platform.platform().toString());
      entry.put("digest", platform.digest().toString());
      entry.put("pinned", pinned(platform));
      entry.put("mediaType", platform.mediaType());
      entry.put("size", platform.size());
    }
    ObjectNode blobsNode = node.putObject("blobs");
    blobsNode.put("uploaded", blobs.uploaded());
    blobsNode.put("skipped", blobs.skipped());
    blobsNode.put("mounted", blobs.mounted());
    blobsNode.put("uploadedBytes", blobs.uploadedBytes());
    blobsNode.put("millis", blobs.millis());
    return node;
  }

  /** Writes {@link #toJson()} to {@code file}, creating its directory. */
  public Path writeTo(Path file) {
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, Json.pretty(toJson()));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the push report " + file, e);
    }
  }

  /** A few lines a person can read: the pinned index, each platform pinned, and the blob counts. */
  public String summary() {
    String nl = System.lineSeparator();
    StringBuilder out = new StringBuilder();
    out.append("Pushed ").append(pinned()).append(nl);
    out.append("  tags: ").append(String.join(", ", tags))
        .append(previous.map(p -> " (was " + p + ")").orElse(" (new)")).append(nl);
    for (PlatformManifest platform : platforms) {
      out.append(String.format("  %-14s %s%n", platform.platform(), pinned(platform)));
    }
    out.append(String.format(
        "  blobs: %d uploaded (%,d bytes), %d skipped, %d mounted in %,d ms",
        blobs.uploaded(), blobs.uploadedBytes(), blobs.skipped(), blobs.mounted(), blobs.millis()));
    return out.toString();
  }
}
