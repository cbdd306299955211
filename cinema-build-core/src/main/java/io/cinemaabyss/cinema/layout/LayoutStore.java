package io.cinemaabyss.cinema.layout;

import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.InvalidContentException;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.store.ImageNotFoundException;
import io.cinemaabyss.cinema.store.ImageSink;
import io.cinemaabyss.cinema.store.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An OCI image layout as an image source and sink. The reference is a tag (an
 * {@code org.opencontainers.image.ref.name} of index.json), a digest, or empty for the layout's
 * only image. Tagging an index also tags each of its platforms ({@link OciLayout#tagIndex}).
 */
public final class LayoutStore implements ImageSource, ImageSink {

  private final OciLayout layout;
  private final String reference;
  private final List<Manifest> referrers = new java.util.concurrent.CopyOnWriteArrayList<>();

  public LayoutStore(OciLayout layout, String reference) {
    this.layout = Objects.requireNonNull(layout);
    this.reference = reference == null ? "" : reference.trim();
  }

  /** The image {@code reference} (a tag, a digest, or empty for its only image) in the existing layout at {@code directory}. */
  public static LayoutStore open(Path directory, String reference) {
    return new LayoutStore(OciLayout.open(directory), reference);
  }

  /** The layout at {@code directory}, created when there is none, to write to. */
  public static LayoutStore create(Path directory) {
    return new LayoutStore(OciLayout.create(directory), "");
  }

  public OciLayout layout() {
    return layout;
  }

  @Override
  public String name() {
    return "OCI layout " + layout.root() + (reference.isEmpty() ? "" : " (" + reference + ")");
  }

  @Override
  public String reference() {
    return reference;
  }

  @Override
  public ImageContent manifest(String ref) {
    String wanted = ref == null || ref.isBlank() ? reference : ref.trim();
    if (Digest.isDigest(wanted)) {
      Digest digest = Digest.parse(wanted);
      Optional<Descriptor> entry = layout.entries().stream().filter(d -> d.digest().equals(digest)).findFirst();
      return read(digest, entry.map(Descriptor::mediaType).orElse(""));
    }
    List<Descriptor> entries = layout.images();
    Optional<Descriptor> entry;
    if (wanted.isEmpty()) {
      if (entries.size() != 1) {
        throw new ImageNotFoundException(
            "The OCI layout " + layout.root() + " holds " + entries.size() + " images " + tags(entries)
                + ": name one with a tag or digest.");
      }
      entry = Optional.of(entries.get(0));
    } else {
      entry = layout.resolve(wanted);
    }
    if (entry.isEmpty()) {
      throw new ImageNotFoundException(
          "No image tagged '" + wanted + "' in the OCI layout " + layout.root() + "; it has " + tags(entries)
              + ". Build it first (mvn package) or name one of those tags.");
    }
    return read(entry.get().digest(), entry.get().mediaType());
  }

  @Override
  public InputStream blob(Descriptor descriptor) {
    try {
      return new io.cinemaabyss.cinema.store.DigestCheckingInputStream(
          layout.openBlob(descriptor.digest()), descriptor.digest().toString(), descriptor.size(),
          "Blob " + descriptor.digest() + " of the OCI layout " + layout.root());
    } catch (NoSuchFileException e) {
      throw new ImageNotFoundException(
          "Blob " + descriptor.digest() + " is missing from the OCI layout " + layout.root()
              + ": the layout is incomplete; rebuild or re-copy it.");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read blob " + descriptor.digest() + " of " + layout.root(), e);
    }
  }

  @Override
  public boolean hasBlob(Digest digest) {
    return layout.hasBlob(digest);
  }

  @Override
  public void putBlob(Descriptor blob, Supplier<InputStream> content) {
    try (InputStream in = content.get()) {
      layout.importBlob(blob.mediaType(), in, Optional.of(blob.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read blob " + blob.digest() + " to store it in " + layout.root(), e);
    }
  }

  @Override
  public void putManifest(Descriptor entry, ImageContent content) {
    layout.write(content);
  }

  @Override
  public List<Descriptor> referrers(Digest subject) {
    return layout.referrers(subject);
  }

  /** Writes the artifact manifest; the next {@link #tag} of an index over its subject lists it in index.json. */
  @Override
  public void putReferrer(Manifest referrer) {
    layout.write(referrer);
    referrers.add(referrer);
  }

  @Override
  public void tag(String tag, ImageContent content) {
    if (content instanceof Index index) {
      java.util.Set<Digest> subjects = new java.util.HashSet<>();
      index.manifests().forEach(m -> subjects.add(m.digest()));
      List<Descriptor> listed = referrers.stream()
          .filter(r -> r.subject().map(Descriptor::digest).filter(subjects::contains).isPresent())
          .map(Manifest::referrerDescriptor)
          .toList();
      layout.tagIndex(tag, index.descriptor(), index.manifests(), listed);
    } else {
      layout.tag(tag, content.descriptor());
    }
  }

  private ImageContent read(Digest digest, String declaredMediaType) {
    Path path = layout.blobPath(digest);
    byte[] bytes;
    try {
      if (!Files.isRegularFile(path)) {
        throw new ImageNotFoundException(
            "The manifest " + digest + " is missing from the OCI layout " + layout.root()
                + ": the layout is incomplete; rebuild or re-copy it.");
      }
      long size = Files.size(path);
      if (size > ImageContent.MAX_BYTES) {
        throw new InvalidContentException(
            "The manifest " + digest + " in " + layout.root() + " is " + size
                + " bytes, over the 4 MB that registries accept for a manifest: it is not a manifest this tool will read.");
      }
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the manifest " + digest + " of " + layout.root(), e);
    }
    Digest actual = Digest.of(bytes);
    if (!actual.equals(digest)) {
      throw new InvalidContentException(
          "The blob " + digest + " in " + layout.root() + " is corrupt: its content hashes to " + actual + ".");
    }
    return ImageContent.parse(bytes, declaredMediaType, "The manifest " + digest + " of " + name());
  }

  private static String tags(List<Descriptor> entries) {
    List<String> names =
        entries.stream()
            .map(d -> d.annotations().getOrDefault(OciLayout.REF_NAME, d.digest().toString()))
            .toList();
    return names.isEmpty() ? "no images" : names.toString();
  }
}
