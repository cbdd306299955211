package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.registry.PushResult;
import java.nio.file.Path;
import java.util.List;

/** What a copy put where: the image in one line, the pinned digests, the tags and how the blobs got there. */
public final class Copied {

  private final PushResult result;
  private final ImageSummary summary;

  Copied(PushResult result, ImageSummary summary) {
    this.result = result;
    this.summary = summary;
  }

  public ImageSummary summary() {
    return summary;
  }

  public String digest() {
    return result.digest().toString();
  }

  /** The image pinned by digest, {@code repository@sha256:...}, for Helm values and Kubernetes manifests. */
  public String pinned() {
    return result.pinned();
  }

  /** The tags that now name the image. */
  public List<String> tags() {
    return result.tags();
  }

  /** How many blobs were uploaded (the others were there already or mounted). */
  public int blobsUploaded() {
    return result.blobs().uploaded();
  }

  /** A few lines for a person: pinned index and platforms, tags, blob counts. */
  public String details() {
    return result.summary();
  }

  public String toJson() {
    return io.cinemaabyss.cinema.image.Json.pretty(result.toJson());
  }

  com.fasterxml.jackson.databind.node.ObjectNode json() {
    return result.toJson();
  }

  public Path writeReport(Path file) {
    return Reports.write(result.toJson(), file);
  }

  @Override
  public String toString() {
    return summary.line();
  }
}
