package io.cinemaabyss.cinema.store;

import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.InvalidContentException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An image store in memory, source and sink at once: for tests, and for images small enough to
 * hold. Blobs are checked against their digest when they are put.
 */
public final class MemoryStore implements ImageSource, ImageSink {

  private final String reference;
  private final Map<Digest, byte[]> blobs;
  private final Map<Digest, ImageContent> manifests;
  private final Map<String, Digest> tags;

  private MemoryStore(String reference, Map<Digest, byte[]> blobs, Map<Digest, ImageContent> manifests, Map<String, Digest> tags) {
    this.reference = reference;
    this.blobs = blobs;
    this.manifests = manifests;
    this.tags = tags;
  }

  public static MemoryStore create() {
    return new MemoryStore("", new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
  }

  /** The same store, read from {@code value} (a tag or digest). */
  public MemoryStore at(String value) {
    return new MemoryStore(value == null ? "" : value, blobs, manifests, tags);
  }

  @Override
  public String name() {
    return "memory store" + (reference.isEmpty() ? "" : " (" + reference + ")");
  }

  @Override
  public String reference() {
    return reference;
  }

  @Override
  public ImageContent manifest(String ref) {
    String wanted = ref == null || ref.isBlank() ? reference : ref.trim();
    Optional<Digest> digest = Digest.isDigest(wanted) ? Optional.of(Digest.parse(wanted)) : Optional.ofNullable(tags.get(wanted));
    if (wanted.isEmpty() && tags.size() == 1) {
      digest = Optional.of(tags.values().iterator().next());
    }
    ImageContent content = digest.map(manifests::get).orElse(null);
    if (content == null) {
      throw new ImageNotFoundException("No manifest '" + wanted + "' in the " + name() + "; it has tags " + new TreeMap<>(tags).keySet());
    }
    return content;
  }

  @Override
  public InputStream blob(Descriptor descriptor) {
    byte[] bytes = blobs.get(descriptor.digest());
    if (bytes == null) {
      throw new ImageNotFoundException("Blob " + descriptor.digest() + " is not in the " + name());
    }
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public boolean hasBlob(Digest digest) {
    return blobs.containsKey(digest);
  }

  @Override
  public void putBlob(Descriptor blob, Supplier<InputStream> content) {
    byte[] bytes;
    try (InputStream in = content.get()) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read blob " + blob.digest(), e);
    }
    Digest actual = Digest.of(bytes);
    if (!actual.equals(blob.digest()) || bytes.length != blob.size()) {
      throw new InvalidContentException(
          "Blob " + blob.digest() + " (" + blob.size() + " bytes) arrived as " + actual + " (" + bytes.length + " bytes)");
    }
    blobs.put(actual, bytes);
  }

  @Override
  public void putManifest(Descriptor entry, ImageContent content) {
    manifests.put(content.digest(), content);
  }

  @Override
  public void tag(String tag, ImageContent content) {
    if (!manifests.containsKey(content.digest())) {
      throw new IllegalStateException("Cannot tag " + tag + ": " + content.digest() + " is not in the " + name());
    }
    tags.put(tag, content.digest());
  }

  /** The tags and the digests they name. */
  public Map<String, Digest> tags() {
    return Map.copyOf(tags);
  }

  /** The digests of every blob held. */
  public Set<Digest> blobDigests() {
    return Set.copyOf(blobs.keySet());
  }
}
