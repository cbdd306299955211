package io.cinemaabyss.cinema.assemble;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.attest.AttestationKind;
import io.cinemaabyss.cinema.attest.BuiltBinary;
import io.cinemaabyss.cinema.attest.GoBuildInfo;
import io.cinemaabyss.cinema.attest.ImageAttestations;
import io.cinemaabyss.cinema.attest.Provenance;
import io.cinemaabyss.cinema.build.go.GoBinary;
import io.cinemaabyss.cinema.build.go.GoBuildOptions;
import io.cinemaabyss.cinema.build.go.GoCrossCompiler;
import io.cinemaabyss.cinema.build.go.GoToolchain;
import io.cinemaabyss.cinema.layout.OciLayout;
import io.cinemaabyss.cinema.oci.Descriptor;
import io.cinemaabyss.cinema.oci.Digest;
import io.cinemaabyss.cinema.oci.ImageAnnotations;
import io.cinemaabyss.cinema.oci.ImageIndexAssembler;
import io.cinemaabyss.cinema.oci.Index;
import io.cinemaabyss.cinema.oci.IndexFormat;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import io.cinemaabyss.cinema.remote.RegistryCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The front door for Go services: cross-compile a module for each platform, build one image per
 * platform on the base, join them in an index and tag it in an OCI layout.
 *
 * <pre>{@code
 * BuildResult result = GoImageBuild.module(Path.of("movies-service"))
 *     .platforms("linux/amd64", "linux/arm64")
 *     .from("scratch")
 *     .buildTo(Path.of("target/cinema/oci"), "movies:1.0");
 * }</pre>
 */
public final class GoImageBuild {

  private final Path moduleDir;
  private List<Platform> platforms = Platform.DEFAULTS;
  private String from = StaticBase.NAME;
  private List<Path> outputDirectories = List.of();
  private Optional<Path> staticBaseLayer = Optional.empty();
  private RegistryCredentials baseCredentials = RegistryCredentials.none();
  private boolean allowInsecureRegistries;
  private Optional<RegistryAccess> registryAccess = Optional.empty();
  private GoBuildOptions goOptions = GoBuildOptions.defaults();
  private Optional<Path> goExecutable = Optional.empty();
  private Optional<String> binaryName = Optional.empty();
  private Optional<ContainerSpec> container = Optional.empty();
  private Optional<Instant> creationTime = Optional.empty();
  private final Map<String, String> annotations = new LinkedHashMap<>();
  private IndexFormat format = IndexFormat.OCI;
  private Optional<Path> workDirectory = Optional.empty();
  private Optional<Path> cacheDirectory = Optional.empty();
  private Map<String, String> environment = System.getenv();
  private BuildLog log = BuildLog.NONE;
  private int parallelism = Runtime.getRuntime().availableProcessors();
  private final Set<AttestationKind> attestations = EnumSet.allOf(AttestationKind.class);
  private Optional<String> imageName = Optional.empty();

  private GoImageBuild(Path moduleDir) {
    this.moduleDir = moduleDir.toAbsolutePath().normalize();
  }

  /** Starts a build of the Go module (the directory holding go.mod). */
  public static GoImageBuild module(Path moduleDir) {
    return new GoImageBuild(moduleDir);
  }

  public GoImageBuild platforms(List<Platform> value) {
    if (value.isEmpty()) {
      throw new CinemaException("No platforms to build: give at least one, such as linux/amd64.");
    }
    this.platforms = List.copyOf(new java.util.LinkedHashSet<>(value));
    return this;
  }

  public GoImageBuild platforms(String... value) {
    return platforms(Platform.parseAll(List.of(value)));
  }

  /** The base image: {@code scratch} (the default) or a registry reference. */
  public GoImageBuild from(String value) {
    this.from = value == null || value.isBlank() ? StaticBase.NAME : value.trim();
    return this;
  }

  /** The layer of the built-in static base, a gzipped tar, instead of the one made from this machine's files. */
  public GoImageBuild staticBaseLayer(Path value) {
    this.staticBaseLayer = Optional.ofNullable(value);
    return this;
  }

  public GoImageBuild baseCredentials(RegistryCredentials value) {
    this.baseCredentials = value;
    return this;
  }

  public GoImageBuild allowInsecureRegistries(boolean value) {
    this.allowInsecureRegistries = value;
    return this;
  }

  /** How registries (the base image's) are reached; by default TLS only unless {@link #allowInsecureRegistries}. */
  public GoImageBuild registryAccess(RegistryAccess value) {
    this.registryAccess = Optional.ofNullable(value);
    return this;
  }

  public GoImageBuild go(GoBuildOptions value) {
    this.goOptions = value;
    return this;
  }

  /** The {@code go} executable or a GOROOT; by default GOROOT, then the PATH. */
  public GoImageBuild goExecutable(Path value) {
    this.goExecutable = Optional.ofNullable(value);
    return this;
  }

  /** The binary's file name; by default the last element of the main package, or the module directory's name. */
  public GoImageBuild binaryName(String value) {
    this.binaryName = Optional.ofNullable(value).filter(v -> !v.isBlank());
    return this;
  }

  public GoImageBuild container(ContainerSpec value) {
    this.container = Optional.of(value);
    return this;
  }

  /** The image's creation time; by default SOURCE_DATE_EPOCH from the environment, else the epoch. */
  public GoImageBuild creationTime(Instant value) {
    this.creationTime = Optional.ofNullable(value);
    return this;
  }

  /** Index annotations, such as {@link ImageAnnotations#SOURCE}; {@code created} and the base are added. */
  public GoImageBuild annotations(Map<String, String> value) {
    this.annotations.putAll(value);
    return this;
  }

  public GoImageBuild format(IndexFormat value) {
    this.format = value;
    return this;
  }

  /** Where binaries and intermediate files go; by default {@code <layout>/../cinema-work}. */
  public GoImageBuild workDirectory(Path value) {
    this.workDirectory = Optional.ofNullable(value);
    return this;
  }

  /** jib's layer cache; by default under the work directory. */
  public GoImageBuild cacheDirectory(Path value) {
    this.cacheDirectory = Optional.ofNullable(value);
    return this;
  }

  /** The environment go build inherits (GOFLAGS, GOPROXY, GOCACHE...); by default this process's. */
  public GoImageBuild environment(Map<String, String> value) {
    this.environment = Map.copyOf(value);
    return this;
  }

  public GoImageBuild log(BuildLog value) {
    this.log = value;
    return this;
  }

  /** Whether each platform image gets an SPDX and a CycloneDX SBOM as OCI 1.1 referrers; on by default. */
  public GoImageBuild sbom(boolean value) {
    if (value) {
      attestations.addAll(EnumSet.of(AttestationKind.SPDX, AttestationKind.CYCLONEDX));
    } else {
      attestations.removeAll(EnumSet.of(AttestationKind.SPDX, AttestationKind.CYCLONEDX));
    }
    return this;
  }

  /** Whether each platform image gets an in-toto SLSA v1 provenance statement as an OCI 1.1 referrer; on by default. */
  public GoImageBuild provenance(boolean value) {
    if (value) {
      attestations.add(AttestationKind.PROVENANCE);
    } else {
      attestations.remove(AttestationKind.PROVENANCE);
    }
    return this;
  }

  /** The image's name without tag, such as {@code ghcr.io/owner/movies}, as SBOM and provenance name it; by default the binary's name. */
  public GoImageBuild imageName(String value) {
    this.imageName = Optional.ofNullable(value).filter(v -> !v.isBlank());
    return this;
  }

  /** Directories under the module that hold this tool's output, not Go sources (target/cinema): left out of the check for changed Go inputs. */
  public GoImageBuild outputDirectories(List<Path> value) {
    this.outputDirectories = List.copyOf(value);
    return this;
  }

  /** The build's own output, which go build reads none of: the work, layout and cache directories and the given ones. */
  private List<Path> notInputs(Path work, Path layoutDir, Path cache) {
    List<Path> all = new ArrayList<>(outputDirectories);
    all.addAll(List.of(work, layoutDir, cache));
    return all;
  }

  /** How many platforms compile and assemble at once; by default the number of cores. */
  public GoImageBuild parallelism(int value) {
    this.parallelism = Math.max(1, value);
    return this;
  }

  /**
   * Runs the build and tags the index as {@code tag} in the OCI layout at {@code layoutDir}
   * (created when missing; other tags in it are kept).
   */
  public BuildResult buildTo(Path layoutDir, String tag) {
    if (tag == null || tag.isBlank()) {
      throw new CinemaException("No tag for the OCI layout: give one, such as the image's version.");
    }
    Path work = workDirectory.orElse(layoutDir.toAbsolutePath().getParent().resolve("cinema-work"));
    Path cache = cacheDirectory.orElse(work.resolve("jib-cache"));
    GoToolchain toolchain = GoToolchain.locate(goExecutable, environment);
    log.info("Go toolchain: " + toolchain.version() + " at " + toolchain.executable());
    String name = binaryName.orElseGet(() -> defaultBinaryName(moduleDir, goOptions.mainPackage()));
    ContainerSpec spec = container.orElseGet(() -> ContainerSpec.forBinary(name));
    Instant created = creationTime.orElseGet(() -> SourceDateEpoch.creationTime(environment, moduleDir));
    spec = spec.withCreationTime(created);
    spec = withKodata(spec);

    RegistryAccess access = registryAccess.orElseGet(() -> RegistryAccess.forLog(allowInsecureRegistries, log));
    Optional<StaticBase> builtIn = from.equals(StaticBase.NAME)
        ? Optional.of(staticBaseLayer.map(StaticBase::fromLayer).orElseGet(() -> StaticBase.fromHost(work.resolve("static-base"))))
        : Optional.empty();
    BaseImage base = builtIn.map(StaticBase::asBaseImage).orElseGet(() -> new BaseImageResolver(access).resolve(from, platforms, baseCredentials));
    if (base.reference().isPresent()) {
      log.info("Base image " + base.name() + " resolved to " + base.digest().orElseThrow());
    }
    builtIn.ifPresent(b -> log.info("Base: the built-in static base " + b.digest() + " (" + String.join(", ", b.inputs()) + ")"));

    GoCrossCompiler compiler = new GoCrossCompiler(toolchain, environment, parallelism, log);
    List<GoBinary> binaries = compiler.compile(moduleDir, platforms, goOptions, work.resolve("bin"), name,
        notInputs(work, layoutDir, cache));
    for (GoBinary binary : binaries) {
      log.info("Built " + binary.platform() + ": " + binary.path() + " (" + binary.elf() + ")");
    }

    Map<String, String> indexAnnotations = new LinkedHashMap<>(annotations);
    ImageAnnotations standard = new ImageAnnotations().created(created);
    if (base.reference().isPresent()) {
      standard.put(ImageAnnotations.BASE_NAME, base.name()).put(ImageAnnotations.BASE_DIGEST, base.digest());
    }
    standard.putAll(indexAnnotations);
    spec = spec.withLabels(standard.labelsUnder(spec.labels()));

    OciLayout layout = OciLayout.create(layoutDir);
    Provenance.Build provenanceBuild = provenanceBuild(toolchain, base, created);
    // the SBOMs and provenance are made with the images: a change to what they would say (a new commit) rebuilds them
    String inputs = Digest.of((BuildRecord.inputs(binaries, base, spec, format, standard.asMap()) + " attestations " + attestations
        + " " + provenanceBuild.parameters() + " " + provenanceBuild.source() + " " + imageName).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
    Path recordFile = work.resolve(BuildRecord.fileName(tag));
    Optional<BuildRecord> previous = BuildRecord.reusable(recordFile, inputs, layout, tag);
    if (previous.isPresent()) {
      log.info("Image unchanged since the last build (same binaries, base and settings): reusing " + previous.get().index().digest());
      return new BuildResult(layout, tag, previous.get().index(), previous.get().images(), binaries, base);
    }

    PlatformImageAssembler assembler = new PlatformImageAssembler(access, baseCredentials, cache, builtIn);
    List<PlatformImage> images = assembleAll(assembler, binaries, base, spec, layout, work.resolve("jib"));
    Descriptor index =
        layout.write(ImageIndexAssembler.index(format, images.stream().map(PlatformImage::manifest).toList(), standard.asMap()));
    List<Descriptor> referrers = attest(layout, images, binaries, base, spec, created, provenanceBuild, name);
    layout.tagIndex(tag, index, images.stream().map(PlatformImage::manifest).toList(), referrers);
    layout.deleteUnreachable(assembler.replacedBlobs());
    new BuildRecord(inputs, index, images).save(recordFile);
    return new BuildResult(layout, tag, index, images, binaries, base);
  }

  private List<PlatformImage> assembleAll(
      PlatformImageAssembler assembler, List<GoBinary> binaries, BaseImage base, ContainerSpec spec, OciLayout layout, Path work) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, binaries.size()));
    try {
      List<Future<PlatformImage>> futures = new ArrayList<>();
      for (GoBinary binary : binaries) {
        futures.add(pool.submit(() -> assembler.assemble(binary.platform(), binary.path(), base, spec, format, layout, work)));
      }
      List<PlatformImage> images = new ArrayList<>();
      for (Future<PlatformImage> future : futures) {
        try {
          images.add(future.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw new CinemaException("Image assembly failed: " + e.getCause(), e.getCause());
        }
      }
      return images;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CinemaException("Interrupted while assembling images", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The parameters, source and bases provenance names; the same for every platform. */
  private Provenance.Build provenanceBuild(GoToolchain toolchain, BaseImage base, Instant created) {
    Map<String, Object> parameters = new TreeMap<>();
    parameters.put("platforms", platforms.stream().map(Platform::toString).toList());
    parameters.put("goVersion", toolchain.version());
    parameters.put("ldflags", goOptions.ldflags());
    parameters.put("tags", goOptions.tags());
    parameters.put("mainPackage", goOptions.mainPackage());
    parameters.put("cgo", goOptions.cgo());
    parameters.put("trimpath", goOptions.trimpath());
    parameters.put("format", format.name());
    parameters.put("base", base.name());
    Optional<String> commit = Optional.ofNullable(annotations.get(ImageAnnotations.REVISION)).filter(v -> !v.isBlank())
        .or(() -> GitRevision.of(moduleDir));
    Optional<String> url = Optional.ofNullable(annotations.get(ImageAnnotations.SOURCE)).filter(v -> !v.isBlank())
        .or(() -> GitRevision.remoteUrl(moduleDir));
    Optional<Provenance.Source> source = commit.map(c -> new Provenance.Source(
        url.orElse(""), c, GitRevision.dirty(moduleDir).orElse(false)));
    List<BuiltBinary.BaseImage> bases = new ArrayList<>();
    for (Platform platform : platforms) {
      baseOf(base, platform).filter(b -> !bases.contains(b)).ifPresent(bases::add);
    }
    return new Provenance.Build(parameters, source, bases, created);
  }

  /** The base under one platform's image: a registry base's platform manifest, the static base's layer, none for scratch. */
  private static Optional<BuiltBinary.BaseImage> baseOf(BaseImage base, Platform platform) {
    if (base.isScratch()) {
      return Optional.empty();
    }
    return Optional.ofNullable(base.manifests().get(platform)).or(base::digest).map(d -> new BuiltBinary.BaseImage(base.name(), d));
  }

  /** Writes each platform's SBOMs and provenance as artifact manifests whose subject is its manifest. */
  private List<Descriptor> attest(
      OciLayout layout, List<PlatformImage> images, List<GoBinary> binaries, BaseImage base, ContainerSpec spec, Instant created,
      Provenance.Build build, String name) {
    List<Descriptor> referrers = new ArrayList<>();
    if (attestations.isEmpty()) {
      return referrers;
    }
    for (PlatformImage image : images) {
      GoBinary binary = binaries.stream().filter(b -> b.platform().equals(image.platform())).findFirst().orElseThrow();
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(binary.path());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("Cannot read the built binary " + binary.path() + " to make its SBOM", e);
      }
      GoBuildInfo info = ImageAttestations.buildInfo(bytes, "The " + image.platform() + " binary " + binary.path());
      BuiltBinary built = new BuiltBinary(
          imageName.orElse(name), image.platform().toString(), spec.appPath(), info, baseOf(base, image.platform()), created);
      Descriptor subject = new Descriptor(image.manifest().mediaType(), image.manifest().digest(), image.manifest().size());
      List<Descriptor> written = ImageAttestations.write(layout, subject, built, build, attestations);
      log.info(String.format("%-14s %s", image.platform(), written.stream()
          .map(d -> AttestationKind.of(d.artifactType()).map(AttestationKind::label).orElse(d.artifactType()) + " " + d.digest().hex().substring(0, 12))
          .collect(java.util.stream.Collectors.joining(", "))));
      referrers.addAll(written);
    }
    return referrers;
  }

  /** The binary's default name: the main package's last element, else the module directory's name. */
  public static String defaultBinaryName(Path moduleDir, String mainPackage) {
    String main = mainPackage == null ? "." : mainPackage.replaceAll("/+$", "");
    if (!main.equals(".") && !main.isBlank()) {
      String last = main.substring(main.lastIndexOf('/') + 1);
      if (!last.isBlank() && !last.equals(".") && !last.equals("...")) {
        return last;
      }
    }
    return moduleDir.toAbsolutePath().normalize().getFileName().toString();
  }

  /**
   * ko's convention: a {@code kodata/} directory beside the main package goes to /var/run/ko, and
   * KO_DATA_PATH names it (unless the environment already sets it).
   */
  private ContainerSpec withKodata(ContainerSpec spec) {
    Path kodata = moduleDir.resolve(goOptions.mainPackage()).normalize().resolve("kodata");
    if (!Files.isDirectory(kodata)) {
      return spec;
    }
    log.info("kodata: " + kodata + " goes to " + ExtraDirectory.KO_DATA_PATH + " (KO_DATA_PATH)");
    List<ExtraDirectory> extra = new ArrayList<>(spec.extraDirectories());
    extra.add(ExtraDirectory.of(kodata, ExtraDirectory.KO_DATA_PATH));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KO_DATA_PATH", ExtraDirectory.KO_DATA_PATH);
    env.putAll(spec.env());
    return spec.withExtraDirectories(extra).withEnv(env);
  }
}
