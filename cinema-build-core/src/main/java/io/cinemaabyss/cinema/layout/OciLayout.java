package io.cinemaabyss.cinema.layout;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageContent;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.oci.Platform;
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
import java.util.ArrayList;
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

  /**
   * Marks an entry of index.json that is an OCI 1.1 artifact (SBOM, provenance) referring to a
   * platform manifest of the index tagged with this annotation's value. OCI 1.1 lists referrers in
   * the layout's index; they have no tag of their own, and are replaced when that tag moves.
   */
  public static final String REFERRER_OF = "io.cinemaabyss.cinema.referrer-of";

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
        writeAtomically(root.resolve("index.json"), Index.of(MediaType.OCI_INDEX, List.of(), Map.of()).bytes());
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

  public Path blobPath(Digest digest) {
    return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  public boolean hasBlob(Digest digest) {
    return Files.isRegularFile(blobPath(digest));
  }

  /** Stores bytes as a blob and returns its descriptor (of the given media type). */
  public Descriptor writeBlob(String mediaType, byte[] content) {
    Digest digest = Digest.of(content);
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

  /** Stores a manifest or index as its exact bytes. */
  public Descriptor write(ImageContent content) {
    return writeBlob(content.mediaType(), content.bytes());
  }

  /**
   * Copies a stream into the blob store, checking it against {@code expectedDigest} when given.
   *
   * @return the digest and size of what was stored
   */
  public Descriptor importBlob(String mediaType, InputStream in, Optional<Digest> expectedDigest) {
    try {
      Path tmp = Files.createTempFile(root.resolve("blobs"), "import-", ".tmp");
      try {
        Digest.Sha256InputStream digesting = new Digest.Sha256InputStream(in);
        try (digesting; OutputStream out = Files.newOutputStream(tmp)) {
          digesting.transferTo(out);
        }
        Digest digest = digesting.digest();
        if (expectedDigest.isPresent() && !expectedDigest.get().equals(digest)) {
          throw new CinemaException(
              "Blob content does not match its digest: expected " + expectedDigest.get() + ", got " + digest);
        }
        Path target = blobPath(digest);
        if (!Files.exists(target)) {
          mode(tmp, FILE_MODE);
          move(tmp, target);
        }
        return new Descriptor(mediaType, digest, digesting.size());
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot store a blob in " + root, e);
    }
  }

  public byte[] readBlob(Digest digest) {
    try {
      return Files.readAllBytes(blobPath(digest));
    } catch (IOException e) {
      throw new UncheckedIOException("Blob " + digest + " is missing from the layout " + root, e);
    }
  }

  public InputStream openBlob(Digest digest) throws IOException {
    return Files.newInputStream(blobPath(digest));
  }

  /** The layout's {@code index.json}. */
  public Index index() {
    return Index.parse(readIndexBytes(), root.resolve("index.json").toString());
  }

  /** The entries of {@code index.json}, in order. */
  public List<Descriptor> entries() {
    return index().manifests();
  }

  /** The images of the layout: its entries, less the per-platform names of tagged indexes and the referrers. */
  public List<Descriptor> images() {
    return entries().stream()
        .filter(d -> !d.annotations().containsKey(PLATFORM_OF) && !d.annotations().containsKey(REFERRER_OF))
        .toList();
  }

  /**
   * The artifact manifests in index.json whose {@code subject} is {@code subject}, as a referrers
   * index lists them (artifact type, the manifest's annotations), each once, in index.json's order.
   */
  public List<Descriptor> referrers(Digest subject) {
    List<Descriptor> out = new ArrayList<>();
    for (Descriptor entry : entries()) {
      if (!entry.isManifest() || !hasBlob(entry.digest()) || out.stream().anyMatch(d -> d.digest().equals(entry.digest()))) {
        continue;
      }
      if (entry.artifactType().isEmpty() && !entry.annotations().containsKey(REFERRER_OF)) {
        continue; // an image: only artifacts have subjects worth reading every manifest for
      }
      Manifest manifest = Manifest.parse(readBlob(entry.digest()), "The manifest " + entry.digest() + " in " + root);
      if (manifest.subject().map(Descriptor::digest).filter(subject::equals).isPresent()) {
        out.add(manifest.referrerDescriptor());
      }
    }
    return out;
  }

  /** The name under which a platform's manifest of the index tagged {@code tag} is tagged too. */
  public static String platformTag(String tag, Platform platform) {
    return tag + "-" + platform.slug();
  }

  /**
   * Tags an image index {@code name}, and each of its platform {@code manifests} (with their
   * platforms) {@code name-os-arch[-variant]}, in one write of index.json; the per-platform names
   * an earlier index of that tag had are replaced, every other tag is kept.
   */
  public synchronized void tagIndex(String name, Descriptor index, List<Descriptor> manifests) {
    tagIndex(name, index, manifests, List.of());
  }

  /**
   * Like {@link #tagIndex(String, Descriptor, List)}, and lists {@code referrers} (artifact
   * manifests whose subjects are those manifests) in index.json, untagged, in place of the
   * referrers the tag had.
   */
  public synchronized void tagIndex(String name, Descriptor index, List<Descriptor> manifests, List<Descriptor> referrers) {
    List<Descriptor> entries = new ArrayList<>();
    entries.add(named(index, name, Optional.empty()));
    for (Descriptor manifest : manifests) {
      Platform platform = manifest.platform()
          .orElseThrow(() -> new IllegalArgumentException("Index entry " + manifest.digest() + " has no platform"));
      entries.add(named(manifest, platformTag(name, platform), Optional.of(name)));
    }
    for (Descriptor referrer : referrers) {
      if (!hasBlob(referrer.digest())) {
        throw new CinemaException("Cannot list the referrer " + referrer.digest() + " of " + name + ": it is not in " + root);
      }
      Map<String, String> annotations = new TreeMap<>(referrer.annotations());
      annotations.put(REFERRER_OF, name);
      entries.add(new Descriptor(referrer.mediaType(), referrer.digest(), referrer.size(), Optional.empty(), annotations, "",
          referrer.artifactType()));
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
    Index index = index();
    List<Descriptor> manifests = new ArrayList<>();
    for (Descriptor entry : index.manifests()) {
      if (!name.equals(entry.annotations().get(REF_NAME)) && !name.equals(entry.annotations().get(PLATFORM_OF))
          && !name.equals(entry.annotations().get(REFERRER_OF))) {
        manifests.add(entry);
      }
    }
    manifests.addAll(added);
    try {
      writeAtomically(root.resolve("index.json"), index.withManifests(manifests).bytes());
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
  public synchronized void deleteUnreachable(java.util.Collection<Digest> candidates) {
    if (candidates.isEmpty()) {
      return;
    }
    java.util.Set<Digest> reachable = new java.util.HashSet<>();
    entries().forEach(entry -> reach(entry.digest(), entry.mediaType(), reachable));
    for (Digest digest : candidates) {
      if (!reachable.contains(digest)) {
        try {
          Files.deleteIfExists(blobPath(digest));
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot delete the replaced blob " + digest + " from " + root, e);
        }
      }
    }
  }

  private void reach(Digest digest, String mediaType, java.util.Set<Digest> reachable) {
    if (!reachable.add(digest) || !hasBlob(digest) || !(MediaType.isIndex(mediaType) || MediaType.isManifest(mediaType))) {
      return;
    }
    ImageContent content = ImageContent.parse(readBlob(digest), mediaType, "The manifest " + digest + " in " + root);
    if (content instanceof Index index) {
      index.manifests().forEach(m -> reach(m.digest(), m.mediaType(), reachable));
    } else {
      ((Manifest) content).blobs().forEach(b -> reachable.add(b.digest()));
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
