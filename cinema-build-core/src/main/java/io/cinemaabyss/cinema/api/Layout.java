package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.layout.OciLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An OCI image layout directory and, optionally, the tag (or {@code sha256:} digest) of one image
 * in it. As a sink it needs a tag; as a source without one it means the layout's only image.
 */
public record Layout(Path directory, Optional<String> reference) implements Location {

  public Layout {
    if (directory == null) {
      throw new CinemaException("No OCI layout directory given.");
    }
    reference = reference.map(String::trim).filter(r -> !r.isEmpty());
  }

  /** The layout at {@code directory} (created when written to). */
  public static Layout at(Path directory) {
    return new Layout(directory, Optional.empty());
  }

  /** The image tagged (or with the digest) {@code tagOrDigest} in this layout. */
  public Layout tag(String tagOrDigest) {
    return new Layout(directory, Optional.ofNullable(tagOrDigest));
  }

  /**
   * Whether the directory is an OCI layout holding this layout's image: its tag or digest names an
   * entry of index.json (false without a reference, and for a directory that is no layout).
   */
  public boolean exists() {
    if (reference.isEmpty() || !Files.isRegularFile(directory.resolve("index.json"))) {
      return false;
    }
    OciLayout oci = OciLayout.open(directory);
    String ref = reference.get();
    return oci.resolve(ref).isPresent() || oci.entries().stream().anyMatch(d -> d.digest().toString().equals(ref));
  }

  /** The tag, required where the layout is written to. */
  String requireTag() {
    return reference.orElseThrow(() -> new CinemaException(
        "No tag for the OCI layout " + directory + ": give one with Layout.at(dir).tag(\"1.0.0\")."));
  }

  @Override
  public String name() {
    return "oci:" + directory + reference.map(r -> ":" + r).orElse("");
  }
}
