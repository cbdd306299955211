package io.cinemaabyss.cinema.assemble;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.CinemaVersion;
import io.cinemaabyss.cinema.json.Json;
import io.cinemaabyss.cinema.oci.ConfigFile;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * The built-in base image ({@code from=static}, the default): what a static Go binary needs at run
 * time and scratch lacks, as ko's and Jib's default bases have it. One layer, made at build time from
 * this machine's CA bundle and time zone database (Debian's ca-certificates and tzdata):
 * /etc/ssl/certs/ca-certificates.crt, /usr/share/zoneinfo, /etc/passwd and /etc/group with root and
 * nonroot (65532), /etc/nsswitch.conf, /home/nonroot, and /tmp (1777); Env PATH and SSL_CERT_FILE; the
 * user nonroot. Entries are sorted, owned by root (but /home/nonroot), dated {@link #FILE_TIME} and
 * gzipped without a name or time, so the same inputs give the same bytes on every machine; the
 * layer's digest is the base's digest in the build record, and {@link #inputs()} names what it read.
 */
public final class StaticBase {

  public static final String NAME = "static";
  public static final Path HOST_CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");
  public static final Path HOST_ZONEINFO = Path.of("/usr/share/zoneinfo");
  private static final Path DPKG_STATUS = Path.of("/var/lib/dpkg/status");
  public static final String NONROOT = "65532:65532";
  public static final List<String> ENV = List.of(
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt");
  static final Instant FILE_TIME = PlatformImageAssembler.FILE_TIME;

  private static final String PASSWD = "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n";
  private static final String GROUP = "root:x:0:\nnonroot:x:65532:\n";
  private static final String NSSWITCH = "hosts: files dns\n";

  private final byte[] layer;
  private final String diffId;
  private final List<String> inputs;

  private StaticBase(byte[] layer, String diffId, List<String> inputs) {
    this.layer = layer;
    this.diffId = diffId;
    this.inputs = List.copyOf(inputs);
  }

  /** The base made from this machine's CA bundle and zoneinfo. */
  public static StaticBase fromHost() {
    return of(HOST_CA_BUNDLE, HOST_ZONEINFO);
  }

  /**
   * As {@link #fromHost()}, kept in {@code cacheDir} between builds: made again only when a file it
   * is made of (or dpkg's database, for the package versions it names) has another size, time or
   * mode, or the cached layer is not the bytes it was (its digest is checked on every read).
   */
  public static StaticBase fromHost(Path cacheDir) {
    return cached(HOST_CA_BUNDLE, HOST_ZONEINFO, cacheDir);
  }

  static StaticBase cached(Path caBundle, Path zoneinfo, Path cacheDir) {
    requireInputs(caBundle, zoneinfo);
    String key;
    try {
      key = fingerprint(caBundle, zoneinfo);
    } catch (IOException | UncheckedIOException e) {
      return of(caBundle, zoneinfo);
    }
    Path layerFile = cacheDir.resolve("static-base-" + key + ".tar.gz");
    Path metaFile = cacheDir.resolve("static-base-" + key + ".json");
    try {
      if (Files.isRegularFile(layerFile) && Files.isRegularFile(metaFile)) {
        com.fasterxml.jackson.databind.JsonNode meta = Json.parse(Files.readAllBytes(metaFile), "The static base cache entry " + metaFile);
        byte[] layer = Files.readAllBytes(layerFile);
        if (Digest.of(layer).toString().equals(meta.path("digest").asText()) && meta.path("diffId").isTextual()) {
          List<String> inputs = new ArrayList<>();
          meta.path("inputs").forEach(i -> inputs.add(i.asText()));
          return new StaticBase(layer, meta.path("diffId").asText(), inputs);
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable cache entry is made again
    }
    StaticBase made = of(caBundle, zoneinfo);
    try {
      Files.createDirectories(cacheDir);
      ObjectNode meta = JsonNodeFactory.instance.objectNode();
      meta.put("digest", made.digest()).put("diffId", made.diffId);
      made.inputs.forEach(meta.putArray("inputs")::add);
      writeAtomically(layerFile, made.layer);
      writeAtomically(metaFile, Json.bytes(meta));
    } catch (IOException | UncheckedIOException e) {
      // no cache this time; the base is the same
    }
    return made;
  }

  /** A digest of what the layer is made of, by name, size, modification time and mode; and of dpkg's database. */
  private static String fingerprint(Path caBundle, Path zoneinfo) throws IOException {
    StringBuilder out = new StringBuilder(CinemaVersion.get()).append('\n');
    List<Path> files = new ArrayList<>(List.of(caBundle, DPKG_STATUS));
    try (Stream<Path> tree = Files.walk(zoneinfo)) {
      tree.sorted().forEach(files::add);
    }
    for (Path file : files) {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        out.append(file).append(" none\n");
        continue;
      }
      java.nio.file.attribute.PosixFileAttributes a = Files.readAttributes(file, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      out.append(file).append(' ').append(a.size()).append(' ').append(a.lastModifiedTime().toMillis()).append(' ')
          .append(java.nio.file.attribute.PosixFilePermissions.toString(a.permissions()))
          .append(a.isSymbolicLink() ? " -> " + Files.readSymbolicLink(file) : "").append('\n');
    }
    return Digest.of(out.toString().getBytes(StandardCharsets.UTF_8)).hex().substring(0, 16);
  }

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.write(temp, bytes);
      Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void requireInputs(Path caBundle, Path zoneinfo) {
    if (!Files.isRegularFile(caBundle)) {
      throw new CinemaException("The built-in static base needs the CA bundle " + caBundle
          + ": install ca-certificates (apt-get install ca-certificates), or set cinema.from=scratch or a base image.");
    }
    if (!Files.isDirectory(zoneinfo)) {
      throw new CinemaException("The built-in static base needs the time zone database " + zoneinfo
          + ": install tzdata (apt-get install tzdata), or set cinema.from=scratch or a base image.");
    }
  }

  /**
   * The base made of a layer the user gives instead (a gzipped tar, such as one with a company CA
   * bundle); the Env and user are the same.
   */
  public static StaticBase fromLayer(Path gzippedTar) {
    try {
      byte[] layer = Files.readAllBytes(gzippedTar);
      String diff;
      try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(layer))) {
        diff = Digest.of(in).digest().toString();
      } catch (java.util.zip.ZipException e) {
        throw new CinemaException("The static base layer " + gzippedTar + " is not a gzipped tar: " + e.getMessage() + ". Give a .tar.gz.");
      }
      return new StaticBase(layer, diff, List.of(gzippedTar + " " + Digest.of(layer).toString()));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CinemaException("The static base layer " + gzippedTar + " does not exist: name a .tar.gz, or leave staticBaseLayer unset.");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the static base layer " + gzippedTar, e);
    }
  }

  public static StaticBase of(Path caBundle, Path zoneinfo) {
    requireInputs(caBundle, zoneinfo);
    try {
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      MessageDigest tarDigest = Digest.sha256();
      try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(gz);
          DigestOutputStream digesting = new DigestOutputStream(gzip, tarDigest);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(digesting)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        dir(tar, "etc/", 0755, 0);
        file(tar, "etc/group", GROUP.getBytes(StandardCharsets.UTF_8), 0644);
        file(tar, "etc/nsswitch.conf", NSSWITCH.getBytes(StandardCharsets.UTF_8), 0644);
        file(tar, "etc/passwd", PASSWD.getBytes(StandardCharsets.UTF_8), 0644);
        dir(tar, "etc/ssl/", 0755, 0);
        dir(tar, "etc/ssl/certs/", 0755, 0);
        file(tar, "etc/ssl/certs/ca-certificates.crt", Files.readAllBytes(caBundle), 0644);
        dir(tar, "home/", 0755, 0);
        dir(tar, "home/nonroot/", 0755, 65532);
        dir(tar, "tmp/", 01777, 0);
        dir(tar, "usr/", 0755, 0);
        dir(tar, "usr/share/", 0755, 0);
        tree(tar, zoneinfo, "usr/share/zoneinfo/");
      }
      String diff = Digest.of(tarDigest).toString();
      List<String> inputs = new ArrayList<>();
      inputs.add(caBundle + " " + Digest.of(Files.readAllBytes(caBundle)).toString());
      inputs.add(zoneinfo + " (in layer " + diff + ")");
      DebianPackages.versions(List.of("ca-certificates", "tzdata")).forEach((p, v) -> inputs.add("debian " + p + " " + v));
      return new StaticBase(gz.toByteArray(), diff, inputs);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make the built-in static base from " + caBundle + " and " + zoneinfo, e);
    }
  }

  /** The gzipped layer. */
  public byte[] layer() {
    return layer.clone();
  }

  /** The digest of the gzipped layer: the base's digest in build records. */
  public String digest() {
    return Digest.of(layer).toString();
  }

  /** What the layer was made from: files with their digests, Debian package versions. */
  public List<String> inputs() {
    return inputs;
  }

  /** The base as a resolved base image: named {@value #NAME}, its digest the layer's. */
  public BaseImage asBaseImage() {
    return new BaseImage(NAME, java.util.Optional.empty(), java.util.Optional.of(digest()), java.util.Map.of());
  }

  /**
   * Writes the base for {@code platform} as a docker-archive tarball ({@code docker save} format),
   * which jib builds on.
   */
  public Path writeDockerArchive(Platform platform, Path file) {
    ConfigFile config = ConfigFile.of(platform, FILE_TIME.toString(), List.of(Digest.parse(diffId)),
        "cinema-build:" + io.cinemaabyss.cinema.CinemaVersion.get() + " static base", ENV, NONROOT);
    ArrayNode manifest = JsonNodeFactory.instance.arrayNode();
    ObjectNode entry = manifest.addObject();
    entry.put("Config", "config.json");
    entry.putArray("RepoTags").add("cinema.local/static:" + platform.slug());
    entry.putArray("Layers").add("layer.tar.gz");
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
        file(tar, "config.json", config.bytes(), 0644);
        file(tar, "layer.tar.gz", layer, 0644);
        file(tar, "manifest.json", Json.bytes(manifest), 0644);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the static base for " + platform + " to " + file, e);
    }
  }

  private static void tree(TarArchiveOutputStream tar, Path root, String prefix) throws IOException {
    dir(tar, prefix, 0755, 0);
    List<Path> children;
    try (Stream<Path> list = Files.list(root)) {
      children = list.sorted().toList();
    }
    for (Path child : children) {
      String name = prefix + child.getFileName();
      if (Files.isSymbolicLink(child)) {
        TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        link.setLinkName(Files.readSymbolicLink(child).toString());
        stamp(link, 0777, 0);
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        tree(tar, child, name + "/");
      } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
        file(tar, name, Files.readAllBytes(child), 0644);
      }
    }
  }

  private static void dir(TarArchiveOutputStream tar, String name, int mode, int owner) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    stamp(entry, mode, owner);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    stamp(entry, mode, 0);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static void stamp(TarArchiveEntry entry, int mode, int owner) {
    entry.setMode((entry.isDirectory() ? 040000 : entry.isSymbolicLink() ? 0120000 : 0100000) | mode);
    entry.setModTime(Date.from(FILE_TIME));
    entry.setIds(owner, owner);
    entry.setUserName(owner == 0 ? "root" : "nonroot");
    entry.setGroupName(owner == 0 ? "root" : "nonroot");
  }
}
