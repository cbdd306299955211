package io.cinemaabyss.cinema.api;

import io.cinemaabyss.cinema.BuildLog;
import io.cinemaabyss.cinema.assemble.BaseImage;
import io.cinemaabyss.cinema.assemble.BuildResult;
import io.cinemaabyss.cinema.assemble.ContainerSpec;
import io.cinemaabyss.cinema.assemble.ExtraDirectory;
import io.cinemaabyss.cinema.assemble.GoImageBuild;
import io.cinemaabyss.cinema.build.go.GoBuildOptions;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.remote.RegistryAccess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Go service build; see {@link Cinema#go}. Every setting has the default a ko or Jib user
 * expects: linux/amd64 and linux/arm64, the built-in {@code static} base, CGO off, -trimpath, the
 * binary at {@code /usr/local/bin/NAME} run as 65532:65532, an OCI index.
 */
public final class GoServiceBuild {

  /** The user the entrypoint runs as unless {@link #user} says otherwise: distroless's nonroot, 65532:65532. */
  public static final String DEFAULT_USER = ContainerSpec.DEFAULT_USER;

  private final Path module;
  private List<Platform> platforms = Platform.DEFAULTS;
  private String base = "static";
  private Credentials baseCredentials = Credentials.standard();
  private Connection connection = Connection.defaults();
  private Optional<Path> staticBaseLayer = Optional.empty();
  private Optional<Path> goExecutable = Optional.empty();
  private GoBuildOptions go = GoBuildOptions.defaults();
  private Optional<String> binaryName = Optional.empty();
  private Optional<String> appPath = Optional.empty();
  private List<String> entrypoint = List.of();
  private Optional<List<String>> args = Optional.empty();
  private Map<String, String> env = Map.of();
  private String user = DEFAULT_USER;
  private String workingDirectory = "";
  private List<String> ports = List.of();
  private List<String> volumes = List.of();
  private Map<String, String> labels = Map.of();
  private final List<ExtraDirectory> extraDirectories = new ArrayList<>();
  private final Map<String, String> annotations = new LinkedHashMap<>();
  private Format format = Format.OCI;
  private Optional<Instant> creationTime = Optional.empty();
  private Optional<Path> workDirectory = Optional.empty();
  private final List<Path> outputDirectories = new ArrayList<>();
  private Map<String, String> buildEnvironment = System.getenv();
  private Optional<String> image = Optional.empty();
  private int parallelism = Runtime.getRuntime().availableProcessors();
  private BuildLog log = BuildLog.NONE;
  private boolean sbom = true;
  private boolean provenance = true;

  GoServiceBuild(Path module) {
    this.module = module;
  }

  public GoServiceBuild platforms(List<Platform> value) {
    this.platforms = List.copyOf(value);
    return this;
  }

  /** Platforms as {@code os/arch[/variant]}, such as {@code linux/arm/v7}. */
  public GoServiceBuild platforms(String... value) {
    return platforms(Platform.parseAll(List.of(value)));
  }

  /**
   * The base image: {@code static} (built in: CA certificates, time zones, passwd with nonroot),
   * {@code scratch} (nothing but the binary), or a multi-platform registry image, read with
   * {@code credentials} (only a registry base is read; {@code static} and {@code scratch} need none).
   */
  public GoServiceBuild base(String value, Credentials credentials) {
    this.base = value == null || value.isBlank() ? "static" : value.trim();
    this.baseCredentials = credentials;
    return this;
  }

  public GoServiceBuild base(String value) {
    return base(value, baseCredentials);
  }

  /** How the base image's registry is reached. */
  public GoServiceBuild connection(Connection value) {
    this.connection = value;
    return this;
  }

  /** A gzipped tar to use as the {@code static} base's layer, such as one with a company CA bundle. */
  public GoServiceBuild staticBaseLayer(Path value) {
    this.staticBaseLayer = Optional.ofNullable(value);
    return this;
  }

  /** The {@code go} executable or a GOROOT; by default {@code $GOROOT/bin/go}, then the PATH. */
  public GoServiceBuild goExecutable(Path value) {
    this.goExecutable = Optional.ofNullable(value);
    return this;
  }

  /** The main package, relative to the module, such as {@code ./cmd/server}; by default {@code .}. */
  public GoServiceBuild mainPackage(String value) {
    go = go.withMainPackage(value);
    return this;
  }

  public GoServiceBuild ldflags(String value) {
    go = go.withLdflags(value);
    return this;
  }

  public GoServiceBuild goTags(List<String> value) {
    go = go.withTags(value);
    return this;
  }

  /** Extra environment of go build only (the build also inherits {@link #buildEnvironment}). */
  public GoServiceBuild goEnvironment(Map<String, String> value) {
    go = go.withEnv(value);
    return this;
  }

  public GoServiceBuild goArgs(List<String> value) {
    go = go.withExtraArgs(value);
    return this;
  }

  public GoServiceBuild cgo(boolean value) {
    go = go.withCgo(value);
    return this;
  }

  /** With cgo off: fail before compiling when a dependency has cgo files; on by default. */
  /** How long one platform's {@code go build} may run before it is killed and the build fails, naming the platform. */
  public GoServiceBuild goTimeout(java.time.Duration value) {
    go = go.withTimeout(value);
    return this;
  }

  public GoServiceBuild cgoCheck(boolean value) {
    go = go.withCgoCheck(value);
    return this;
  }

  /** The binary's name; by default the main package's last element, or the module directory's name. */
  public GoServiceBuild binaryName(String value) {
    this.binaryName = Optional.ofNullable(value).filter(v -> !v.isBlank());
    return this;
  }

  /** Where the binary goes in the image; by default {@code /usr/local/bin/NAME}. */
  public GoServiceBuild appPath(String value) {
    this.appPath = Optional.ofNullable(value).filter(v -> !v.isBlank());
    return this;
  }

  public GoServiceBuild entrypoint(List<String> value) {
    this.entrypoint = value == null ? List.of() : List.copyOf(value);
    return this;
  }

  /** Default arguments (the image's Cmd). */
  public GoServiceBuild args(List<String> value) {
    this.args = Optional.ofNullable(value).map(List::copyOf);
    return this;
  }

  /** The container's environment. */
  public GoServiceBuild env(Map<String, String> value) {
    this.env = value == null ? Map.of() : Map.copyOf(value);
    return this;
  }

  public GoServiceBuild user(String value) {
    this.user = value;
    return this;
  }

  public GoServiceBuild workingDirectory(String value) {
    this.workingDirectory = value;
    return this;
  }

  public GoServiceBuild ports(List<String> value) {
    this.ports = value == null ? List.of() : List.copyOf(value);
    return this;
  }

  public GoServiceBuild volumes(List<String> value) {
    this.volumes = value == null ? List.of() : value.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).toList();
    return this;
  }

  public GoServiceBuild labels(Map<String, String> value) {
    this.labels = value == null ? Map.of() : Map.copyOf(value);
    return this;
  }

  /** Files of {@code from} go into the image under {@code into}, with these octal modes (such as 644 and 755). */
  public GoServiceBuild extraDirectory(Path from, String into, String fileMode, String directoryMode) {
    extraDirectories.add(new ExtraDirectory(from, into, fileMode, directoryMode));
    return this;
  }

  /** Index annotations, such as {@code org.opencontainers.image.source}; created and the base are added. */
  public GoServiceBuild annotations(Map<String, String> value) {
    annotations.putAll(value);
    return this;
  }

  public GoServiceBuild format(Format value) {
    this.format = value;
    return this;
  }

  /** By default SOURCE_DATE_EPOCH, else the time of the git commit, else the epoch. */
  public GoServiceBuild creationTime(Instant value) {
    this.creationTime = Optional.ofNullable(value);
    return this;
  }

  /**
   * Where binaries, jib's cache and the record of the last build are kept, so that an unchanged
   * build is reused; by default a temporary directory, deleted afterwards (every build is cold).
   */
  public GoServiceBuild workDirectory(Path value) {
    this.workDirectory = Optional.ofNullable(value);
    return this;
  }

  /**
   * A directory under the module that holds this tool's output, not Go sources, such as the Maven
   * plugin's {@code target/cinema}: a change there does not make go build run again. The work
   * directory and the layout are such directories always. (Not all of {@code target}: Go sources may
   * be generated there.)
   */
  public GoServiceBuild outputDirectory(Path value) {
    if (value != null) {
      outputDirectories.add(value);
    }
    return this;
  }

  /** The environment go build inherits (GOFLAGS, GOPROXY, GOCACHE...); by default this process's. */
  public GoServiceBuild buildEnvironment(Map<String, String> value) {
    this.buildEnvironment = Map.copyOf(value);
    return this;
  }

  /** The image's name, such as {@code ghcr.io/owner/movies:1.0}, for the summary line and the report. */
  public GoServiceBuild image(String value) {
    this.image = Optional.ofNullable(value).filter(v -> !v.isBlank());
    return this;
  }

  /** How many platforms compile, assemble and upload at once; by default the number of cores. */
  public GoServiceBuild parallelism(int value) {
    this.parallelism = Math.max(1, value);
    return this;
  }

  /**
   * Whether each platform image gets an SPDX 2.3 and a CycloneDX 1.5 SBOM, made from the binary's
   * Go build information, attached as OCI 1.1 referrers; on by default.
   */
  public GoServiceBuild sbom(boolean value) {
    this.sbom = value;
    return this;
  }

  /** Whether each platform image gets an in-toto SLSA v1 provenance statement as an OCI 1.1 referrer; on by default. */
  public GoServiceBuild provenance(boolean value) {
    this.provenance = value;
    return this;
  }

  public GoServiceBuild log(BuildLog value) {
    this.log = value;
    return this;
  }

  /** Builds every platform and writes the image to {@code sink}: a {@link Layout} with a tag, or a {@link Registry}. */
  public Built to(Location sink) {
    return BuildTo.run(sink, workDirectory, image, parallelism, log, this::buildInto);
  }

  private BuildResult buildInto(Path layout, String tag, Path work) {
    RegistryAccess access = connection.access(log);
    GoImageBuild build = GoImageBuild.module(module)
        .platforms(platforms)
        .from(base)
        .staticBaseLayer(staticBaseLayer.orElse(null))
        .go(go)
        .goExecutable(goExecutable.orElse(null))
        .container(container())
        .annotations(annotations)
        .format(format.core())
        .creationTime(creationTime.orElse(null))
        .workDirectory(work)
        .outputDirectories(outputDirectories)
        .environment(buildEnvironment)
        .parallelism(parallelism)
        .log(log)
        .sbom(sbom)
        .provenance(provenance)
        .imageName(image.map(GoServiceBuild::withoutTag).orElse(null))
        .registryAccess(access);
    if (BaseImage.isRegistryName(base)) {
      build.baseCredentials(baseCredentials.forImage(RegistryAccess.parse(base), access.log()));
    }
    return build.buildTo(layout, tag);
  }

  /** {@code ghcr.io/o/movies} of {@code ghcr.io/o/movies:1.0} or {@code ...@sha256:...}: SBOMs name the repository. */
  private static String withoutTag(String reference) {
    String name = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    return colon > slash ? name.substring(0, colon) : name;
  }

  private ContainerSpec container() {
    String name = binaryName.orElseGet(() -> GoImageBuild.defaultBinaryName(module, go.mainPackage()));
    ContainerSpec spec = ContainerSpec.forBinary(name);
    if (appPath.isPresent()) {
      spec = spec.withAppPath(appPath.get());
    }
    if (!entrypoint.isEmpty()) {
      spec = spec.withEntrypoint(entrypoint);
    }
    if (args.isPresent()) {
      spec = spec.withArgs(args.get());
    }
    return spec.withEnv(env).withUser(user).withWorkingDirectory(workingDirectory).withPorts(ports).withLabels(labels)
        .withVolumes(volumes).withExtraDirectories(extraDirectories);
  }
}
