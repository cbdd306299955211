package io.cinemaabyss.cinema.store;

import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.InvalidContentException;
import io.cinemaabyss.cinema.oci.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Copies an image from a source to a sink in the one safe order: the blobs of every manifest and of
 * the referrers of each (SBOM, provenance), those the sink has skipped, then each manifest, then
 * the referrers, then the index, then the tags. A failure on the way moves no tag.
 *
 * <pre>{@code
 * ImageCopy.Result r = ImageCopy.copy(LayoutStore.open(dir, "1.0"), "1.0", MemoryStore.create(), List.of("1.0"));
 * }</pre>
 */
public final class ImageCopy {

  private ImageCopy() {}

  /**
   * What was copied: the top manifest or index, the manifests below it with their index entries,
   * and the artifact manifests that refer to those (each with its {@code subject}).
   */
  public record Result(ImageContent root, List<Child> children, List<Manifest> referrers) {
    public Result {
      children = List.copyOf(children);
      referrers = List.copyOf(referrers);
    }

    public Result(ImageContent root, List<Child> children) {
      this(root, children, List.of());
    }
  }

  /** A manifest as its index names it. */
  public record Child(Descriptor entry, Manifest manifest) {}

  /** Copies what {@code reference} names in {@code source} to {@code sink} and tags it there with {@code tags}. */
  public static Result copy(ImageSource source, String reference, ImageSink sink, List<String> tags) {
    return copy(source, plan(source, source.manifest(reference)), sink, tags);
  }

  /** Copies what {@link #plan} found in {@code source} to {@code sink} and tags it there with {@code tags}. */
  public static Result copy(ImageSource source, Result result, ImageSink sink, List<String> tags) {
    ImageContent root = result.root();
    // every blob first, the referrers' with the platform of their subject, in one call so a sink can send them all at once
    List<ImageSink.ManifestBlobs> blobs = new ArrayList<>();
    for (Child child : result.children()) {
      blobs.add(new ImageSink.ManifestBlobs(child.entry(), blobsOf(source, child.manifest())));
    }
    List<ImageSink.Blob> unplaced = new ArrayList<>();
    for (Manifest referrer : result.referrers()) {
      // named with its subject's platform, so that a registry sink reports its blobs with that platform's
      Optional<Descriptor> entry = result.children().stream()
          .filter(c -> referrer.subject().map(Descriptor::digest).filter(c.manifest().digest()::equals).isPresent())
          .findFirst().flatMap(c -> c.entry().platform()).map(p -> referrer.descriptor().withPlatform(p));
      if (entry.isPresent()) {
        blobs.add(new ImageSink.ManifestBlobs(entry.get(), blobsOf(source, referrer)));
      } else {
        unplaced.addAll(blobsOf(source, referrer));
      }
    }
    sink.putBlobs(blobs);
    for (ImageSink.Blob blob : unplaced) {
      if (!sink.hasBlob(blob.descriptor().digest())) {
        sink.putBlob(blob.descriptor(), blob.content());
      }
    }
    for (Child child : result.children()) {
      if (child.manifest() != root) {
        sink.putManifest(child.entry(), child.manifest());
      }
    }
    if (!result.referrers().isEmpty()) {
      sink.putReferrers(result.referrers());
    }
    sink.putManifest(root.descriptor(), root);
    for (String tag : tags) {
      sink.tag(tag, root);
    }
    return result;
  }

  private static List<ImageSink.Blob> blobsOf(ImageSource source, Manifest manifest) {
    List<ImageSink.Blob> of = new ArrayList<>();
    for (Descriptor blob : manifest.blobs()) {
      of.add(new ImageSink.Blob(blob, () -> source.blob(blob)));
    }
    return of;
  }

  /** The manifests {@code root} reaches (itself when it is one), each read once from {@code source}. */
  public static Result plan(ImageSource source, ImageContent root) {
    List<Child> children = new ArrayList<>();
    if (root instanceof Manifest manifest) {
      children.add(new Child(root.descriptor(), manifest));
    } else {
      for (Descriptor entry : ((Index) root).manifests()) {
        ImageContent child = source.manifest(entry.digest().toString());
        if (!(child instanceof Manifest manifest)) {
          throw new InvalidContentException(
              "The index " + root.digest() + " of " + source.name() + " names another index (" + entry.digest()
                  + "); nested indexes are not copied.");
        }
        children.add(new Child(entry, manifest));
      }
    }
    List<Manifest> referrers = new ArrayList<>();
    for (Child child : children) {
      for (Descriptor referrer : source.referrers(child.manifest().digest())) {
        if (referrer.isManifest() && referrers.stream().noneMatch(r -> r.digest().equals(referrer.digest()))
            && source.manifest(referrer.digest().toString()) instanceof Manifest manifest) {
          referrers.add(manifest);
        }
      }
    }
    return new Result(root, children, referrers);
  }
}
