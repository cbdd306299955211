package io.cinemaabyss.cinema.inspect;

import io.cinemaabyss.cinema.image.Descriptor;
import io.cinemaabyss.cinema.image.Json;
import io.cinemaabyss.cinema.layout.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image in an OCI image layout directory. The reference is a tag (an
 * {@code org.opencontainers.image.ref.name} of index.json), a digest, or empty for the layout's
 * only image.
 */
public final class LayoutImageSource implements ImageSource {

  private final OciLayout layout;
  private final String reference;

  public LayoutImageSource(OciLayout layout, String reference) {
    this.layout = Objects.requireNonNull(layout);
    this.reference = reference == null ? "" : reference.trim();
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
  public ManifestContent manifest(String ref) {
    String wanted = ref == null ? "" : ref.trim();
    Optional<Descriptor> entry;
    if (wanted.startsWith("sha256:")) {
      entry = layout.entries().stream().filter(d -> d.digest().equals(wanted)).findFirst();
      return read(wanted, entry.map(Descriptor::mediaType).orElse(""));
    }
    List<Descriptor> entries = layout.images();
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
      return new io.cinemaabyss.cinema.registry.DigestCheckingInputStream(
          layout.openBlob(descriptor.digest()), descriptor.digest(), descriptor.size(),
          "Blob " + descriptor.digest() + " of the OCI layout " + layout.root());
    } catch (NoSuchFileException e) {
      throw new ImageNotFoundException(
          "Blob " + descriptor.digest() + " is missing from the OCI layout " + layout.root()
              + ": the layout is incomplete; rebuild or re-copy it.");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read blob " + descriptor.digest() + " of " + layout.root(), e);
    }
  }

  private ManifestContent read(String digest, String declaredMediaType) {
    Path path = layout.blobPath(digest);
    byte[] bytes;
    try {
      if (!Files.isRegularFile(path)) {
        throw new ImageNotFoundException(
            "The manifest " + digest + " is missing from the OCI layout " + layout.root()
                + ": the layout is incomplete; rebuild or re-copy it.");
      }
      long size = Files.size(path);
      if (size > MAX_MANIFEST_BYTES) {
        throw new InvalidImageException(
            "The manifest " + digest + " in " + layout.root() + " is " + size
                + " bytes, over the 4 MB that registries accept for a manifest: it is not a manifest this tool will read.");
      }
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the manifest " + digest + " of " + layout.root(), e);
    }
    String actual = Json.sha256(bytes);
    if (!actual.equals(digest)) {
      throw new InvalidImageException(
          "The blob " + digest + " in " + layout.root() + " is corrupt: its content hashes to " + actual + ".");
    }
    String mediaType = declaredMediaType;
    if (mediaType == null || mediaType.isEmpty()) {
      mediaType = Json.parse(bytes, "The manifest " + digest + " of " + name()).path("mediaType").asText("");
    }
    return new ManifestContent(mediaType, digest, bytes);
  }

  private static String tags(List<Descriptor> entries) {
    List<String> names =
        entries.stream()
            .map(d -> d.annotations().getOrDefault(OciLayout.REF_NAME, d.digest()))
            .toList();
    return names.isEmpty() ? "no images" : names.toString();
  }
}
