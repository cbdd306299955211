package io.cinemaabyss.cinema.maven;

import com.google.cloud.tools.jib.api.ImageReference;
import io.cinemaabyss.cinema.docker.DockerfileImageBuild;
import io.cinemaabyss.cinema.golang.GoBuildOptions;
import io.cinemaabyss.cinema.image.BuildResult;
import io.cinemaabyss.cinema.image.ContainerSpec;
import io.cinemaabyss.cinema.image.GitRevision;
import io.cinemaabyss.cinema.image.GoImageBuild;
import io.cinemaabyss.cinema.image.ImageAnnotations;
import io.cinemaabyss.cinema.image.IndexFormat;
import io.cinemaabyss.cinema.image.Json;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.registry.RegistryAccess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.maven.model.License;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the service's multi-platform image: cross-compiles the Go main package once per platform
 * (CGO off, -trimpath), checks each binary's ELF architecture, builds one image per platform with
 * jib-core on the base image, and joins them in an OCI image index, tagged in an OCI image layout
 * under {@code target/cinema/oci}. No Docker daemon, registry or emulation needed (unless the base
 * image is in a registry). With {@code dockerfile} set, the images are built from that Dockerfile
 * instead (this needs a Docker daemon), and land in the same layout the same way.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractCinemaMojo {

  /**
   * The image name, such as {@code ghcr.io/owner/movies:1.2.0}. Its tag names the index in the
   * layout, and {@code push} sends it there.
   */
  @Parameter(property = "cinema.image", defaultValue = "${project.artifactId}:${project.version}")
  String image;

  /** Target platforms, {@code os/arch[/variant]}: by default linux/amd64 and linux/arm64. */
  @Parameter(property = "cinema.platforms", defaultValue = "linux/amd64,linux/arm64")
  List<String> platforms;

  /**
   * The base image: {@code static} (the built-in base: CA certificates, time zones, passwd/group with
   * nonroot 65532, /tmp, PATH and SSL_CERT_FILE, made from this machine's ca-certificates and tzdata),
   * {@code scratch} (nothing but the binary), or a multi-platform registry image.
   */
  @Parameter(property = "cinema.from", defaultValue = "static")
  String from;

  /**
   * With {@code from=static}: a gzipped tar to use as the static base's layer instead of the one made
   * from this machine's ca-certificates and tzdata (such as one with a company CA bundle).
   */
  @Parameter(property = "cinema.staticBaseLayer")
  File staticBaseLayer;

  /** The directory of the Go module (holding go.mod). */
  @Parameter(property = "cinema.goModule", defaultValue = "${project.basedir}")
  File goModule;

  /** The main package to build, relative to the module, such as {@code ./cmd/server}. */
  @Parameter(property = "cinema.mainPackage", defaultValue = ".")
  String mainPackage;

  /** The {@code go} executable or a GOROOT. By default {@code $GOROOT/bin/go}, then {@code go} on the PATH. */
  @Parameter(property = "cinema.go")
  File goExecutable;

  /** The {@code -ldflags} of go build, such as {@code -s -w -X main.version=${project.version}}. */
  @Parameter(property = "cinema.ldflags")
  String ldflags;

  /** Go build tags. */
  @Parameter(property = "cinema.goTags")
  List<String> goTags;

  /**
   * Extra environment for go build. The build already inherits the user's environment (GOFLAGS,
   * GOPROXY, GOPRIVATE, GONOSUMDB, GOCACHE...); GOOS, GOARCH, GOARM and CGO_ENABLED are set per platform.
   */
  @Parameter
  Map<String, String> goEnvironment;

  /** Further go build arguments, such as {@code -mod=vendor}. */
  @Parameter(property = "cinema.goArgs")
  List<String> goArgs;

  /** Build with CGO_ENABLED=1. Off by default: a static binary needs no C toolchain per platform. */
  @Parameter(property = "cinema.cgo", defaultValue = "false")
  boolean cgo;

  /**
   * With cgo off: fail before compiling when a dependency has cgo files (it would be left out, or a
   * stub that fails at run time), naming the packages. Off for a dependency whose pure-Go fallback you want.
   */
  @Parameter(property = "cinema.cgoCheck", defaultValue = "true")
  boolean cgoCheck;

  /** The binary's file name; by default the main package's last element or the module directory's name. */
  @Parameter(property = "cinema.binaryName")
  String binaryName;

  /** Where the binary goes in the image; by default {@code /usr/local/bin/<binaryName>}. */
  @Parameter(property = "cinema.appPath")
  String appPath;

  /** The entrypoint, comma-separated as a property; by default the binary alone. */
  @Parameter(property = "cinema.entrypoint")
  List<String> entrypoint;

  /** Default arguments to the entrypoint (the image's Cmd). */
  @Parameter(property = "cinema.args")
  List<String> args;

  /** Environment variables of the container. */
  @Parameter
  Map<String, String> environment;

  /** The user to run as; by default 65532:65532, not root. */
  @Parameter(property = "cinema.user", defaultValue = ContainerSpec.DEFAULT_USER)
  String user;

  /** The working directory of the container. */
  @Parameter(property = "cinema.workingDirectory")
  String workingDirectory;

  /** Exposed ports, such as {@code 8080} or {@code 8080/tcp}. */
  @Parameter(property = "cinema.ports")
  List<String> ports;

  /** Volumes the config declares, absolute paths such as {@code /data}; comma-separated as a property. */
  @Parameter(property = "cinema.volumes")
  List<String> volumes;

  /**
   * Directories whose files go into the image, in a layer of their own, as Jib's: {@code <extraDirectories>
   * <extraDirectory><from>src/main/jib</from><into>/</into><fileMode>644</fileMode><directoryMode>755</directoryMode>
   * </extraDirectory></extraDirectories>}; modes are optional (644 and 755). By default {@code src/main/jib} into
   * {@code /} when that directory exists. Entries get a fixed time, so the image stays reproducible. A
   * {@code kodata/} directory beside the main package goes to /var/run/ko with KO_DATA_PATH set, as ko does.
   */
  @Parameter
  List<ExtraDirectoryConfig> extraDirectories;

  /** One extra directory: where from, where to in the image, and the modes of its files and directories. */
  public static class ExtraDirectoryConfig {
    /** The directory on this machine. */
    public File from;

    /** The absolute path in the image; by default {@code /}. */
    public String into = "/";

    /** The mode of its files, octal; by default 644. */
    public String fileMode = "644";

    /** The mode of its directories, octal; by default 755. */
    public String directoryMode = "755";
  }

  /** Labels of the image config. */
  @Parameter
  Map<String, String> labels;

  /**
   * Index annotations, added to those taken from the project: source (scm url), revision (git
   * commit), created, title, description, licenses, version, url, and the base image's name and digest.
   */
  @Parameter
  Map<String, String> annotations;

  /** {@code OCI} (an OCI image index, the default) or {@code DOCKER} (a Docker manifest list). */
  @Parameter(property = "cinema.format", defaultValue = "OCI")
  String format;

  /** The OCI image layout the image is written to. */
  @Parameter(property = "cinema.outputDirectory", defaultValue = "${project.build.directory}/cinema/oci")
  File outputDirectory;

  /**
   * A Dockerfile to build the image from, instead of compiling Go: every platform is built from it
   * (with {@code docker buildx} when installed, else one platform at a time through the Docker
   * Engine API), its entrypoint binary checked by ELF header, and the images joined in the same
   * index and layout. The Dockerfile is linted first (see the {@code lint-dockerfile} goal). The Go
   * and base-image parameters do not apply then.
   */
  @Parameter(property = "cinema.dockerfile")
  File dockerfile;

  /** Build args of the Dockerfile build, like {@code --build-arg}; TARGETARCH and the other platform args are set per platform. */
  @Parameter
  Map<String, String> buildArgs;

  /** The Dockerfile stage to build; by default the last. */
  @Parameter(property = "cinema.target")
  String target;

  /** The build context of the Dockerfile build (what COPY sees). */
  @Parameter(property = "cinema.context", defaultValue = "${project.basedir}")
  File context;

  /** Fail the build when the Dockerfile lint finds problems; by default they are logged as warnings. */
  @Parameter(property = "cinema.failOnLint", defaultValue = "false")
  boolean failOnLint;

  /** The Docker Engine for Dockerfile builds; by default DOCKER_HOST, else {@code unix:///var/run/docker.sock}. */
  @Parameter(property = "cinema.dockerHost")
  String dockerHost;

  /** Binaries, jib's caches and the build report. */
  @Parameter(property = "cinema.workDirectory", defaultValue = "${project.build.directory}/cinema/work")
  File workDirectory;

  @Override
  protected String goalName() {
    return "build";
  }

  @Override
  protected void run() throws MojoExecutionException {
    ImageReference reference = RegistryAccess.parse(image);
    String tag = reference.getTag().orElse("latest");
    List<Platform> targets = Platform.parseAll(platforms == null || platforms.isEmpty() ? List.of("linux/amd64", "linux/arm64") : platforms);
    outputDirectory = perExecution(outputDirectory, "oci");
    workDirectory = perExecution(workDirectory, "work");
    claimLayoutTag(tag);
    if (dockerfile != null) {
      // the core says when the build starts, once the daemon has answered
      buildFromDockerfile(reference, tag, targets);
      return;
    }
    getLog().info("Building " + image + " for " + targets.stream().map(Platform::toString).collect(Collectors.joining(", ")));

    GoBuildOptions go =
        GoBuildOptions.defaults()
            .withMainPackage(mainPackage)
            .withLdflags(ldflags)
            .withTags(goTags)
            .withEnv(goEnvironment)
            .withCgo(cgo)
            .withCgoCheck(cgoCheck)
            .withExtraArgs(goArgs);

    GoImageBuild build =
        GoImageBuild.module(goModule.toPath())
            .platforms(targets)
            .from(from)
            .staticBaseLayer(staticBaseLayer == null ? null : staticBaseLayer.toPath())
            .allowInsecureRegistries(allowInsecureRegistries)
            .go(go)
            .goExecutable(goExecutable == null ? null : goExecutable.toPath())
            .binaryName(binaryName)
            .annotations(projectAnnotations())
            .format(parseFormat())
            .workDirectory(workDirectory.toPath())
            .environment(environment())
            .log(buildLog());
    if (io.cinemaabyss.cinema.image.BaseImage.isRegistryName(from)) {
      build.baseCredentials(credentialsFor(RegistryAccess.parse(from)));
    }
    build.container(container());

    BuildResult result = build.buildTo(outputDirectory.toPath(), tag);
    writeReport(result);
    result.summary().lines().forEach(getLog()::info);
  }

  private void buildFromDockerfile(ImageReference reference, String tag, List<Platform> targets) throws MojoExecutionException {
    String repository = reference.getRepository();
    BuildResult result =
        DockerfileImageBuild.dockerfile(dockerfile.toPath())
            .context(context == null ? null : context.toPath())
            .platforms(targets)
            .buildArgs(buildArgs)
            .target(target)
            .dockerHost(dockerHost)
            .failOnLint(failOnLint)
            .annotations(projectAnnotations())
            .format(parseFormat())
            .workDirectory(workDirectory.toPath())
            .localImageName("cinema-build/" + repository.substring(repository.lastIndexOf('/') + 1))
            .environment(environment())
            .log(buildLog())
            .buildTo(outputDirectory.toPath(), tag);
    writeReport(result);
    getLog().info(result.summary().stripTrailing());
  }

  /**
   * Two executions of one build writing the same tag of the same layout would leave the second's
   * image under the first's name: that is an error, naming both.
   */
  private void claimLayoutTag(String tag) {
    if (project == null) {
      return;
    }
    String key = outputDirectory.getAbsolutePath() + ":" + tag;
    String execution = mojoExecution == null || mojoExecution.getExecutionId() == null ? "default" : mojoExecution.getExecutionId();
    @SuppressWarnings("unchecked")
    Map<String, String> claimed = (Map<String, String>) project.getContextValue("cinema.layoutTags");
    if (claimed == null) {
      claimed = new java.util.concurrent.ConcurrentHashMap<>();
      project.setContextValue("cinema.layoutTags", claimed);
    }
    String other = claimed.putIfAbsent(key, execution);
    if (other != null && !other.equals(execution)) {
      throw new io.cinemaabyss.cinema.CinemaException("The executions '" + other + "' and '" + execution + "' both write the tag '" + tag
          + "' of " + outputDirectory + ": the second would replace the first's image. Give each its own <outputDirectory>, or"
          + " images with different tags.");
    }
  }

  private ContainerSpec container() {
    String name = binaryName;
    if (name == null || name.isBlank()) {
      String main = mainPackage == null ? "." : mainPackage.replaceAll("/+$", "");
      name = main.equals(".") || main.isBlank() ? goModule.toPath().toAbsolutePath().normalize().getFileName().toString()
          : main.substring(main.lastIndexOf('/') + 1);
    }
    ContainerSpec spec = ContainerSpec.forBinary(name);
    if (appPath != null && !appPath.isBlank()) {
      spec = spec.withAppPath(appPath);
    }
    if (entrypoint != null && !entrypoint.isEmpty()) {
      spec = spec.withEntrypoint(entrypoint);
    }
    if (args != null) {
      spec = spec.withArgs(args);
    }
    if (environment != null) {
      spec = spec.withEnv(environment);
    }
    spec = spec.withUser(user).withWorkingDirectory(workingDirectory);
    if (ports != null) {
      spec = spec.withPorts(ports);
    }
    if (labels != null) {
      spec = spec.withLabels(labels);
    }
    if (volumes != null) {
      spec = spec.withVolumes(volumes.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).toList());
    }
    spec = spec.withExtraDirectories(extraDirectories());
    return spec;
  }

  private List<io.cinemaabyss.cinema.image.ExtraDirectory> extraDirectories() {
    if (extraDirectories == null) {
      File jib = project == null ? null : new File(project.getBasedir(), "src/main/jib");
      return jib != null && jib.isDirectory() ? List.of(io.cinemaabyss.cinema.image.ExtraDirectory.of(jib.toPath(), "/")) : List.of();
    }
    List<io.cinemaabyss.cinema.image.ExtraDirectory> out = new ArrayList<>();
    for (ExtraDirectoryConfig c : extraDirectories) {
      if (c.from == null) {
        throw new io.cinemaabyss.cinema.CinemaException("An <extraDirectory> has no <from>: name the directory to copy into the image.");
      }
      out.add(new io.cinemaabyss.cinema.image.ExtraDirectory(c.from.toPath(), c.into, c.fileMode, c.directoryMode));
    }
    return out;
  }

  private IndexFormat parseFormat() {
    try {
      return IndexFormat.valueOf(format.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new io.cinemaabyss.cinema.CinemaException(
          "Unknown cinema.format '" + format + "': use OCI (an OCI image index) or DOCKER (a Docker manifest list).");
    }
  }

  /** Annotations GHCR and other tools read, taken from the pom unless configured. */
  private Map<String, String> projectAnnotations() {
    ImageAnnotations values = new ImageAnnotations();
    if (project != null) {
      values.put(ImageAnnotations.SOURCE, ScmSource.declaredUrl(project).or(() -> GitRevision.remoteUrl(goModule.toPath())));
      values.put(ImageAnnotations.URL, project.getUrl());
      values.put(ImageAnnotations.TITLE, project.getName() != null ? project.getName() : project.getArtifactId());
      values.put(ImageAnnotations.DESCRIPTION, project.getDescription());
      values.put(ImageAnnotations.VERSION, project.getVersion());
      List<String> licenses = new ArrayList<>();
      for (License license : project.getLicenses()) {
        if (license.getName() != null) {
          licenses.add(license.getName());
        }
      }
      values.put(ImageAnnotations.LICENSES, String.join(" OR ", licenses));
    }
    values.put(ImageAnnotations.REVISION, GitRevision.of(goModule.toPath()));
    Map<String, String> all = new LinkedHashMap<>(values.asMap());
    if (annotations != null) {
      all.putAll(annotations);
    }
    return all;
  }

  private void writeReport(BuildResult result) throws MojoExecutionException {
    // beside the layout it describes
    File report = new File(outputDirectory.getAbsoluteFile().getParentFile(), "build.json");
    try {
      Files.createDirectories(report.toPath().getParent());
      var json = result.toJson();
      json.put("image", image);
      Files.writeString(report.toPath(), Json.pretty(json));
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write the build report " + report, e);
    }
  }
}
