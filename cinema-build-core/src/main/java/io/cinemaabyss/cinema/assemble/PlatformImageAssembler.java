package io.cinemaabyss.cinema.assemble;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.Ports;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.ConfigFile;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.Manifest;
import io.cinemaabyss.cinema.oci.MediaType;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.oci.Reference;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import io.cinemaabyss.cinema.remote.RegistryCredentials;
import io.cinemaabyss.cinema.remote.RegistryStore;
import io.cinemaabyss.cinema.sink.DockerArchiveSink;
import io.cinemaabyss.cinema.sink.RepoTag;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Builds one platform's image with jib-core (base for that platform, the binary in its own layer,
 * the container config) and adds it to an OCI layout. jib cannot put different layers on
 * different platforms in one build, so each platform is its own jib build.
 */
public final class PlatformImageAssembler {

  /** Fixed file time in layers, so the same binary gives the same layer digest. */
  public static final Instant FILE_TIME = Instant.ofEpochSecond(1);

  private final RegistryAccess access;
  private final RegistryCredentials baseCredentials;
  private final Path cacheDirectory;
  private final java.util.Set<Digest> replaced = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final Optional<StaticBase> builtIn;

  public PlatformImageAssembler(RegistryAccess access, RegistryCredentials baseCredentials, Path cacheDirectory) {
    this(access, baseCredentials, cacheDirectory, Optional.empty());
  }

  /** @param builtIn the built-in static base, for builds on it */
  public PlatformImageAssembler(
      RegistryAccess access, RegistryCredentials baseCredentials, Path cacheDirectory, Optional<StaticBase> builtIn) {
    this.builtIn = builtIn;
    this.access = access;
    this.baseCredentials = baseCredentials;
    this.cacheDirectory = cacheDirectory;
  }

  /** Blobs jib wrote that the assembled images replaced (its OCI manifest of a Docker image, a config given its variant). */
  public java.util.Set<Digest> replacedBlobs() {
    return java.util.Set.copyOf(replaced);
  }

  /**
   * Builds the image of {@code binary} for {@code platform} on {@code base} and stores it in
   * {@code layout}.
   *
   * @param workDir where the intermediate jib tarball goes
   */
  public PlatformImage assemble(
      Platform platform, Path binary, BaseImage base, ContainerSpec spec, IndexFormat format, OciLayout layout, Path workDir) {
    Path tar = workDir.resolve("jib-" + platform.slug() + ".tar");
    try {
      Files.createDirectories(workDir);
      JibContainerBuilder builder;
      if (base.isScratch()) {
        builder = Jib.fromScratch();
      } else if (base.isStatic()) {
        StaticBase staticBase = builtIn.orElseThrow(() -> new IllegalStateException("the built-in static base was not made"));
        Path archive = staticBase.writeDockerArchive(platform, workDir.resolve("static-" + platform.slug() + ".tar"));
        builder = Jib.from(TarImage.at(archive).named(ImageReference.of("cinema.local", "static", null, staticBase.digest())));
      } else {
        Reference pinned = base.pinnedFor(platform);
        builder = Jib.from(TarImage.at(baseArchive(pinned)).named(JibImageReference.of(pinned)));
      }
      builder
          .setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform(platform.architecture(), platform.os())))
          .setFormat(ImageFormat.OCI)
          .addFileEntriesLayer(
              FileEntriesLayer.builder()
                  .setName("app")
                  .addEntry(binary, AbsoluteUnixPath.get(spec.appPath()), FilePermissions.fromOctalString("755"), FILE_TIME)
                  .build())
          .setEntrypoint(spec.effectiveEntrypoint())
          .setCreationTime(spec.creationTime());
      if (!spec.extraDirectories().isEmpty()) {
        FileEntriesLayer.Builder extra = FileEntriesLayer.builder().setName("extra files");
        for (ExtraDirectory dir : spec.extraDirectories()) {
          for (ExtraDirectory.Entry e : dir.entries()) {
            extra.addEntry(e.source(), AbsoluteUnixPath.get(e.target()), FilePermissions.fromOctalString(e.mode()), FILE_TIME);
          }
        }
        builder.addFileEntriesLayer(extra.build());
      }
      if (!spec.volumes().isEmpty()) {
        Set<AbsoluteUnixPath> volumes = new java.util.LinkedHashSet<>();
        spec.volumes().forEach(v -> volumes.add(AbsoluteUnixPath.get(v)));
        builder.setVolumes(volumes);
      }
      if (!spec.args().isEmpty()) {
        builder.setProgramArguments(spec.args());
      }
      Map<String, String> env = new java.util.TreeMap<>(spec.env()); // sorted: Map.copyOf iterates in a different order in every JVM
      if (!env.isEmpty()) {
        builder.setEnvironment(env);
      }
      if (!spec.user().isBlank()) {
        builder.setUser(spec.user());
      }
      if (!spec.workingDirectory().isBlank()) {
        builder.setWorkingDirectory(AbsoluteUnixPath.get(spec.workingDirectory()));
      }
      if (!spec.ports().isEmpty()) {
        builder.setExposedPorts(Ports.parse(spec.ports()));
      }
      if (!spec.labels().isEmpty()) {
        builder.setLabels(new java.util.TreeMap<>(spec.labels()));
      }
      Containerizer containerizer =
          Containerizer.to(TarImage.at(tar).named(ImageReference.of("cinema.local", "image", platform.slug())))
              .setAllowInsecureRegistries(access.allowInsecure())
              .setBaseImageLayersCache(cacheDirectory.resolve("base"))
              .setApplicationLayersCache(cacheDirectory.resolve("app"))
              .setToolName("cinema-build")
              .setToolVersion(io.cinemaabyss.cinema.CinemaVersion.get())
              .addEventHandler(LogEvent.class, event -> access.log().accept(event));
      builder.containerize(containerizer);
      return importTarball(tar, platform, format, layout, replaced);
    } catch (IOException e) {
      throw new UncheckedIOException("Building the " + platform + " image failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CinemaException("Interrupted while building the " + platform + " image", e);
    } catch (ExecutionException | RegistryException | CacheDirectoryCreationException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new CinemaException(
          "Building the " + platform + " image on base " + base.name() + " failed: " + cause.getMessage()
              + (base.reference().isEmpty() ? "" : ". Check that cinema.from names a readable image for " + platform + "."),
          cause);
    } catch (IllegalArgumentException e) {
      throw new CinemaException("Invalid container setting for " + platform + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tar);
      } catch (IOException ignored) {
        // the tarball is only a hand-over; a leftover is harmless and replaced next time
      }
    }
  }

  /**
   * The base image of one platform as a docker archive, read through this project's registry
   * client (its TLS, retry, timeout and credential rules; every blob checked against its digest),
   * so jib reads no registry itself. Gzip layers are kept as they are, so their digests (and the
   * mounts from the base's repository on push) stay the base's. Kept in the cache by manifest
   * digest: a rebuild on the same base reads nothing from the registry.
   */
  private Path baseArchive(Reference pinned) {
    String digest = pinned.digest().orElseThrow().toString();
    Path archive = cacheDirectory.resolve("base-archives").resolve(digest.replace(':', '-') + ".tar");
    if (Files.isRegularFile(archive)) {
      return archive;
    }
    RegistryStore store = new RegistryStore(pinned, access.http(pinned, baseCredentials, false));
    return new DockerArchiveSink(store).write(digest, new RepoTag(pinned.familiarName(), "base"), archive);
  }

  /**
   * Copies the blobs of jib's OCI tarball into the layout and returns the manifest. Adds the
   * platform's variant to the config, which jib does not write.
   */
  private static PlatformImage importTarball(
      Path tar, Platform platform, IndexFormat format, OciLayout layout, java.util.Set<Digest> replaced)
      throws IOException {
    Optional<Digest> manifestDigest = Optional.empty();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextTarEntry()) != null) {
        String name = entry.getName();
        if (name.startsWith("blobs/sha256/")) {
          layout.importBlob("", nonClosing(in), Optional.of(new Digest(Digest.SHA256, name.substring("blobs/sha256/".length()))));
        } else if (name.equals("index.json")) {
          Index index = Index.parse(in.readAllBytes(), "jib's index.json");
          manifestDigest = index.manifests().stream().findFirst().map(Descriptor::digest);
        }
      }
    }
    Digest digest = manifestDigest.orElseThrow(() -> new CinemaException("jib wrote no index.json for " + platform));
    Manifest manifest = Manifest.parse(layout.readBlob(digest), "jib's manifest " + digest + " for " + platform);
    String manifestMediaType = format.manifestMediaType();
    Descriptor config = manifest.config();
    List<Descriptor> layers = manifest.layers();
    boolean changed = !manifest.mediaType().equals(manifestMediaType);
    if (format == IndexFormat.DOCKER) {
      // jib's tarball is always OCI here; a Docker v2.2 manifest differs only in media types.
      config = config.withMediaType(MediaType.DOCKER_CONFIG.value());
      layers = layers.stream().map(l -> l.withMediaType(MediaType.DOCKER_LAYER_GZIP.value())).toList();
      changed = true;
    }
    ConfigFile configFile = ConfigFile.parse(layout.readBlob(config.digest()), "jib's config " + config.digest() + " for " + platform);
    if (!platform.variant().isEmpty() && !platform.variant().equals(configFile.variant())) {
      Descriptor newConfig = layout.writeBlob(config.mediaType(), configFile.withPlatform(platform).bytes());
      replaced.add(config.digest());
      config = new Descriptor(config.mediaType(), newConfig.digest(), newConfig.size(), Optional.empty(), config.annotations());
      changed = true;
    }
    Descriptor manifestDescriptor;
    if (changed) {
      manifestDescriptor = layout.write(Manifest.of(manifestMediaType, config, layers, manifest.annotations()));
      replaced.add(digest);
    } else {
      manifestDescriptor = new Descriptor(manifestMediaType, digest, manifest.size());
    }
    return new PlatformImage(platform, manifestDescriptor.withPlatform(platform), config.digest());
  }

  private static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {
        // the tar stream stays open for the next entry
      }
    };
  }
}
