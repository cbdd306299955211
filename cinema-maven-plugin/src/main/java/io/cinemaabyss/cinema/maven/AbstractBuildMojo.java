package io.cinemaabyss.cinema.maven;

import io.cinemaabyss.cinema.CinemaException;
import io.cinemaabyss.cinema.api.Built;
import io.cinemaabyss.cinema.api.Cinema;
import io.cinemaabyss.cinema.api.DockerfileCross;
import io.cinemaabyss.cinema.api.Format;
import io.cinemaabyss.cinema.api.GoServiceBuild;
import io.cinemaabyss.cinema.api.Location;
import io.cinemaabyss.cinema.oci.Platform;
import io.cinemaabyss.cinema.oci.Reference;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The parameters of a build, read once, and the one call that makes the image from them: a Go
 * build, or with {@code dockerfile} a Dockerfile build, through the library's front door. The
 * goals that build (build, and the goals that write the same image elsewhere) extend it.
 */
public abstract class AbstractBuildMojo extends AbstractCinemaMojo {

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
   * Extra environment for go build, such as &amp;lt;goEnvironment&amp;gt;&amp;lt;GOFLAGS&amp;gt;-mod=vendor&amp;lt;/GOFLAGS&amp;gt;&amp;lt;/goEnvironment&amp;gt;.
   * The build already inherits the user's environment (GOFLAGS, GOPROXY, GOPRIVATE, GONOSUMDB,
   * GOCACHE...); GOOS, GOARCH, GOARM and CGO_ENABLED are set per platform. A map: no -D property.
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

  /**
   * Attach to each platform image an SPDX 2.3 and a CycloneDX 1.5 SBOM made from its binary's Go
   * build information (modules with versions and sums, Go version, build settings) and the base
   * image's digest, as OCI 1.1 referrers; {@code false} attaches none.
   */
  @Parameter(property = "cinema.sbom", defaultValue = "true")
  boolean sbom;

  /**
   * Attach to each platform image an in-toto SLSA v1 provenance statement (builder, platforms, Go
   * version, ldflags, tags, git URL and commit, dirty flag, base digests) as an OCI 1.1 referrer.
   */
  @Parameter(property = "cinema.provenance", defaultValue = "true")
  boolean provenance;

  /** Seconds one platform's go build may run before it is killed and the build fails, naming the platform. */
  @Parameter(property = "cinema.goTimeout", defaultValue = "1800")
  int goTimeout;

  /** The binary's file name; by default the main package's last element or the module directory's name. */
  @Parameter(property = "cinema.binaryName")
  String binaryName;

  /** Where the binary goes in the image; by default /usr/local/bin/BINARY-NAME (binaryName). */
  @Parameter(property = "cinema.appPath")
  String appPath;

  /** The entrypoint, comma-separated as a property; by default the binary alone. */
  @Parameter(property = "cinema.entrypoint")
  List<String> entrypoint;

  /** Default arguments to the entrypoint (the image's Cmd). */
  @Parameter(property = "cinema.args")
  List<String> args;

  /** Environment variables of the container, such as &amp;lt;environment&amp;gt;&amp;lt;LOG_LEVEL&amp;gt;info&amp;lt;/LOG_LEVEL&amp;gt;&amp;lt;/environment&amp;gt;. A map: no -D property. */
  @Parameter
  Map<String, String> environment;

  /** The user to run as; by default 65532:65532, not root. */
  @Parameter(property = "cinema.user", defaultValue = GoServiceBuild.DEFAULT_USER)
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
   * Directories whose files go into the image, in a layer of their own, as Jib's:
   * &amp;lt;extraDirectories&amp;gt;&amp;lt;extraDirectory&amp;gt;&amp;lt;from&amp;gt;src/main/jib&amp;lt;/from&amp;gt;&amp;lt;into&amp;gt;/&amp;lt;/into&amp;gt;&amp;lt;fileMode&amp;gt;644&amp;lt;/fileMode&amp;gt;
   * &amp;lt;directoryMode&amp;gt;755&amp;lt;/directoryMode&amp;gt;&amp;lt;/extraDirectory&amp;gt;&amp;lt;/extraDirectories&amp;gt;; modes are optional (644 and 755). By default {@code src/main/jib} into
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

  /** Labels of the image config, such as &amp;lt;labels&amp;gt;&amp;lt;team&amp;gt;movies&amp;lt;/team&amp;gt;&amp;lt;/labels&amp;gt;; configured ones win over the OCI labels taken from the pom. A map: no -D property. */
  @Parameter
  Map<String, String> labels;

  /**
   * Index annotations, added to those taken from the project: source (scm url), revision (git
   * commit), created, title, description, licenses, version, url, and the base image's name and
   * digest. Such as &amp;lt;annotations&amp;gt;&amp;lt;org.opencontainers.image.vendor&amp;gt;Example&amp;lt;/org.opencontainers.image.vendor&amp;gt;&amp;lt;/annotations&amp;gt;. A map: no -D property.
   */
  @Parameter
  Map<String, String> annotations;

  /** {@code OCI} (an OCI image index, the default) or {@code DOCKER} (a Docker manifest list). */
  @Parameter(property = "cinema.format", defaultValue = "OCI")
  String format;

  /**
   * The OCI image layout the image is written to (other tags in it are kept). In an execution the
   * pom names, by default target/cinema/EXECUTION-ID/oci.
   */
  @Parameter(property = "cinema.layout", defaultValue = "${project.build.directory}/cinema/oci")
  File layout;

  /**
   * The old name of {@code layout}; still works.
   *
   * @deprecated use {@code layout} ({@code cinema.layout})
   */
  @Deprecated
  @Parameter(property = "cinema.outputDirectory")
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

  /**
   * Build args of the Dockerfile build, like docker build's --build-arg, such as
   * &amp;lt;buildArgs&amp;gt;&amp;lt;GO_VERSION&amp;gt;1.22&amp;lt;/GO_VERSION&amp;gt;&amp;lt;/buildArgs&amp;gt;; TARGETARCH and the other platform args are set per platform. A map: no -D property.
   */
  @Parameter
  Map<String, String> buildArgs;

  /** The Dockerfile stage to build; by default the last. */
  @Parameter(property = "cinema.target")
  String target;

  /** The build context of the Dockerfile build (what COPY sees). */
  @Parameter(property = "cinema.context", defaultValue = "${project.basedir}")
  File context;

  /**
   * Fail the build when the Dockerfile lint finds problems; by default they are logged as warnings.
   * A {@code go-build-emulated} finding of a stage that {@code dockerfileCross} cross-compiles does not count.
   */
  @Parameter(property = "cinema.failOnLint", defaultValue = "false")
  boolean failOnLint;

  /**
   * {@code auto}: a Dockerfile stage without {@code FROM --platform=$BUILDPLATFORM} whose RUN is a
   * {@code go build} or {@code go install} is built on the build platform with the target's
   * GOOS/GOARCH/GOARM (and CGO_ENABLED=0 unless the stage sets it) instead of compiling under QEMU;
   * the daemon gets the rewritten Dockerfile, the file on disk is unchanged, and the log shows the
   * rewrite. A stage that runs what it built, uses cgo, or whose binary fails the ELF check is built
   * as written, and the log says why. {@code off}: the Dockerfile as written.
   */
  @Parameter(property = "cinema.dockerfileCross", defaultValue = "auto")
  String dockerfileCross;

  /** The Docker Engine for Dockerfile builds; by default DOCKER_HOST, else {@code unix:///var/run/docker.sock}. */
  @Parameter(property = "cinema.dockerHost")
  String dockerHost;

  /** Binaries, jib's caches and the build report. */
  @Parameter(property = "cinema.workDirectory", defaultValue = "${project.build.directory}/cinema/work")
  File workDirectory;

  /** The tag of {@code image}, which names the index in the layout: {@code latest} when it has none. */
  protected String imageTag() {
    return Reference.parse(image).tag().orElse("latest");
  }

  /** Builds the image the parameters describe and writes it to {@code sink}. */
  protected Built build(Location sink) {
    List<Platform> targets = platforms == null || platforms.isEmpty() ? Platform.DEFAULTS : Platform.parseAll(platforms);
    Format indexFormat = Format.parse(format, "cinema.format");
    Map<String, String> allAnnotations = ProjectAnnotations.of(project, goModule.toPath(), annotations);
    if (dockerfile != null) {
      // the core says when the build starts, once the daemon has answered
      return Cinema.dockerfile(dockerfile.toPath()).context(path(context)).platforms(targets).buildArgs(buildArgs).target(target)
          .dockerHost(dockerHost).failOnLint(failOnLint)
          .dockerfileCross(DockerfileCross.parse(dockerfileCross, "cinema.dockerfileCross")).annotations(allAnnotations).format(indexFormat)
          .workDirectory(path(workDirectory)).buildEnvironment(environment()).image(image).log(buildLog()).to(sink);
    }
    getLog().info("Building " + image + " for " + targets.stream().map(Platform::toString).collect(Collectors.joining(", ")));
    GoServiceBuild build = Cinema.go(goModule.toPath())
        .platforms(targets).base(from, credentials()).connection(connection()).staticBaseLayer(path(staticBaseLayer))
        .goExecutable(path(goExecutable)).mainPackage(mainPackage).ldflags(ldflags).goTags(goTags).goEnvironment(goEnvironment)
        .goArgs(goArgs).cgo(cgo).cgoCheck(cgoCheck).goTimeout(java.time.Duration.ofSeconds(goTimeout))
        .binaryName(binaryName).appPath(appPath).entrypoint(entrypoint).args(args).env(environment).user(user)
        .workingDirectory(workingDirectory).ports(ports).volumes(volumes).labels(labels)
        .annotations(allAnnotations).format(indexFormat).workDirectory(path(workDirectory)).buildEnvironment(environment())
        .outputDirectory(new File(buildDirectory(), "cinema").toPath()).sbom(sbom).provenance(provenance).image(image).log(buildLog());
    addExtraDirectories(build);
    return build.to(sink);
  }

  /** The configured extra directories, else Jib's {@code src/main/jib} into {@code /} when it exists. */
  private void addExtraDirectories(GoServiceBuild build) {
    if (extraDirectories == null) {
      File jib = project == null ? null : new File(project.getBasedir(), "src/main/jib");
      if (jib != null && jib.isDirectory()) {
        build.extraDirectory(jib.toPath(), "/", "644", "755");
      }
      return;
    }
    for (ExtraDirectoryConfig c : extraDirectories) {
      if (c.from == null) {
        throw new CinemaException("An <extraDirectory> has no <from>: name the directory to copy into the image.");
      }
      build.extraDirectory(c.from.toPath(), c.into, c.fileMode, c.directoryMode);
    }
  }

  private static Path path(File file) {
    return file == null ? null : file.toPath();
  }
}
