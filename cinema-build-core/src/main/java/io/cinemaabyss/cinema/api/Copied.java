package io.cinemaabyss.cinema.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.remote.PushResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a copy put where: the image in one line, the pinned digests, the tags and how the blobs got there. */
public final class Copied {

  private final Optional<PushResult> push;
  private final ImageSummary summary;
  private final String source;
  private final String pinned;
  private final List<String> tags;
  private final int blobsWritten;

  private Copied(Optional<PushResult> push, ImageSummary summary, String source, String pinned, List<String> tags, int blobsWritten) {
    this.push = push;
    this.summary = summary;
    this.source = source;
    this.pinned = pinned;
    this.tags = List.copyOf(tags);
    this.blobsWritten = blobsWritten;
  }

  /** A push to a registry. */
  Copied(PushResult result, ImageSummary summary) {
    this(Optional.of(result), summary, "", result.pinned(), result.tags(), result.blobs().uploaded());
  }

  /** A copy into an OCI layout, which now has {@code blobsWritten} blobs it did not have. */
  static Copied intoLayout(Location source, Layout target, ImageSummary summary, List<String> tags, int blobsWritten) {
    return new Copied(Optional.empty(), summary, source.name(), Layout.at(target.directory()).tag(summary.digest()).name(), tags, blobsWritten);
  }

  public ImageSummary summary() {
    return summary;
  }

  public String digest() {
    return summary.digest();
  }

  /**
   * The image pinned by digest: {@code repository@sha256:...} in a registry (for Helm values and
   * Kubernetes manifests), {@code oci:DIR:sha256:...} in a layout.
   */
  public String pinned() {
    return pinned;
  }

  /** The tags that now name the image. */
  public List<String> tags() {
    return tags;
  }

  /** How many blobs were uploaded, or written into the layout (the others were there already, or mounted). */
  public int blobsUploaded() {
    return blobsWritten;
  }

  /** A few lines for a person: pinned index and platforms, tags, blob counts. */
  public String details() {
    return push.map(PushResult::summary).orElseGet(() -> "Copied " + source + " to " + pinned + System.lineSeparator()
        + "  tags: " + String.join(", ", tags) + System.lineSeparator()
        + "  blobs: " + blobsWritten + " written, the others were in the layout already");
  }

  public String toJson() {
    return Json.pretty(json());
  }

  ObjectNode json() {
    if (push.isPresent()) {
      return push.get().toJson();
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("source", source);
    node.put("image", summary.reference());
    node.put("digest", summary.digest());
    node.put("pinned", pinned);
    tags.forEach(node.putArray("tags")::add);
    summary.platforms().stream().map(Platform::toString).forEach(node.putArray("platforms")::add);
    node.put("blobsWritten", blobsWritten);
    node.put("size", summary.size());
    return node;
  }

  public Path writeReport(Path file) {
    return Reports.write(json(), file);
  }

  @Override
  public String toString() {
    return summary.line();
  }
}
