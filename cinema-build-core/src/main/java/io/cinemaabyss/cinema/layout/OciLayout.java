package io.cinemaabyss.cinema.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.image.Descriptor;
import io.cinemaabyss.cinema.image.Json;
import io.cinemaabyss.cinema.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An OCI image layout directory ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/}):
 * content-addressed blobs, and tags as {@code org.opencontainers.image.ref.name} annotations on the
 * entries of {@code index.json}. Writes are atomic per file; tagging one name keeps all others.
 */
public final class OciLayout {

  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  /**
   * Marks an entry of index.json that names one platform's manifest of the index tagged with this
   * annotation's value ({@code 1.0-linux-arm64} for {@code 1.0}), for tools that cannot choose a
   * platform from an index, such as umoci.
   */
  public static final String PLATFORM_OF = "io.cinemaabyss.cinema.platform-of";

  // readable by every user, as other tools and a runtime running as another user need it
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

  private final Path root;

  private OciLayout(Path root) {
    this.root = root;
  }

  /** Opens the layout at {@code root}, creating an empty one when the directory has none. */
  public static OciLayout create(Path root) {
    try {
      Files.createDirectories(root.resolve("blobs").resolve("sha256"));
      for (Path dir : List.of(root, root.resolve("blobs"), root.resolve("blobs").resolve("sha256"))) {
        mode(dir, DIRECTORY_MODE);
      }
      Path marker = root.resolve("oci-layout");
      if (!Files.exists(marker)) {
        writeAtomically(marker, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      }
      if (!Files.exists(root.resolve("index.json"))) {
        ObjectNode index = JsonNodeFactory.instance.objectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.putArray("manifests");
        writeAtomically(root.resolve("index.json"), Json.bytes(index));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create an OCI image layout at " + root, e);
    }
    return new OciLayout(root);
  }

  /** Opens an existing layout; fails with the fix when {@code root} is not one. */
  public static OciLayout open(Path root) {
    if (!Files.isRegularFile(root.resolve("oci-layout")) || !Files.isRegularFile(root.resolve("index.json"))) {
      throw new CinemaException(
          root + " is not an OCI image layout (no oci-layout or index.json). Build one first (mvn package) or name the right directory.");
    }
    return new OciLayout(root);
  }

  public Path root() {
    return root;
  }

  public Path blobPath(String digest) {
    int colon = digest.indexOf(':');
    if (colon < 0 || !digest.startsWith("sha256:") || !digest.substring(colon + 1).matches("[a-f0-9]{64}")) {
      throw new CinemaException("'" + digest + "' is not a sha256 digest");
    }
    return root.resolve("blobs").resolve(digest.substring(0, colon)).resolve(digest.substring(colon + 1));
  }

  public boolean hasBlob(String digest) {
    return Files.isRegularFile(blobPath(digest));
  }

  /** Stores bytes as a blob and returns its descriptor (of the given media type). */
  public Descriptor writeBlob(String mediaType, byte[] content) {
    String digest = Json.sha256(content);
    Path target = blobPath(digest);
    if (!Files.exists(target)) {
      try {
        writeAtomically(target, content);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write blob " + digest + " to " + root, e);
      }
    }
    return new Descriptor(mediaType, digest, content.length);
  }

  public Descriptor writeJson(String mediaType, JsonNode json) {
    return writeBlob(mediaType, Json.bytes(json));
  }

  /**
   * Copies a stream into the blob store, checking it against {@code expectedDigest} when given.
   *
   * @return the digest and size of what was stored
   */
  public Descriptor importBlob(String mediaType, InputStream in, Optional<String> expectedDigest) {
    try {
      Path tmp = Files.createTempFile(root.resolve("blobs"), "import-", ".tmp");
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long size;
        try (DigestInputStream digesting = new DigestInputStream(in, sha);
            OutputStream out = Files.newOutputStream(tmp)) {
          size = digesting.transferTo(out);
        }
        String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
        if (expectedDigest.isPresent() && !expectedDigest.get().equals(digest)) {
          throw new CinemaException(
              "Blob content does not match its digest: expected " + expectedDigest.get() + ", got " + digest);
        }
        Path target = blobPath(digest);
        if (!Files.exists(target)) {
          mode(tmp, FILE_MODE);
          move(tmp, target);
        }
        return new Descriptor(mediaType, digest, size);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot store a blob in " + root, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] readBlob(String digest) {
    try {
      return Files.readAllBytes(blobPath(digest));
    } catch (IOException e) {
      throw new UncheckedIOException("Blob " + digest + " is missing from the layout " + root, e);
    }
  }

  public InputStream openBlob(String digest) throws IOException {
    return Files.newInputStream(blobPath(digest));
  }

  /** The entries of {@code index.json}, in order. */
  public List<Descriptor> entries() {
    JsonNode index = Json.parse(readIndexBytes(), root.resolve("index.json").toString());
    List<Descriptor> out = new ArrayList<>();
    for (JsonNode entry : index.path("manifests")) {
      out.add(Descriptor.fromJson(entry));
    }
    return out;
  }

  /** The images of the layout: its entries, less the per-platform names of tagged indexes. */
  public List<Descriptor> images() {
    return entries().stream().filter(d -> !d.annotations().containsKey(PLATFORM_OF)).toList();
  }

  /** The name under which a platform's manifest of the index tagged {@code tag} is tagged too. */
  public static String platformTag(String tag, io.cinemaabyss.cinema.platform.Platform platform) {
    return tag + "-" + platform.slug();
  }

  /**
   * Tags an image index {@code name}, and each of its platform {@code manifests} (with their
   * platforms) {@code name-os-arch[-variant]}, in one write of index.json; the per-platform names
   * an earlier index of that tag had are replaced, every other tag is kept.
   */
  public synchronized void tagIndex(String name, Descriptor index, List<Descriptor> manifests) {
    List<Descriptor> entries = new ArrayList<>();
    entries.add(named(index, name, Optional.empty()));
    for (Descriptor manifest : manifests) {
      io.cinemaabyss.cinema.platform.Platform platform = manifest.platform()
          .orElseThrow(() -> new IllegalArgumentException("Index entry " + manifest.digest() + " has no platform"));
      entries.add(named(manifest, platformTag(name, platform), Optional.of(name)));
    }
    replace(name, entries);
  }

  private Descriptor named(Descriptor descriptor, String name, Optional<String> platformOf) {
    if (!hasBlob(descriptor.digest())) {
      throw new CinemaException("Cannot tag " + name + ": blob " + descriptor.digest() + " is not in " + root);
    }
    Map<String, String> annotations = new TreeMap<>(descriptor.annotations());
    annotations.put(REF_NAME, name);
    platformOf.ifPresent(of -> annotations.put(PLATFORM_OF, of));
    return descriptor.withAnnotations(annotations);
  }

  /** Writes index.json with the entries of tag {@code name} (and its per-platform names) replaced by {@code added}. */
  private void replace(String name, List<Descriptor> added) {
    JsonNode index = Json.parse(readIndexBytes(), root.resolve("index.json").toString());
    ObjectNode updated = index.deepCopy();
    ArrayNode manifests = updated.putArray("manifests");
    for (JsonNode entry : index.path("manifests")) {
      JsonNode annotations = entry.path("annotations");
      if (!name.equals(annotations.path(REF_NAME).asText(null)) && !name.equals(annotations.path(PLATFORM_OF).asText(null))) {
        manifests.add(entry);
      }
    }
    added.forEach(d -> manifests.add(d.toJson()));
    try {
      writeAtomically(root.resolve("index.json"), Json.bytes(updated));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot update " + root.resolve("index.json"), e);
    }
  }

  /**
   * Deletes those of {@code candidates} (blobs a build wrote and then replaced, such as jib's OCI
   * manifest of an image written as a Docker manifest) that no tag reaches any more, so that the
   * layout holds no unreferenced manifests: garbage collectors such as {@code umoci gc} take those for
   * roots of nothing and break the layout.
   */
  public synchronized void deleteUnreachable(java.util.Collection<String> candidates) {
    if (candidates.isEmpty()) {
      return;
    }
    java.util.Set<String> reachable = new java.util.HashSet<>();
    entries().forEach(entry -> reach(entry.digest(), entry.mediaType(), reachable));
    for (String digest : candidates) {
      if (!reachable.contains(digest)) {
        try {
          Files.deleteIfExists(blobPath(digest));
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot delete the replaced blob " + digest + " from " + root, e);
        }
      }
    }
  }

  private void reach(String digest, String mediaType, java.util.Set<String> reachable) {
    if (!reachable.add(digest) || !hasBlob(digest)) {
      return;
    }
    if (MediaTypes.isIndex(mediaType)) {
      JsonNode index = Json.parse(readBlob(digest), "The index " + digest + " in " + root);
      index.path("manifests").forEach(m -> reach(m.path("digest").asText(), m.path("mediaType").asText(), reachable));
    } else if (MediaTypes.isManifest(mediaType)) {
      JsonNode manifest = Json.parse(readBlob(digest), "The manifest " + digest + " in " + root);
      reachable.add(manifest.path("config").path("digest").asText());
      manifest.path("layers").forEach(l -> reachable.add(l.path("digest").asText()));
    }
  }

  /** The entry tagged {@code name}, if there is one. */
  public Optional<Descriptor> resolve(String name) {
    return entries().stream().filter(d -> name.equals(d.annotations().get(REF_NAME))).findFirst();
  }

  /**
   * Points the tag {@code name} at {@code descriptor}, replacing only the entry that had that tag.
   * Every blob the descriptor reaches must already be in the layout.
   */
  public synchronized void tag(String name, Descriptor descriptor) {
    replace(name, List.of(named(descriptor, name, Optional.empty())));
  }

  private byte[] readIndexBytes() {
    try {
      return Files.readAllBytes(root.resolve("index.json"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + root.resolve("index.json"), e);
    }
  }

  private static void writeAtomically(Path target, byte[] content) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".tmp-", "");
    try {
      Files.write(tmp, content);
      mode(tmp, FILE_MODE);
      move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void mode(Path path, Set<PosixFilePermission> mode) throws IOException {
    try {
      Files.setPosixFilePermissions(path, mode);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own defaults apply
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
